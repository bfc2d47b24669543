import test from 'node:test';
import assert from 'node:assert/strict';
import { RoomLog } from '../src/roomlog.js';

const msg = (seq, id = `m${seq}`) => ({ v: 1, id, seq, from: 'alice', ts: seq, type: 'text', text: `t${seq}` });

test('messages are ordered by seq and deduplicated by seq and by id', () => {
  const log = new RoomLog('general');
  assert.equal(log.add(msg(2)), 'added');
  assert.equal(log.add(msg(1)), 'added');
  assert.equal(log.add(msg(2)), 'duplicate');
  assert.equal(log.add({ ...msg(3), id: 'm1' }), 'duplicate');
  assert.deepEqual(log.items.map((m) => m.seq), [1, 2]);
});

test('a pending message is replaced by its stamped echo', () => {
  const log = new RoomLog('general');
  log.add(msg(1));
  log.add({ id: 'mine', text: 'hi', pending: true });
  assert.equal(log.add({ ...msg(2), id: 'mine' }), 'updated');
  assert.equal(log.items.length, 2);
  assert.equal(log.items[1].pending, false);
  assert.equal(log.items[1].seq, 2);
});

test('messages without seq follow in arrival order and gain a seq later', () => {
  const log = new RoomLog('general');
  log.add({ id: 'a', text: 'a' });
  log.add({ id: 'b', text: 'b' });
  assert.equal(log.add({ id: 'a', seq: 7, text: 'a' }), 'updated');
  assert.deepEqual(log.items.map((m) => m.id), ['a', 'b']);
});

test('advance reports a gap until the missing seqs are held', () => {
  const log = new RoomLog('general');
  log.syncedSeq = 0;
  log.add(msg(1));
  assert.equal(log.advance(), false);
  assert.equal(log.syncedSeq, 1);
  log.add(msg(3));
  assert.equal(log.advance(), true, '2 is missing');
  log.add(msg(2));
  assert.equal(log.advance(), false);
  assert.equal(log.syncedSeq, 3);
});

test('a system message with deletes removes that message for good', () => {
  const log = new RoomLog('general');
  log.syncedSeq = 0;
  for (const seq of [1, 2, 3]) log.add(msg(seq));
  assert.equal(log.add({ v: 1, id: 'sys', seq: 4, type: 'system', text: 'removed', deletes: 2 }), 'added');
  assert.deepEqual(log.items.map((m) => m.seq), [1, 3, 4]);
  assert.equal(log.add(msg(2)), 'duplicate'); // a stale copy from an older page stays out
  assert.equal(log.advance(), false); // the removed seq is no gap to catch up on
  assert.equal(log.syncedSeq, 4);
});

test('a deletion that arrives before the message keeps it out', () => {
  const log = new RoomLog('general');
  log.add({ v: 1, id: 'sys', seq: 9, type: 'system', text: 'removed', deletes: 7 });
  assert.equal(log.add(msg(7)), 'duplicate');
  assert.deepEqual(log.items.map((m) => m.seq), [9]);
});

test('messages inserted in any order end up sorted, without sorting the whole log per message', () => {
  const log = new RoomLog('general');
  const seqs = [5, 3, 9, 1, 7, 2, 8, 4, 6, 10];
  for (const seq of seqs) log.add(msg(seq));
  assert.deepEqual(log.items.map((m) => m.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(log.lastSeq, 10);
  assert.equal(log.oldestSeq, 1);
});

test('a pending message stays last until stamped, then moves to its seq', () => {
  const log = new RoomLog('general');
  log.add({ id: 'mine', text: 'hi', pending: true });
  log.add(msg(1));
  log.add(msg(3));
  assert.deepEqual(log.items.map((m) => m.id), ['m1', 'm3', 'mine']);
  log.add({ ...msg(2), id: 'mine' });
  assert.deepEqual(log.items.map((m) => m.id), ['m1', 'mine', 'm3']);
});

test('every change bumps the item rev and the log version', () => {
  const log = new RoomLog('general');
  log.add({ id: 'mine', text: 'hi', pending: true });
  const item = log.items[0];
  const { version } = log;
  log.add({ ...msg(1), id: 'mine' });
  assert.equal(item.rev, 1);
  assert.ok(log.version > version);
});

test('events fold into their target, held by seq but never shown', () => {
  const folds = { reaction: (t, e) => ({ reactions: { ...(t.reactions ?? {}), [e.emoji]: [e.from] } }) };
  const log = new RoomLog('general', { foldOf: (m) => folds[m.type] ?? null });
  log.syncedSeq = 0;
  log.add(msg(1));
  assert.equal(log.add({ v: 1, id: 'r1', seq: 2, from: 'bob', type: 'reaction', target: 'm1', emoji: '👍', op: 'add' }), 'event');
  assert.deepEqual(log.items.map((m) => m.seq), [1]);
  assert.deepEqual(log.items[0].reactions, { '👍': ['bob'] });
  assert.equal(log.advance(), false);
  assert.equal(log.syncedSeq, 2);
  assert.equal(log.add({ v: 1, id: 'r1', seq: 2, type: 'reaction', target: 'm1' }), 'duplicate');
});

test('an event that comes before its target is applied when the target arrives', () => {
  const log = new RoomLog('general', { foldOf: (m) => (m.type === 'edit' ? (t, e) => ({ text: e.text }) : null) });
  log.add({ v: 1, id: 'e1', seq: 9, from: 'alice', type: 'edit', target: 'm3', text: 'fixed' });
  log.add(msg(3));
  assert.equal(log.items[0].text, 'fixed');
});

test('forgetBefore drops everything an administrator deleted, for good', () => {
  const log = new RoomLog('general');
  log.syncedSeq = 0;
  for (const seq of [1, 2, 3]) log.add(msg(seq));
  assert.equal(log.forgetBefore(4), 3);
  assert.deepEqual(log.items, []);
  assert.equal(log.add(msg(2)), 'duplicate');
  assert.equal(log.add(msg(4)), 'added');
});

test('replies are counted as they come and go, and their target is redrawn', () => {
  const log = new RoomLog('general');
  log.add(msg(1));
  const target = log.items[0];
  log.add({ ...msg(2), replyTo: 'm1' });
  log.add({ ...msg(3), replyTo: 'm1' });
  assert.equal(log.replyCount('m1'), 2);
  assert.equal(target.rev, 2, 'each reply redraws the message it answers');
  assert.deepEqual(log.repliesTo('m1').map((m) => m.seq), [2, 3]);
  log.forget(2);
  log.remove('m3');
  assert.equal(log.replyCount('m1'), 0);
});

test('a page around a seq leaves a gap that pages from either side close', () => {
  const log = new RoomLog('general');
  for (let seq = 951; seq <= 1000; seq++) log.add(msg(seq));
  for (let seq = 10; seq <= 60; seq++) log.add(msg(seq));
  log.openGap(60, 951);
  assert.equal(log.gapAt(500), log.gaps[0]);
  assert.deepEqual(log.segment(0), { start: 0, end: 51, above: null, below: log.gaps[0] });
  assert.deepEqual(log.segment(51), { start: 51, end: 101, above: log.gaps[0], below: null });
  log.cover(61, 110); // the next page after 60
  assert.deepEqual(log.gaps.map((g) => [g.after, g.before]), [[110, 951]]);
  log.cover(900, 950); // a page before 951
  assert.deepEqual(log.gaps.map((g) => [g.after, g.before]), [[110, 900]]);
  log.cover(300, 400); // a page around 350 splits it
  assert.deepEqual(log.gaps.map((g) => [g.after, g.before]), [[110, 300], [400, 900]]);
  log.cover(111, Infinity);
  assert.deepEqual(log.gaps, []);
  assert.deepEqual(log.segment(40), { start: 0, end: 101, above: null, below: null });
});

test('a gap with nothing missing is no gap', () => {
  const log = new RoomLog('general');
  log.openGap(5, 6);
  assert.deepEqual(log.gaps, []);
});

test('position finds where a removed item was, for a window that started at it', () => {
  const log = new RoomLog('general');
  for (const seq of [1, 2, 3, 4]) log.add(msg(seq));
  const third = log.items[2];
  log.forget(3);
  assert.equal(log.position(third), 2);
  assert.equal(log.items[2].seq, 4);
});

test('events held by seq move oldestSeq, so an older page of only events is not asked for again', () => {
  const log = new RoomLog('general', { foldOf: (m) => (m.type === 'reaction' ? () => null : null) });
  log.add(msg(10));
  log.add({ v: 1, id: 'r', seq: 4, from: 'bob', type: 'reaction', target: 'm10', emoji: '👍' });
  assert.equal(log.oldestSeq, 4);
});

test('deleting the history drops the gaps below it', () => {
  const log = new RoomLog('general');
  log.openGap(10, 100);
  log.openGap(200, 300);
  log.forgetBefore(150);
  assert.deepEqual(log.gaps.map((g) => [g.after, g.before]), [[200, 300]]);
});
