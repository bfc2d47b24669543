// Markdown in messages, read with markdown-it (raw HTML off) and turned into a plain tree that the view draws with
// text nodes and a short list of elements: never an HTML string, so nothing a sender types can become markup.
// Supported: **bold**, *italics*, ~~strike~~, `code`, ``` code blocks ```, > quotes, lists, links (http/https only,
// bare URLs too), line breaks as typed. Headings, tables, images, horizontal rules and indented code are off: in chat
// "# 1" or four leading spaces are text.
import MarkdownIt from 'markdown-it';
import { safeHref, splitMentions } from './text.js';

const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });
md.disable(['heading', 'lheading', 'table', 'image', 'hr', 'code', 'reference', 'html_block', 'html_inline', 'entity']);
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });

/** Elements a message may contain, by markdown-it token type (the *_open ones). */
const TAGS = {
  paragraph_open: 'p', strong_open: 'strong', em_open: 'em', s_open: 's', blockquote_open: 'blockquote',
  bullet_list_open: 'ul', ordered_list_open: 'ol', list_item_open: 'li', link_open: 'a',
};

/** Parsed texts, by text: a row drawn again (scrolled back into the list, a reaction added) is not parsed again. */
const parsed = new Map();
const PARSED_MAX = 2000;

/**
 * The message text as a tree: strings (text), {tag, attrs, children} (one of p strong em s blockquote ul ol li a code
 * pre br) and {mention: user, text}. Links carry only an http(s) href; any other link is left as its text. The tree
 * is shared between calls with the same text: treat it as read-only.
 */
export function parseMessage(text) {
  const source = String(text ?? '');
  let nodes = parsed.get(source);
  if (nodes) return nodes;
  const root = { tag: null, children: [] };
  walk(md.parse(source, {}), [root]);
  nodes = root.children;
  if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value); // the oldest entry
  parsed.set(source, nodes);
  return nodes;
}

/**
 * A message as one line of plain text (a reply's quote, a notification): markdown taken out, code and quotes kept as
 * their text, line breaks and runs of spaces as one space, at most `max` characters with "…" when cut.
 */
export function summary(text, max = 80) {
  const line = flat(parseMessage(text)).replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max).join('').trimEnd()}…` : line;
}

function walk(tokens, stack) {
  for (const t of tokens) {
    const top = stack[stack.length - 1];
    if (t.nesting === 1) {
      let node = { tag: TAGS[t.type] ?? 'span', attrs: {}, children: [] };
      if (t.type === 'link_open') {
        const href = safeHref(t.attrGet('href') ?? '');
        node = href ? { tag: 'a', attrs: { href }, children: [] } : { tag: 'span', attrs: {}, children: [] };
      } else if (t.type === 'ordered_list_open' && t.attrGet('start')) {
        node.attrs.start = Number(t.attrGet('start'));
      }
      if (t.hidden) node.tag = null; // tight lists hide their paragraphs
      top.children.push(node);
      stack.push(node);
    } else if (t.nesting === -1) {
      const node = stack.pop();
      if (node.tag === null) {
        // a hidden paragraph: its children go straight into its parent
        const parent = stack[stack.length - 1];
        parent.children.splice(parent.children.indexOf(node), 1, ...node.children);
      }
    } else if (t.type === 'inline') {
      walk(t.children ?? [], stack);
    } else if (t.type === 'text') {
      const inLink = stack.some((n) => n.tag === 'a');
      top.children.push(...(inLink ? [t.content] : splitMentions(t.content)));
    } else if (t.type === 'code_inline') {
      top.children.push({ tag: 'code', attrs: {}, children: [t.content] });
    } else if (t.type === 'fence' || t.type === 'code_block') {
      top.children.push({ tag: 'pre', attrs: {}, children: [{ tag: 'code', attrs: {}, children: [t.content.replace(/\n$/, '')] }] });
    } else if (t.type === 'softbreak' || t.type === 'hardbreak') {
      top.children.push({ tag: 'br', attrs: {}, children: [] });
    }
  }
}

const BLOCKS = new Set(['p', 'li', 'pre', 'blockquote', 'ul', 'ol', 'br']);

/** The text of a parsed message with a space between blocks (paragraphs, list items, code blocks, line breaks). */
function flat(nodes) {
  return nodes.map((n) => {
    if (typeof n === 'string') return n;
    if (n.mention) return n.text;
    return BLOCKS.has(n.tag) ? ` ${flat(n.children)} ` : flat(n.children);
  }).join('');
}

/** The plain text of a parsed message (for tests and notifications). */
export function plainText(nodes) {
  return nodes.map((n) => (typeof n === 'string' ? n : n.mention ? n.text : n.tag === 'br' ? '\n' : plainText(n.children))).join('');
}
