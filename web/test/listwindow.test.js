import test from 'node:test';
import assert from 'node:assert/strict';
import { RoomLog } from '../src/roomlog.js';
import { CHUNK_ROWS, MAX_ROWS, TAIL_ROWS, grow, newLineIndex, tailWindow, trim, windowAround } from '../src/listwindow.js';

const msg = (seq, from = 'bob') => ({ v: 1, id: `m${seq}`, seq, from, ts: seq, type: 'text', text: `t${seq}` });
const logOf = (seqs) => {
  const log = new RoomLog('general');
  for (const seq of seqs) log.add(msg(seq));
  return log;
};
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

test('a room opens with its newest rows; the window follows new ones up to the most rows kept', () => {
  const log = logOf(range(1, 1000));
  assert.deepEqual(tailWindow(log), { start: 1000 - TAIL_ROWS, end: 1000 });
  for (let seq = 1001; seq <= 1040; seq++) log.add(msg(seq));
  assert.deepEqual(tailWindow(log, 1000 - TAIL_ROWS), { start: 1000 - TAIL_ROWS, end: 1040 });
  for (let seq = 1041; seq <= 1200; seq++) log.add(msg(seq));
  assert.deepEqual(tailWindow(log, 1000 - TAIL_ROWS), { start: 1200 - MAX_ROWS, end: 1200 });
});

test('growing at one end trims the other, away from the row the reader looks at', () => {
  const log = logOf(range(1, 1000));
  const at = { start: 900, end: 900 + MAX_ROWS - 10 };
  assert.deepEqual(grow(log, at, { up: true }, 905), { start: 900 - CHUNK_ROWS, end: 900 - CHUNK_ROWS + MAX_ROWS });
  assert.deepEqual(grow(log, { start: 0, end: 100 }, { up: true }, 5), { start: 0, end: 100 }, 'nothing above the first');
  assert.deepEqual(trim({ start: 0, end: 1000 }, 999), { start: 1000 - MAX_ROWS, end: 1000 });
  assert.deepEqual(trim({ start: 0, end: 1000 }, 0), { start: 0, end: MAX_ROWS });
  assert.deepEqual(trim({ start: 0, end: 1000 }, 500), { start: 500 - MAX_ROWS / 2, end: 500 + MAX_ROWS / 2 });
});

test('a window never crosses a gap in the log', () => {
  const log = logOf([...range(10, 60), ...range(951, 1000)]);
  log.openGap(60, 951);
  assert.deepEqual(windowAround(log, 5), { start: 0, end: 5 + CHUNK_ROWS + 1 });
  assert.deepEqual(windowAround(log, 40), { start: 0, end: 51 });
  assert.deepEqual(grow(log, { start: 0, end: 51 }, { down: true }, 40), { start: 0, end: 51 });
  assert.deepEqual(tailWindow(log), { start: 51, end: 101 });
});

test('the new-messages line goes above the first message from someone else after what was read', () => {
  const log = logOf(range(1, 10));
  log.add(msg(11, 'me'));
  log.add(msg(12));
  assert.equal(newLineIndex(log, 5, 'me'), 5);
  assert.equal(newLineIndex(log, 10, 'me'), 11, 'my own message is not new to me');
  assert.equal(newLineIndex(log, 12, 'me'), -1);
  assert.equal(newLineIndex(log, null, 'me'), -1);
});
