import test from 'node:test';
import assert from 'node:assert/strict';
import { Unread } from '../src/unread.js';

function memory(counts = {}, readSeqs = {}) {
  const saved = { counts, readSeqs };
  return {
    saved,
    counts: () => saved.counts,
    readSeqs: () => saved.readSeqs,
    save: (c) => { saved.counts = { ...c }; },
    saveReadSeqs: (r) => { saved.readSeqs = { ...r }; },
  };
}

test('reading a room stores that it has nothing unread, so the badge does not come back after a reload', () => {
  const storage = memory({ busy: 2 }, { busy: 5 });
  const unread = new Unread(storage);
  unread.read('busy', 7);
  assert.deepEqual(storage.saved.counts, {});
  assert.equal(storage.saved.readSeqs.busy, 7);
  const after = new Unread(storage); // the reload
  after.serverLastSeq('busy', 7);
  assert.equal(after.counts.busy, undefined);
});

test('live counts and the server count overlap: the larger one wins', () => {
  const unread = new Unread(memory({}, { ops: 10 }));
  unread.received('ops');
  unread.received('ops', { mention: true });
  unread.serverLastSeq('ops', 15);
  assert.equal(unread.counts.ops, 5);
  assert.equal(unread.mentioned.ops, true);
});

test('a room seen for the first time starts with nothing unread', () => {
  const unread = new Unread(memory());
  unread.serverLastSeq('new', 40);
  assert.equal(unread.counts.new, undefined);
  assert.equal(unread.readSeq.new, 40);
});
