// The message list: day separators, sender + time, grouped runs, own messages, mentions. A Preact component tree with
// one keyed, memoized row per message: a new message adds one row; a changed one (stamped, decrypted, edited) redraws
// only itself. The list stays at the bottom when the reader was there and keeps their place when older messages load.
import { Fragment, render } from 'preact';
import { html, memo } from './html.js';
import { isBridged, senderKey, senderLabel } from '../bridge.js';
import { editable, kindOf } from '../kinds.js';
import { dayKey, dayLabel, mentions, timeOfDay } from '../text.js';

const GROUP_MS = 5 * 60_000;

export class MessageList {
  /** `actions`: {dismiss, reply, react, pickReaction, edit, remove, jump, thread} for a row's buttons. */
  constructor(el, { onNeedOlder, actions }) {
    this.el = el;
    this.onNeedOlder = onNeedOlder;
    this.actions = actions;
    this.room = null;
    this.jump = el.ownerDocument.getElementById('jump-latest');
    this.jump?.addEventListener('click', () => {
      this.el.scrollTop = this.el.scrollHeight;
      this.updateJump();
    });
    // without hover (touch screens) a tap on a message shows its actions
    const touch = el.ownerDocument.defaultView?.matchMedia?.('(hover: none)');
    this.el.addEventListener('click', (e) => {
      if (!touch?.matches || e.target.closest('a, button')) return;
      const row = e.target.closest('.msg');
      for (const other of this.el.querySelectorAll('.msg.show-actions')) if (other !== row) other.classList.remove('show-actions');
      row?.classList.toggle('show-actions');
    });
    this.el.addEventListener('scroll', () => {
      if (this.el.scrollTop < 120) this.onNeedOlder();
      this.updateJump();
    }, { passive: true });
  }

  /** "↓ Latest" shows while the reader is more than a screen above the newest message. */
  updateJump() {
    if (!this.jump) return;
    this.jump.hidden = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < this.el.clientHeight;
  }

  /**
   * Draws the log of a room. Stays at the bottom when the reader was there (or `toBottom`), keeps the reader's place
   * when older messages were added above.
   */
  /** `where`: how the room is named in notices ("#general", "your messages with bob"). */
  render(room, log, { me, older, empty, toBottom = false, readUpTo = null, where = `#${room}` }) {
    const sameRoom = this.room === room;
    const atBottom = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 60;
    const fromBottom = this.el.scrollHeight - this.el.scrollTop;
    this.room = room;
    render(html`<${Fragment} key=${room}>${rows(room, log, { me, older, empty, readUpTo, where, actions: this.actions })}<//>`, this.el);
    if (!sameRoom) this.seekNewLine = true;
    const line = this.seekNewLine ? this.el.querySelector('.new-line') : null;
    if (line) {
      // open at the first unread message
      this.el.scrollTop += line.getBoundingClientRect().top - this.el.getBoundingClientRect().top - 40;
      this.seekNewLine = false;
    } else if (!sameRoom || toBottom || atBottom) this.el.scrollTop = this.el.scrollHeight;
    else this.el.scrollTop = this.el.scrollHeight - fromBottom;
    if (log.loaded) this.seekNewLine = false;
    this.updateJump();
  }

  /** Scrolls to a message and flashes it; false when it is not in the list. */
  reveal(id) {
    const row = [...this.el.querySelectorAll('.msg')].find((m) => m.dataset.id === id);
    if (!row) return false;
    row.scrollIntoView({ block: 'center' });
    row.classList.remove('flash');
    void row.offsetWidth; // restart the animation
    row.classList.add('flash');
    return true;
  }
}

/** The keyed children of the list: a notice at the top, then day separators and one row per shown message. */
function rows(room, log, { me, older, empty, readUpTo, where, actions }) {
  const out = [];
  const shown = log.items.filter((m) => kindOf(m).shown);
  if (older === 'loading') out.push(html`<div key="older" class="older muted" role="status">Loading older messages…</div>`);
  else if (older === 'start' && shown.length > 0) out.push(html`<div key="older" class="older muted">This is the start of ${where}.</div>`);
  if (shown.length === 0) out.push(html`<div key="empty" class="empty muted">${empty ?? `No messages in ${where} yet. Say hello!`}</div>`);
  const replyCounts = new Map();
  for (const m of shown) if (m.replyTo) replyCounts.set(m.replyTo, (replyCounts.get(m.replyTo) ?? 0) + 1);
  let prev = null;
  let lastDay = null;
  let newLine = Number.isInteger(readUpTo);
  for (const msg of shown) {
    const ts = msg.ts ?? Date.now();
    if (dayKey(ts) !== lastDay) {
      lastDay = dayKey(ts);
      out.push(html`<div key=${`day-${lastDay}`} class="day" role="separator"><span>${dayLabel(ts)}</span></div>`);
      prev = null;
    }
    // "New messages" above the first message from someone else after what was read before the room was opened
    if (newLine && Number.isInteger(msg.seq) && msg.seq > readUpTo && msg.from !== me) {
      out.push(html`<div key="new-line" class="new-line" role="separator"><span>New messages</span></div>`);
      newLine = false;
      prev = null;
    }
    const own = msg.from === me && !isBridged(msg);
    const grouped = !!prev && senderKey(prev) === senderKey(msg) && ts - (prev.ts ?? ts) < GROUP_MS
      && msg.type !== 'system' && !prev.failed && !msg.replyTo;
    const target = msg.replyTo ? log.byId.get(msg.replyTo) : null;
    const quote = msg.replyTo ? quoteOf(target) : null;
    out.push(html`<${Row} key=${`m${msg.arrival}`} msg=${msg} rev=${msg.rev} own=${own} grouped=${grouped} me=${me}
      ts=${ts} quote=${quote} replies=${Math.max(msg.replies ?? 0, replyCounts.get(msg.id) ?? 0)} actions=${actions} />`);
    prev = msg;
  }
  return out;
}

/** What a reply shows of the message it answers. */
function quoteOf(target) {
  if (!target) return 'a message not loaded here';
  if (target.deleted) return `${target.from}: (deleted)`;
  const text = (target.text ?? '').replace(/\s+/g, ' ');
  return `${target.from}: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`;
}

const chattable = (msg) => msg.type !== 'system' && !msg.deleted && !msg.pending && !msg.failed && msg.id;

/** One message. Memoized on its props: `rev` changes whenever the message does. */
const Row = memo(({ msg, own, grouped, me, ts, quote, replies, actions }) => {
  const bridged = isBridged(msg);
  const classes = ['msg'];
  if (own) classes.push('own');
  if (grouped) classes.push('grouped');
  if (msg.pending) classes.push('pending');
  if (msg.failed) classes.push('failed');
  if (!own && mentions(msg.text, me)) classes.push('mentioned');
  if (bridged) classes.push('bridged');
  if (msg.deleted) classes.push('deleted');
  const date = new Date(ts);
  const meta = grouped ? null : html`<div class="meta">
      <span class="from" title=${bridged ? `${msg.from} at ${msg.origin ?? 'another site'}: a name that site claims, not checked here` : undefined}>${senderLabel(msg)}</span>
      ${bridged ? html`<span class="bridged-badge">bridged</span>` : null}
      ${msg.bot ? html`<span class="bot-badge" title="Sent by a program (a bot or a webhook)">bot</span>` : null}
      <time class="time" datetime=${date.toISOString()} title=${date.toLocaleString()}>${timeOfDay(ts)}</time>
    </div>`;
  const reactions = Object.entries(msg.reactions ?? {}).filter(([, users]) => users?.length);
  return html`<div class=${classes.join(' ')} data-id=${msg.id ?? ''} data-seq=${msg.seq ?? ''} data-from=${msg.from ?? ''}>
    ${meta}
    ${quote ? html`<button type="button" class="reply-quote" title="Show the message this answers" onClick=${() => actions.jump(msg.replyTo)}>↪ ${quote}</button>` : null}
    <div class="bubble">${kindOf(msg).body(msg, me)}${msg.edited && !msg.deleted ? html`<span class="edited muted" title=${new Date(msg.edited).toLocaleString()}> (edited)</span>` : null}${grouped ? html`<span class="time-inline">${timeOfDay(ts)}</span>` : null}</div>
    ${reactions.length ? html`<div class="reactions">${reactions.map(([emoji, users]) => html`<button type="button"
        class=${users.includes(me) ? 'reaction mine' : 'reaction'} title=${users.join(', ')} data-emoji=${emoji}
        onClick=${() => actions.react(msg, emoji, users.includes(me) ? 'remove' : 'add')}>${emoji} ${users.length}</button>`)}</div>` : null}
    ${replies > 0 ? html`<button type="button" class="link replies" onClick=${() => actions.thread(msg)}>${replies === 1 ? '1 reply' : `${replies} replies`}</button>` : null}
    ${chattable(msg) ? html`<div class="msg-actions" role="toolbar" aria-label="Message actions">
      <button type="button" class="act-reply" onClick=${() => actions.reply(msg)}>Reply</button>
      <button type="button" class="act-react" onClick=${(e) => actions.pickReaction(msg, e.currentTarget)}>React</button>
      ${own && editable(msg) ? html`<button type="button" class="act-edit" onClick=${() => actions.edit(msg)}>Edit</button>` : null}
      ${own ? html`<button type="button" class="act-delete" onClick=${() => actions.remove(msg)}>Delete</button>` : null}
    </div>` : null}
    ${msg.pending ? html`<div class="status muted">Sending…</div>` : null}
    ${msg.failed ? html`<div class="status error" role="alert">Not sent: ${msg.failed}
      <button type="button" class="link" onClick=${() => actions.dismiss(msg)}>Dismiss</button></div>` : null}
  </div>`;
});
