// How a message's text is drawn, by kind (kinds.js picks one). Every user string is a text node: htm puts ${…} in
// as text, never as HTML; links are made only from http(s) URLs.
import { h } from 'preact';
import { html } from './html.js';
import { senderLabel } from '../bridge.js';
import { parseMessage } from '../markdown.js';
import { tokenize } from '../text.js';

const ACTION = '/me ';

/** Text with links and @mentions. */
export function inline(text, me) {
  return tokenize(text ?? '').map((p) => {
    if (p.type === 'link') return html`<a href=${p.href} target="_blank" rel="noopener noreferrer">${p.text}</a>`;
    if (p.type === 'mention') return html`<span class=${p.user === me ? 'mention mention-me' : 'mention'}>${p.text}</span>`;
    return p.text;
  });
}

/** A parsed message (markdown.js) as elements: the tags come from markdown.js's fixed list, text stays text. */
export function draw(nodes, me) {
  return nodes.map((n) => {
    if (typeof n === 'string') return n;
    if (n.mention) return html`<span class=${n.mention === me ? 'mention mention-me' : 'mention'}>${n.text}</span>`;
    if (n.tag === 'a') return html`<a href=${n.attrs.href} target="_blank" rel="noopener noreferrer">${draw(n.children, me)}</a>`;
    return h(n.tag, n.attrs, ...draw(n.children, me));
  });
}

export function textBody(msg, me) {
  if (msg.deleted) return html`<p class="text muted deleted">This message was deleted.</p>`;
  const text = msg.text ?? '';
  // "/me waves" is an action, shown as "* alice waves" (the same plain-text rule as `parley chat`).
  if (text.startsWith(ACTION)) {
    return html`<p class="text action">* ${senderLabel(msg)} ${inline(text.slice(ACTION.length), me)}</p>`;
  }
  return html`<div class="text md">${draw(parseMessage(text), me)}</div>`;
}

export function systemBody(msg, me) {
  return html`<p class="text system">${inline(msg.text, me)}</p>`;
}

export function fileBody(msg) {
  const file = msg.file ?? {};
  const href = file.url && /^\/|^https?:/.test(file.url) ? file.url : null;
  const name = file.name ?? 'file';
  return html`<p class="text">📎 ${href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${name}</a>` : name}</p>`;
}

export function e2eBody(msg, me) {
  if (msg.e2eState === 'ok') return textBody(msg, me);
  return html`<p class="text muted e2e-placeholder">${msg.e2eState === 'failed'
    ? "🔒 can't decrypt this message (wrong passphrase or key, or it was changed; click the lock to retry)"
    : '🔒 encrypted message: enter the passphrase to read it'}</p>`;
}
