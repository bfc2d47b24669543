// The message list: day separators, sender + time, grouped runs, own messages, safe links, mentions.
import { h } from './dom.js';
import { isBridged, senderKey, senderLabel } from '../bridge.js';
import { dayKey, dayLabel, timeOfDay, tokenize } from '../text.js';

const ACTION = '/me ';

const GROUP_MS = 5 * 60_000;

export class MessageList {
  constructor(el, { onNeedOlder, onDismiss }) {
    this.el = el;
    this.onNeedOlder = onNeedOlder;
    this.onDismiss = onDismiss;
    this.room = null;
    this.el.addEventListener('scroll', () => {
      if (this.el.scrollTop < 120) this.onNeedOlder();
    }, { passive: true });
  }

  /**
   * Renders the log of a room. Stays at the bottom when the reader was there (or `toBottom`), keeps the reader's place
   * when older messages were added above.
   */
  render(room, log, { me, older, empty, toBottom = false }) {
    const sameRoom = this.room === room;
    const atBottom = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 60;
    const fromBottom = this.el.scrollHeight - this.el.scrollTop;
    this.room = room;

    const nodes = [];
    if (older === 'loading') nodes.push(h('div', { class: 'older muted', role: 'status' }, 'Loading older messages…'));
    else if (older === 'start' && log.items.length > 0) nodes.push(h('div', { class: 'older muted' }, `This is the start of #${room}.`));
    if (log.items.length === 0) nodes.push(h('div', { class: 'empty muted' }, empty ?? `No messages in #${room} yet. Say hello!`));

    let prev = null;
    for (const msg of log.items) {
      const ts = msg.ts ?? Date.now();
      if (!prev || dayKey(prev.ts ?? Date.now()) !== dayKey(ts)) {
        nodes.push(h('div', { class: 'day', role: 'separator' }, h('span', {}, dayLabel(ts))));
        prev = null;
      }
      const own = msg.from === me && !isBridged(msg);
      const grouped = prev && senderKey(prev) === senderKey(msg) && ts - (prev.ts ?? ts) < GROUP_MS && msg.type !== 'system' && !prev.failed;
      nodes.push(this.message(msg, { own, grouped, me, ts }));
      prev = msg;
    }
    this.el.replaceChildren(...nodes);

    if (!sameRoom || toBottom || atBottom) this.el.scrollTop = this.el.scrollHeight;
    else this.el.scrollTop = this.el.scrollHeight - fromBottom;
  }

  message(msg, { own, grouped, me, ts }) {
    const classes = ['msg'];
    if (own) classes.push('own');
    if (grouped) classes.push('grouped');
    if (msg.pending) classes.push('pending');
    if (msg.failed) classes.push('failed');
    const mentioned = !own && tokenize(msg.text ?? '').some((p) => p.type === 'mention' && p.user === me);
    if (mentioned) classes.push('mentioned');
    const bridged = isBridged(msg);
    if (bridged) classes.push('bridged');
    const time = h('time', { class: 'time', datetime: new Date(ts).toISOString(), title: new Date(ts).toLocaleString() }, timeOfDay(ts));
    return h('div', { class: classes.join(' '), dataset: { id: msg.id ?? '', seq: msg.seq ?? '', from: msg.from ?? '' } },
      grouped ? null : h('div', { class: 'meta' },
        h('span', { class: 'from', title: bridged ? `${msg.from} at ${msg.origin ?? 'another site'}: a name that site claims, not checked here` : null }, senderLabel(msg)),
        bridged ? h('span', { class: 'bridged-badge' }, 'bridged') : null,
        msg.client && !own ? h('span', { class: 'client', title: `client ${msg.client}` }) : null,
        time),
      h('div', { class: 'bubble' }, this.body(msg, me), grouped ? h('span', { class: 'time-inline' }, timeOfDay(ts)) : null),
      msg.pending ? h('div', { class: 'status muted' }, 'Sending…') : null,
      msg.failed ? h('div', { class: 'status error', role: 'alert' },
        `Not sent: ${msg.failed}`,
        h('button', { type: 'button', class: 'link', onclick: () => this.onDismiss(msg) }, 'Dismiss')) : null);
  }

  body(msg, me) {
    if (msg.type === 'file' && msg.file) {
      const href = msg.file.url && /^\/|^https?:/.test(msg.file.url) ? msg.file.url : null;
      return h('p', { class: 'text' }, '📎 ', href
        ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, msg.file.name ?? 'file')
        : (msg.file.name ?? 'file'));
    }
    if (msg.type === 'e2e' && msg.e2eState !== 'ok') {
      return h('p', { class: 'text muted e2e-placeholder' }, msg.e2eState === 'failed'
        ? "🔒 can't decrypt this message (wrong passphrase or key, or it was changed; click the lock to retry)"
        : '🔒 encrypted message: enter the passphrase to read it');
    }
    const text = msg.text ?? '';
    // "/me waves" is an action, shown as "* alice waves" (the same plain-text rule as `parley chat`).
    const action = msg.type === 'text' && text.startsWith(ACTION);
    const parts = tokenize(action ? text.slice(ACTION.length) : text);
    const className = msg.type === 'system' ? 'text system' : action ? 'text action' : 'text';
    return h('p', { class: className }, ...(action ? ['* ', senderLabel(msg), ' '] : []), ...parts.map((p) => {
      if (p.type === 'link') return h('a', { href: p.href, target: '_blank', rel: 'noopener noreferrer' }, p.text);
      if (p.type === 'mention') return h('span', { class: p.user === me ? 'mention mention-me' : 'mention' }, p.text);
      return p.text;
    }));
  }
}
