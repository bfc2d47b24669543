import test from 'node:test';
import assert from 'node:assert/strict';
import { searchMessages } from '../src/offline/local-search.js';
import { timeLabel } from '../src/views/message-row.js';
import { timeOfDay } from '../src/text.js';

const m = (seq, text, extra = {}) => ({ room: 'ops', seq, ts: seq, from: 'alice', type: 'text', text, ...extra });

test('every word must match, in any case; the newest comes first; matches are marked like the server marks them', () => {
  const results = searchMessages([m(1, 'Deploy the API'), m(2, 'api deploy done'), m(3, 'deploy only')], 'API deploy');
  assert.deepEqual(results.map((r) => r.seq), [2, 1]);
  assert.equal(results[0].snippet, '\u0002api\u0003 \u0002deploy\u0003 done');
  assert.deepEqual(results[0].message, m(2, 'api deploy done'));
});

test('files match by name; sealed, deleted and event envelopes never match', () => {
  const results = searchMessages([
    m(1, undefined, { type: 'file', file: { name: 'plan.pdf' } }),
    m(2, undefined, { type: 'e2e', e2e: { ct: 'plan' } }),
    m(3, 'plan', { deleted: true }),
    m(4, 'plan', { type: 'reaction', target: 'x' }),
  ], 'plan');
  assert.deepEqual(results.map((r) => r.seq), [1]);
});

test('a long text is cut around the first match; regex characters in the query are plain text', () => {
  const text = `${'x'.repeat(200)} a+b? ${'y'.repeat(200)}`;
  const [hit] = searchMessages([m(1, text)], 'a+b?');
  assert.ok(hit.snippet.startsWith('…') && hit.snippet.endsWith('…'));
  assert.ok(hit.snippet.includes('\u0002a+b?\u0003'));
});

test('bad input finds nothing and never throws', () => {
  assert.deepEqual(searchMessages([m(1, 'x')], ''), []);
  assert.deepEqual(searchMessages([m(1, 'x')], null), []);
  assert.deepEqual(searchMessages([null, 7, 'x', { text: 5 }, m(1, 'x')], 'x').map((r) => r.seq), [1]);
});

test('a message written more than a minute before it was delivered shows both times', () => {
  const at = (h, min) => new Date(2026, 0, 5, h, min).getTime();
  const t = (h, min) => timeOfDay(at(h, min)); // "10:31" or "10:31 AM", by locale
  assert.equal(timeLabel({ sentAt: at(10, 2) }, at(10, 31)), `written ${t(10, 2)}, delivered ${t(10, 31)}`);
  assert.equal(timeLabel({ sentAt: at(10, 30) }, at(10, 31)), t(10, 31), 'within a minute: one time');
  assert.equal(timeLabel({ sentAt: at(10, 2), pending: true }, at(10, 2)), t(10, 2));
  assert.equal(timeLabel({ sentAt: 'soon' }, at(10, 31)), t(10, 31));
  assert.equal(timeLabel({}, at(10, 31)), t(10, 31));
});
