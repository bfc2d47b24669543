import test from 'node:test';
import assert from 'node:assert/strict';
import { quoteOf } from '../src/views/message-row.js';

test("a reply's quote is its target's sender and text as one plain line, without markdown", () => {
  assert.equal(quoteOf({ from: 'amy', text: '**Ship it** on *Friday*:\n- `v2.1`\n- notes' }), 'amy: Ship it on Friday: v2.1 notes');
  assert.equal(quoteOf({ from: 'amy', text: 'x'.repeat(100) }), `amy: ${'x'.repeat(80)}…`);
  assert.equal(quoteOf({ from: 'amy', deleted: true }), 'amy: (deleted)');
  assert.equal(quoteOf({ from: 'amy', type: 'file', file: { name: 'plan.pdf' } }), 'amy: 📎 plan.pdf');
  assert.equal(quoteOf({ from: 'amy', type: 'file', file: { name: 'plan.pdf' }, text: 'the *plan*' }), 'amy: the plan');
  assert.equal(quoteOf(undefined), 'a message not loaded here');
});
