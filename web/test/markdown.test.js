import test from 'node:test';
import assert from 'node:assert/strict';
import * as markdown from '../src/markdown.js';
import { parseMessage, plainText } from '../src/markdown.js';

const tags = (nodes) => nodes.flatMap((n) => (typeof n === 'string' || n.mention ? [] : [n.tag, ...tags(n.children)]));

test('bold, italics, inline code, code blocks, quotes and lists', () => {
  assert.deepEqual(tags(parseMessage('**b** *i* `c`')), ['p', 'strong', 'em', 'code']);
  assert.deepEqual(tags(parseMessage('```\nx = 1\n```')), ['pre', 'code']);
  assert.deepEqual(tags(parseMessage('> said')), ['blockquote', 'p']);
  assert.deepEqual(tags(parseMessage('- a\n- b')), ['ul', 'li', 'li']);
  assert.deepEqual(tags(parseMessage('1. a\n2. b')), ['ol', 'li', 'li']);
});

test('raw HTML stays text', () => {
  const nodes = parseMessage('<img src=x onerror="alert(1)"><script>x</script>');
  assert.deepEqual(tags(nodes), ['p']);
  assert.equal(plainText(nodes), '<img src=x onerror="alert(1)"><script>x</script>');
});

test('only http(s) links; bare URLs are linked without trailing punctuation', () => {
  const link = (text) => {
    const found = [];
    const visit = (nodes) => nodes.forEach((n) => {
      if (typeof n === 'object' && !n.mention) {
        if (n.tag === 'a') found.push(n.attrs.href);
        visit(n.children);
      }
    });
    visit(parseMessage(text));
    return found;
  };
  assert.deepEqual(link('see https://example.com/guide?x=1. ok'), ['https://example.com/guide?x=1']);
  assert.deepEqual(link('[x](javascript:alert(1)) [y](data:text/html,hi) [z](/relative)'), []);
  assert.deepEqual(link('[docs](https://example.com/d)'), ['https://example.com/d']);
  assert.deepEqual(link('example.com and javascript:alert(1)'), []);
});

test('mentions are found in text but not inside code or links', () => {
  const nodes = parseMessage('hi @alice, `@bob` [@carol](https://x.example)');
  const mentions = [];
  const visit = (list) => list.forEach((n) => {
    if (n?.mention) mentions.push(n.mention);
    else if (typeof n === 'object') visit(n.children);
  });
  visit(nodes);
  assert.deepEqual(mentions, ['alice']);
});

test('headings and indented code are plain text in chat', () => {
  assert.deepEqual(tags(parseMessage('# not a heading')), ['p']);
  assert.deepEqual(tags(parseMessage('    four spaces')), ['p']);
  assert.deepEqual(tags(parseMessage('line one\nline two')), ['p', 'br']);
});

test('summary: a message as one plain line, markdown taken out, cut with an ellipsis', () => {
  const { summary } = markdown;
  assert.equal(summary('**bold** and *it* `code`'), 'bold and it code');
  assert.equal(summary('first line\n\nsecond\nthird'), 'first line second third');
  assert.equal(summary('- one\n- two'), 'one two');
  assert.equal(summary('> quoted\n\nanswer'), 'quoted answer');
  assert.equal(summary('```\nx = 1\n```'), 'x = 1');
  assert.equal(summary('[docs](https://example.org) for @bob'), 'docs for @bob');
  assert.equal(summary('<b>raw</b>'), '<b>raw</b>', 'HTML stays text');
  assert.equal(summary('word '.repeat(40), 22), 'word word word word wo…');
  assert.equal(summary(undefined), '');
});
