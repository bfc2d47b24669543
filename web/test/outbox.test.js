import test from 'node:test';
import assert from 'node:assert/strict';
import 'fake-indexeddb/auto';
import { openUserDb } from '../src/offline/db.js';
import { Outbox } from '../src/offline/outbox.js';

class PublishRefused extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'PublishRefused';
    this.code = code;
  }
}

/** A connection that is down, or up and acknowledging (or refusing) what it is given. */
function broker() {
  const b = { up: false, refuse: null, published: [] };
  b.publish = async (room, envelope) => {
    if (!b.up) throw Object.assign(new Error('not connected'), { name: 'NotSent' });
    if (b.refuse) throw new PublishRefused(b.refuse, 'quota exceeded');
    b.published.push(`${room}:${envelope.id}`);
  };
  return b;
}

const settle = () => new Promise((r) => setTimeout(r, 20));
let users = 0;
const freshUser = () => `u${++users}`;
const envelope = (id, sentAt) => ({ v: 1, id, type: 'text', text: id, sentAt });

test('what is written offline survives a reload and is sent once each, in the order written, when connected', async () => {
  const user = freshUser();
  const b = broker();
  const first = new Outbox(openUserDb(user), { publish: b.publish, settled: () => {} });
  first.add('ops', envelope('m1', 1000));
  first.add('ops', envelope('m2', 1000)); // the same millisecond: still in the order written
  first.add('dm:a:b', envelope('m3', 2000));
  await settle();
  assert.deepEqual(b.published, []);

  const sent = [];
  const reloaded = new Outbox(openUserDb(user), { publish: b.publish, settled: (e, o) => sent.push([e.id, o]) });
  assert.deepEqual((await reloaded.load()).map((e) => e.id), ['m1', 'm2', 'm3']);
  b.up = true;
  reloaded.flush();
  await settle();
  assert.deepEqual(b.published, ['ops:m1', 'ops:m2', 'dm:a:b:m3']);
  assert.deepEqual(sent.map(([id]) => id), ['m1', 'm2', 'm3']);
  assert.ok(sent.every(([, o]) => o.sent));

  const afterwards = new Outbox(openUserDb(user), { publish: b.publish, settled: () => {} });
  assert.deepEqual(await afterwards.load(), [], 'acknowledged messages are gone from the store');
});

test('an entry whose acknowledgement was lost is published again after the next connect (the server keeps it once)', async () => {
  const b = broker();
  const box = new Outbox(openUserDb(freshUser()), { publish: b.publish, settled: () => {} });
  box.add('ops', envelope('m1', 1));
  await settle();
  b.up = true;
  box.flush();
  box.flush(); // a second connect before the first acknowledgement: the same id again
  await settle();
  assert.deepEqual(b.published, ['ops:m1', 'ops:m1']);
  assert.equal(box.entries.size, 0);
});

test('a refusal is kept as failed with its reason; it waits for retry or discard, and survives a reload', async () => {
  const user = freshUser();
  const b = broker();
  b.up = true;
  b.refuse = 0x97;
  const outcomes = [];
  const box = new Outbox(openUserDb(user), { publish: b.publish, settled: (e, o) => outcomes.push(o) });
  box.add('ops', envelope('m1', 1));
  box.add('ops', envelope('m2', 2));
  await settle();
  assert.deepEqual(outcomes, [{ failed: 'quota exceeded (0x97)' }, { failed: 'quota exceeded (0x97)' }]);

  const reloaded = new Outbox(openUserDb(user), { publish: b.publish, settled: () => {} });
  assert.deepEqual((await reloaded.load()).map((e) => [e.id, e.failed]),
    [['m1', 'quota exceeded (0x97)'], ['m2', 'quota exceeded (0x97)']]);
  b.refuse = null;
  reloaded.flush();
  await settle();
  assert.deepEqual(b.published, [], 'failed entries are not sent by themselves');
  reloaded.retry('m1');
  reloaded.discard('m2');
  await settle();
  assert.deepEqual(b.published, ['ops:m1']);
  assert.deepEqual(await new Outbox(openUserDb(user), { publish: b.publish, settled: () => {} }).load(), []);
});

test('bad records in the store and a publish that throws never crash the outbox', async () => {
  const user = freshUser();
  const db = await openUserDb(user);
  await db.put('outbox', { id: 'junk' });
  await db.put('outbox', { id: 'half', room: 'ops', envelope: null, order: 1 });
  await db.put('outbox', { id: 'ok', room: 'ops', envelope: envelope('ok', 5), order: 5 });
  const box = new Outbox(Promise.resolve(db), { publish: () => { throw new TypeError('boom'); }, settled: () => {} });
  assert.deepEqual((await box.load()).map((e) => e.id), ['ok']);
  box.flush();
  await settle();
  assert.equal(box.entries.size, 1, 'still kept: sent again on the next connect');
});

test('without IndexedDB the outbox still sends from memory', async () => {
  const b = broker();
  b.up = true;
  const box = new Outbox(null, { publish: b.publish, settled: () => {} });
  assert.deepEqual(await box.load(), []);
  box.add('ops', envelope('m1', 1));
  await settle();
  assert.deepEqual(b.published, ['ops:m1']);
});
