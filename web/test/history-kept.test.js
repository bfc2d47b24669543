import test from 'node:test';
import assert from 'node:assert/strict';
import { HistorySync } from '../src/history.js';
import { RoomLog } from '../src/roomlog.js';

const msg = (seq) => ({ v: 1, id: `m${seq}`, seq, from: 'alice', ts: seq, type: 'text', text: `t${seq}` });
const range = (lo, hi) => Array.from({ length: hi - lo + 1 }, (_, i) => msg(lo + i));

/** The server's answers: the room is listed, and its latest page is `page`. */
function serve(page) {
  globalThis.fetch = async (url) => {
    const body = String(url).startsWith('/api/rooms?') ? { rooms: [{ room: 'ops', lastSeq: 500 }] } : page;
    return { ok: true, status: 200, json: async () => body };
  };
}

function sync(log) {
  return new HistorySync({
    logOf: () => log,
    receive: (room, messages) => log.addAll(messages),
    changed: () => {},
    error: (text) => assert.fail(text),
  });
}

test('kept messages far below the latest page leave a gap between them, filled later by seq', async () => {
  const log = new RoomLog('ops');
  log.addAll(range(1, 200)); // kept on this device, shown while offline
  serve({ room: 'ops', messages: range(451, 500), hasMore: true });
  await sync(log).ensureLoaded('ops');
  assert.deepEqual(log.gaps, [{ after: 200, before: 451 }]);
  assert.equal(log.syncedSeq, 500);
  assert.equal(log.items.length, 250);
});

test('kept messages that reach the latest page join it without a gap', async () => {
  const log = new RoomLog('ops');
  log.addAll(range(400, 460));
  serve({ room: 'ops', messages: range(451, 500), hasMore: true });
  await sync(log).ensureLoaded('ops');
  assert.deepEqual(log.gaps, []);
  assert.deepEqual(log.items.map((m) => m.seq), range(400, 500).map((m) => m.seq));
});
