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

test('a passphrase that does not open the latest message is refused; the right one, or the invite link, is taken', async () => {
  const { WrongKey } = await import('../src/e2e/rooms.js');
  const { sealText } = await import('../src/e2e/crypto.js');
  const v = vectors.kdf[0];
  const rooms = new EncryptedRooms(new MemoryStorage(), new MemoryStorage());
  const kdf = { name: 'scrypt', N: v.N, r: v.r, p: v.p, salt: v.salt };
  rooms.metas.set('general', { encrypted: true, kdf });
  const context = { room: 'general', from: 'alice', id: 'm-1' };
  const sample = { ...context, e2e: sealText(fromB64url(v.key), context, 'the latest message') };
  await assert.rejects(rooms.unlock('general', 'not the passphrase', false, sample), WrongKey);
  assert.ok(!rooms.hasKey('general'));
  await rooms.unlock('general', v.passphrase, false, sample);
  assert.ok(rooms.hasKey('general'));

  const linked = new EncryptedRooms(new MemoryStorage(), new MemoryStorage());
  linked.metas.set('general', { encrypted: true, kdf });
  await linked.unlock('general', `https://chat.example/#/r/general?k=${v.key}`, false, sample);
  assert.equal(linked.inviteSuffix('general'), `?k=${v.key}`);
});

test('a link key is kept for the tab, and on the device once remembered', () => {
  const local = new MemoryStorage();
  const session = new MemoryStorage();
  const rooms = new EncryptedRooms(local, session);
  rooms.useInviteKey('keyed', vectors.seal[0].key);
  assert.ok(new EncryptedRooms(new MemoryStorage(), session).hasKey('keyed'), 'a reload in the same tab');
  assert.ok(!new EncryptedRooms(local, new MemoryStorage()).hasKey('keyed'), 'not on the device yet');
  rooms.rememberKey('keyed');
  const later = new EncryptedRooms(local, new MemoryStorage());
  assert.ok(later.hasKey('keyed'));
  assert.equal(later.inviteSuffix('keyed'), `?k=${vectors.seal[0].key}`);
});
