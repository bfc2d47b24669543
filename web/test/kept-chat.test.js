import test from 'node:test';
import assert from 'node:assert/strict';
import 'fake-indexeddb/auto';
import { KeptChat } from '../src/offline/kept-chat.js';
import { RoomLog } from '../src/roomlog.js';

const settle = () => new Promise((r) => setTimeout(r, 30));
const msg = (seq) => ({ v: 1, id: `m${seq}`, seq, from: 'bob', ts: seq, type: 'text', text: `t${seq}` });

/** A page's side of KeptChat: one RoomLog per room, and a connection that is down or refuses. */
function page(user, publish) {
  const logs = new Map();
  const logOf = (room) => logs.get(room) ?? logs.set(room, new RoomLog(room)).get(room);
  const kept = new KeptChat({ user, clientId: `${user}-web-1` }, {
    publish,
    logOf,
    receive: (room, envelopes) => logOf(room).addAll(envelopes),
    addRoom: () => {},
    changed: () => {},
    toast: () => {},
  });
  return { kept, logOf };
}

const down = async () => { throw Object.assign(new Error('not connected'), { name: 'NotSent' }); };
const refuses = async () => { throw Object.assign(new Error('text too long'), { name: 'PublishRefused', code: 0x97 }); };

test('a reload shows the kept messages, then what was written and not acknowledged, as pending', async () => {
  const first = page('kc1', down);
  await first.kept.cache.keep('ops', [msg(1), msg(2)]);
  first.kept.send('ops', { v: 1, id: 'w1', type: 'text', text: 'written offline', sentAt: 5000 });
  await settle();

  const reloaded = page('kc1', down);
  await reloaded.kept.restore(['ops']);
  const items = reloaded.logOf('ops').items;
  assert.deepEqual(items.map((m) => m.id), ['m1', 'm2', 'w1']);
  assert.deepEqual([items[2].pending, items[2].from, items[2].ts], [true, 'kc1', 5000]);
});

test('a refusal marks the row failed with its reason; retry makes it pending again; discard removes it', async () => {
  const { kept, logOf } = page('kc2', refuses);
  logOf('ops').add({ id: 'w1', text: 'x', pending: true });
  kept.send('ops', { v: 1, id: 'w1', type: 'text', text: 'x', sentAt: 1 });
  await settle();
  assert.equal(logOf('ops').byId.get('w1').failed, 'text too long (0x97)');
  kept.retry('ops', 'w1');
  assert.equal(logOf('ops').byId.get('w1').pending, true);
  await settle();
  kept.discard('ops', 'w1');
  assert.equal(logOf('ops').byId.get('w1'), undefined);
  assert.equal(kept.outbox.entries.size, 0);
});

test('a restore that fails inside still lets the page connect', async () => {
  const { kept } = page('kc3', down);
  await kept.cache.keep('ops', [msg(1)]);
  kept.receive = () => { throw new Error('broken'); };
  await kept.restore(['ops']); // resolves: the page goes on to connect
});
