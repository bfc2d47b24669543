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

test('a room without a check value: a passphrase that opens none of its latest messages is refused', async () => {
  const { WrongKey } = await import('../src/e2e/rooms.js');
  const { sealText } = await import('../src/e2e/crypto.js');
  const v = vectors.kdf[0];
  const rooms = new EncryptedRooms(new MemoryStorage(), new MemoryStorage());
  const kdf = { name: 'scrypt', N: v.N, r: v.r, p: v.p, salt: v.salt };
  rooms.metas.set('general', { encrypted: true, kdf });
  const context = { room: 'general', from: 'alice', id: 'm-1' };
  const samples = async () => [{ ...context, e2e: sealText(fromB64url(v.key), context, 'the latest message') }];
  await assert.rejects(rooms.unlock('general', 'not the passphrase', false, samples), /Wrong passphrase/);
  await assert.rejects(rooms.unlock('general', 'not the passphrase', false, samples), WrongKey);
  assert.ok(!rooms.hasKey('general'));
  await rooms.unlock('general', v.passphrase, false, samples);
  assert.ok(rooms.hasKey('general'));

  const linked = new EncryptedRooms(new MemoryStorage(), new MemoryStorage());
  linked.metas.set('general', { encrypted: true, kdf });
  await linked.unlock('general', `https://chat.example/#/r/general?k=${v.key}`, false, samples);
  assert.equal(linked.inviteSuffix('general'), `?k=${v.key}`);
});

test('a room with a check value refuses a wrong passphrase with no message to try, and never asks for one', async () => {
  const { keyCheck } = await import('../src/e2e/crypto.js');
  const v = vectors.kdf[0];
  const rooms = new EncryptedRooms(new MemoryStorage(), new MemoryStorage());
  const kdf = { name: 'scrypt', N: v.N, r: v.r, p: v.p, salt: v.salt };
  rooms.metas.set('empty', { encrypted: true, kdf, check: keyCheck(fromB64url(v.key), 'empty') });
  let asked = 0;
  const none = async () => { asked++; return []; };
  await assert.rejects(rooms.unlock('empty', 'not the passphrase', false, none), /Wrong passphrase/);
  assert.ok(!rooms.hasKey('empty'));
  await assert.rejects(rooms.unlock('empty', `#/r/empty?k=${vectors.seal[0].key.replace(/^./, 'A')}`, false, none), /Wrong key/);
  await rooms.unlock('empty', v.passphrase, false, none);
  assert.ok(rooms.hasKey('empty'));
  assert.equal(asked, 3, 'only wrong keys are tried on messages (the link twice: as a key, then as a passphrase)');
});

test('a key that opens the room\'s messages is taken although a wrong check value was written', async () => {
  const { keyCheck, sealText } = await import('../src/e2e/crypto.js');
  const v = vectors.kdf[0];
  const rooms = new EncryptedRooms(new MemoryStorage(), new MemoryStorage());
  const kdf = { name: 'scrypt', N: v.N, r: v.r, p: v.p, salt: v.salt };
  const planted = keyCheck(fromB64url(vectors.kdf[1].key), 'planted'); // someone else's key
  rooms.metas.set('planted', { encrypted: true, kdf, check: planted });
  const context = { room: 'planted', from: 'alice', id: 'm-1' };
  const samples = async () => [{ ...context, e2e: sealText(fromB64url(v.key), context, 'the members talk') }];
  await rooms.unlock('planted', v.passphrase, false, samples);
  assert.ok(rooms.hasKey('planted'));
  assert.equal(rooms.metas.get('planted').check, planted, 'a check value is never replaced');
  const guesser = new EncryptedRooms(new MemoryStorage(), new MemoryStorage());
  guesser.metas.set('planted', { encrypted: true, kdf, check: planted });
  await assert.rejects(guesser.unlock('planted', 'a guess', false, samples), /Wrong passphrase/);
});

test('a key held from before that does not match the check value is dropped before it can seal', async () => {
  const { keyCheck } = await import('../src/e2e/crypto.js');
  const local = new MemoryStorage();
  const rooms = new EncryptedRooms(local, new MemoryStorage());
  rooms.useInviteKey('linked', vectors.seal[0].key, { remember: true });
  rooms.metas.set('linked', { encrypted: true, check: keyCheck(fromB64url(vectors.kdf[1].key), 'linked') });
  assert.equal(rooms.checkHeldKey('linked'), false);
  assert.ok(!rooms.hasKey('linked'));
  assert.ok(!new EncryptedRooms(local, new MemoryStorage()).hasKey('linked'), 'forgotten on the device too');
  rooms.useInviteKey('linked', vectors.kdf[1].key);
  assert.equal(rooms.checkHeldKey('linked'), true);
});

test('a new room carries its check value; an old room gets one from the first key that opens a message', async () => {
  const api = await import('../src/api.js');
  const { keyCheck, sealText } = await import('../src/e2e/crypto.js');
  const sent = [];
  globalThis.fetch = async (url, init) => {
    const body = JSON.parse(init.body);
    sent.push({ url, method: init.method, body });
    const answer = init.method === 'POST' ? { room: 'fresh', encrypted: true, kdf: body.kdf, check: body.check }
      : { room: 'old', encrypted: true, check: body.check };
    return new Response(JSON.stringify(answer), { status: init.method === 'POST' ? 201 : 200, headers: { 'content-type': 'application/json' } });
  };
  try {
    const rooms = new EncryptedRooms(new MemoryStorage(), new MemoryStorage());
    await rooms.create('fresh');
    assert.equal(sent[0].body.check, keyCheck(fromB64url(rooms.inviteSuffix('fresh').slice(3)), 'fresh'));

    const v = vectors.kdf[0];
    rooms.metas.set('old', { encrypted: true, kdf: { name: 'scrypt', N: v.N, r: v.r, p: v.p, salt: v.salt } });
    const context = { room: 'old', from: 'alice', id: 'm-1' };
    const samples = async () => [{ ...context, e2e: sealText(fromB64url(v.key), context, 'an old message') }];
    await rooms.unlock('old', v.passphrase, false, samples);
    assert.equal(sent[1].method, 'PUT');
    assert.match(sent[1].url, /\/api\/rooms\/old\/meta\/check$/);
    assert.equal(sent[1].body.check, keyCheck(fromB64url(v.key), 'old'));
    assert.equal(rooms.metas.get('old').check, sent[1].body.check);
  } finally {
    delete globalThis.fetch;
  }
});

test('a sealed edit opens like the message it changes; a deleted sealed message shows as deleted', async () => {
  const { foldDelete, foldEdit } = await import('../src/events.js');
  const { sealText } = await import('../src/e2e/crypto.js');
  const key = fromB64url(vectors.seal[0].key);
  const rooms = new EncryptedRooms(new MemoryStorage());
  rooms.setKey('general', key);
  const context = { room: 'general', from: 'alice', id: 'm-9' };
  const msg = { type: 'e2e', ...context, e2e: sealText(key, context, 'first words') };
  rooms.revealAll('general', [msg]);
  assert.equal(msg.text, 'first words');
  const edit = { type: 'edit', target: 'm-9', from: 'alice', ts: 7, e2e: sealText(key, context, 'better words') };
  assert.equal(foldEdit({ ...msg, type: 'text' }, edit), null, 'a sealed edit changes only a sealed message');
  Object.assign(msg, foldEdit(msg, edit));
  assert.equal(msg.text, undefined);
  rooms.revealAll('general', [msg]);
  assert.equal(msg.e2eState, 'ok');
  assert.equal(msg.text, 'better words');
  assert.equal(msg.edited, 7);

  const sealedWithItsOwnId = { type: 'edit', target: 'm-9', from: 'alice', e2e: sealText(key, { ...context, id: 'e-1' }, 'x') };
  Object.assign(msg, foldEdit(msg, sealedWithItsOwnId));
  rooms.revealAll('general', [msg]);
  assert.equal(msg.e2eState, 'failed', "an edit sealed with its own id, not its target's, does not open");

  Object.assign(msg, foldDelete(msg));
  const tombstone = { type: 'e2e', ...context, id: 'm-10', deleted: true };
  rooms.revealAll('general', [msg, tombstone]);
  assert.equal(tombstone.e2eState, 'ok');
  assert.equal(tombstone.text, undefined);
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
