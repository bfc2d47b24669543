// How the web client shows e2e messages: locked without a key, "can't decrypt" with a wrong one, text with the right one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromB64url } from '../src/e2e/crypto.js';
import { EncryptedRooms } from '../src/e2e/rooms.js';

const vectors = JSON.parse(readFileSync(new URL('../../src/test/resources/e2e-vectors.json', import.meta.url), 'utf8'));

class MemoryStorage {
  constructor() { this.data = new Map(); }
  getItem(k) { return this.data.get(k) ?? null; }
  setItem(k, v) { this.data.set(k, String(v)); }
}

const received = () => vectors.seal.filter((v) => v.room === 'general')
  .map((v) => ({ type: 'e2e', room: v.room, from: v.from, id: v.id, e2e: v.e2e }));

test('locked without a key, failed with a wrong one, opened once the right key is set', () => {
  const rooms = new EncryptedRooms(new MemoryStorage());
  const items = received();
  rooms.revealAll('general', items);
  assert.equal(items[0].e2eState, 'locked');
  rooms.setKey('general', fromB64url(vectors.reject.find((r) => r.name === 'wrong passphrase').key));
  rooms.revealAll('general', items);
  assert.equal(items[0].e2eState, 'failed');
  assert.equal(items[0].text, undefined);
  rooms.setKey('general', fromB64url(vectors.seal[0].key));
  rooms.revealAll('general', items);
  assert.equal(items[0].e2eState, 'ok');
  assert.equal(items[0].text, 'hello, encrypted world');
});

test('a message moved to another room or sender does not open', () => {
  const rooms = new EncryptedRooms(new MemoryStorage());
  rooms.setKey('random', fromB64url(vectors.seal[0].key));
  const moved = received().map((m) => ({ ...m, room: 'random' }));
  rooms.revealAll('random', moved);
  assert.equal(moved[0].e2eState, 'failed');
  rooms.setKey('general', fromB64url(vectors.seal[0].key));
  const other = received().map((m) => ({ ...m, from: 'mallory' }));
  rooms.revealAll('general', other);
  assert.equal(other[0].e2eState, 'failed');
});

test('a reused nonce is flagged; a remembered key survives a reload; invite keys go in the link', () => {
  const storage = new MemoryStorage();
  const rooms = new EncryptedRooms(storage);
  rooms.setKey('general', fromB64url(vectors.nonceReuseKey), { remember: true });
  const items = vectors.nonceReuse.filter((v, i) => i !== 1)
    .map((v) => ({ type: 'e2e', room: v.room, from: v.from, id: v.id, e2e: v.e2e }));
  rooms.revealAll('general', items);
  assert.deepEqual(items.map((m) => m.e2eState), ['ok', 'failed']);

  assert.ok(new EncryptedRooms(storage).hasKey('general'));
  assert.ok(!new EncryptedRooms(new MemoryStorage()).hasKey('general'));
  assert.equal(rooms.inviteSuffix('general'), '');
  assert.ok(rooms.useInviteKey('keyed', vectors.seal[0].key));
  assert.equal(rooms.inviteSuffix('keyed'), `?k=${vectors.seal[0].key}`);
  assert.equal(rooms.useInviteKey('bad', 'AAAA'), false);
});
