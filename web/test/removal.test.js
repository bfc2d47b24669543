import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bannedUntil, removalOf } from '../src/removal.js';

test('a kick is DISCONNECT 0x98 without a ban', () => {
  assert.deepEqual(removalOf({ cmd: 'disconnect', reasonCode: 0x98,
    properties: { reasonString: 'disconnected by an administrator' } }), { kind: 'kicked' });
});

test('a ban is read from the reason string of a DISCONNECT or a CONNACK', () => {
  const until = new Date('2026-12-02T10:42:00Z');
  assert.deepEqual(removalOf({ cmd: 'disconnect', reasonCode: 0x98,
    properties: { reasonString: 'banned by an administrator until 2026-12-02T10:42:00Z' } }),
  { kind: 'banned', until });
  assert.deepEqual(removalOf({ cmd: 'connack', reasonCode: 0x8a,
    properties: { reasonString: 'banned by an administrator until 2026-12-02T10:42:00Z' } }),
  { kind: 'banned', until });
});

test('the banned-until user property counts too, and a ban without an end is still a ban', () => {
  assert.deepEqual(bannedUntil(undefined, { 'banned-until': '2026-12-02T10:42:00Z' }), new Date('2026-12-02T10:42:00Z'));
  assert.deepEqual(removalOf({ cmd: 'connack', reasonCode: 0x8a, properties: {} }), { kind: 'banned', until: null });
  assert.equal(bannedUntil('banned by an administrator until soon'), null);
});

test('other packets and reason codes are no removal', () => {
  assert.equal(removalOf({ cmd: 'disconnect', reasonCode: 0x8e }), null);
  assert.equal(removalOf({ cmd: 'connack', reasonCode: 0 }), null);
  assert.equal(removalOf({ cmd: 'publish', reasonCode: 0x98 }), null);
  assert.equal(removalOf(null), null);
});
