import test from 'node:test';
import assert from 'node:assert/strict';
import 'fake-indexeddb/auto';
import { openUserDb } from '../src/offline/db.js';
import { MessageCache } from '../src/offline/message-cache.js';

let users = 0;
const fresh = (options) => new MessageCache(openUserDb(`cache${++users}`), options);
const msg = (seq, text = `t${seq}`, extra = {}) => ({ v: 1, id: `m${seq}`, seq, from: 'alice', ts: seq * 1000, type: 'text', text, ...extra });

test('each room keeps only its newest messages by seq, oldest first', async () => {
  const cache = fresh({ limit: 5 });
  await cache.keep('ops', [msg(3), msg(1), msg(2)]);
  await cache.keep('ops', [4, 5, 6, 7].map((s) => msg(s)));
  await cache.keep('dev', [msg(1)]);
  assert.deepEqual((await cache.load('ops')).map((m) => m.seq), [3, 4, 5, 6, 7]);
  assert.deepEqual((await cache.load('dev')).map((m) => m.seq), [1]);
  assert.equal((await cache.load('ops'))[0].room, 'ops');
});

test('a message kept again (an edit in a history page) replaces its copy', async () => {
  const cache = fresh();
  await cache.keep('ops', [msg(1, 'first')]);
  await cache.keep('ops', [msg(1, 'first', { edited: 5 })]);
  assert.deepEqual(await cache.load('ops'), [{ ...msg(1, 'first', { edited: 5 }), room: 'ops' }]);
});

test('an administrator clearing the history or removing a message drops them here too', async () => {
  const cache = fresh();
  await cache.keep('ops', [1, 2, 3, 4].map((s) => msg(s)));
  await cache.keep('ops', [{ v: 1, id: 's5', seq: 5, type: 'system', deletes: 4 }]);
  await cache.keep('ops', [{ v: 1, id: 's6', seq: 6, type: 'system', cleared: 2 }]);
  assert.deepEqual((await cache.load('ops')).map((m) => m.seq), [3, 5, 6]);
});

test('pending messages and junk are not kept, and nothing throws', async () => {
  const cache = fresh();
  await cache.keep('ops', [null, 'text', 42, { id: 'pending', text: 'no seq yet' }, { seq: 1.5 }, { seq: -1 }, msg(1)]);
  assert.deepEqual((await cache.load('ops')).map((m) => m.seq), [1]);
  const none = new MessageCache(null);
  await none.keep('ops', [msg(1)]);
  assert.deepEqual(await none.load('ops'), []);
  const broken = new MessageCache(Promise.reject(new Error('no IndexedDB')));
  assert.deepEqual(await broken.load('ops'), []);
  assert.deepEqual(await broken.search('x', ['ops']), []);
});

test('search covers the kept messages of the rooms asked for; forget drops a room', async () => {
  const cache = fresh();
  await cache.keep('ops', [msg(1, 'Deploy at noon'), msg(2, 'lunch?')]);
  await cache.keep('dev', [msg(1, 'deploy failed')]);
  await cache.keep('secret', [msg(1, 'deploy the secret')]);
  const results = await cache.search('deploy', ['ops', 'dev']);
  assert.deepEqual(results.map((r) => `${r.room}:${r.seq}`).sort(), ['dev:1', 'ops:1']);
  await cache.forget('ops');
  assert.deepEqual(await cache.load('ops'), []);
});
