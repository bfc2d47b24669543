import test from 'node:test';
import assert from 'node:assert/strict';
import { foldDelete, foldEdit, foldReaction, isEvent } from '../src/events.js';

const target = { id: 'm1', from: 'alice', text: 'hello' };

test('a reaction is counted once per user and emoji, and can be taken back', () => {
  let t = { ...target };
  t = { ...t, ...foldReaction(t, { from: 'bob', emoji: '👍', op: 'add' }) };
  assert.equal(foldReaction(t, { from: 'bob', emoji: '👍', op: 'add' }), null);
  t = { ...t, ...foldReaction(t, { from: 'carol', emoji: '👍', op: 'add' }) };
  assert.deepEqual(t.reactions, { '👍': ['bob', 'carol'] });
  t = { ...t, ...foldReaction(t, { from: 'bob', emoji: '👍', op: 'remove' }) };
  t = { ...t, ...foldReaction(t, { from: 'carol', emoji: '👍', op: 'remove' }) };
  assert.deepEqual(t.reactions, {});
});

test('only the author edits; an edit marks the message edited', () => {
  assert.equal(foldEdit(target, { from: 'mallory', text: 'pwned', ts: 5 }), null);
  assert.deepEqual(foldEdit(target, { from: 'alice', text: 'hello!', ts: 5 }), { text: 'hello!', edited: 5 });
});

test('a sealed edit replaces the sealed content, to be opened again; it does not change a plain message', () => {
  const sealed = { ...target, type: 'e2e', e2e: { ct: 'old' }, text: 'hello', e2eState: 'ok', e2eVersion: 1 };
  const edit = { from: 'alice', ts: 6, e2e: { ct: 'new' } };
  assert.deepEqual(foldEdit(sealed, edit),
    { e2e: { ct: 'new' }, text: undefined, e2eState: undefined, e2eVersion: undefined, edited: 6 });
  assert.equal(foldEdit({ ...sealed, from: 'bob' }, edit), null);
  assert.equal(foldEdit({ ...target, type: 'text' }, edit), null);
});

test('a deletion leaves a tombstone without text', () => {
  const change = foldDelete(target);
  assert.equal(change.deleted, true);
  assert.equal(change.text, undefined);
  assert.equal(foldDelete({ ...target, ...change }), null);
  assert.equal(foldEdit({ ...target, ...change }, { from: 'alice', text: 'back' }), null);
});

test('events are told apart from messages', () => {
  assert.ok(isEvent({ type: 'reaction', target: 'm1' }));
  assert.ok(!isEvent({ type: 'text', text: 'hi' }));
  assert.ok(!isEvent({ type: 'edit' }));
});
