import test from 'node:test';
import assert from 'node:assert/strict';
import { safeHref, snippetParts, tokenize, typingText } from '../src/text.js';

test('http and https URLs become links, trailing punctuation stays text', () => {
  assert.deepEqual(tokenize('see https://example.com/a?b=1, ok'), [
    { type: 'text', text: 'see ' },
    { type: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
    { type: 'text', text: ', ok' },
  ]);
  assert.equal(tokenize('(http://x.org/)')[1].href, 'http://x.org/');
});

test('javascript:, data: and other schemes never become links', () => {
  for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'ftp://x.org', 'JaVaScRiPt:alert(1)']) {
    assert.ok(tokenize(text).every((p) => p.type !== 'link'), text);
  }
  assert.equal(safeHref('javascript:alert(1)'), null);
  assert.equal(safeHref('https://ok.example/'), 'https://ok.example/');
});

test('mentions are found at word starts only', () => {
  const parts = tokenize('hi @alice and bob@example.com');
  assert.deepEqual(parts.filter((p) => p.type === 'mention').map((p) => p.user), ['alice']);
});

test('search snippets split on U+0002 / U+0003 into marked parts', () => {
  assert.deepEqual(snippetParts('a \u0002hit\u0003 b'), [
    { text: 'a ', mark: false }, { text: 'hit', mark: true }, { text: ' b', mark: false },
  ]);
});

test('typing line names up to two people', () => {
  assert.equal(typingText([]), '');
  assert.equal(typingText(['alice']), 'alice is typing…');
  assert.equal(typingText(['alice', 'bob']), 'alice and bob are typing…');
  assert.equal(typingText(['a', 'b', 'c']), '3 people are typing…');
});

test('the @mention being typed at the caret', async () => {
  const { mentionQuery } = await import('../src/text.js');
  assert.deepEqual(mentionQuery('hi @al', 6), { prefix: 'al', start: 3, end: 6 });
  assert.deepEqual(mentionQuery('@', 1), { prefix: '', start: 0, end: 1 });
  assert.equal(mentionQuery('mail me@host', 12), null);
  assert.equal(mentionQuery('hi al', 5), null);
  assert.deepEqual(mentionQuery('hi @al there', 6), { prefix: 'al', start: 3, end: 6 });
});
