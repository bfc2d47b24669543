// The message list: day separators, sender + time, grouped runs, own messages, mentions, replies and reactions.
// Windowed: only a stretch of the room's log near what the reader sees is in the page (listwindow.js), one keyed,
// memoized row per message, so a new message adds one row and a changed one redraws only itself, whatever the number
// of messages loaded. The list stays at the bottom when the reader was there, keeps the row the reader looks at in
// place when rows come or go above it, and asks for more (older pages, the stretches of a gap) near its ends.
import { Fragment, render } from 'preact';
import { html } from './html.js';
import { quoteOf, Row } from './message-row.js';
import { isBridged, senderKey } from '../bridge.js';
import { kindOf } from '../kinds.js';
import { grow, newLineIndex, shownBefore, tailWindow, windowAround } from '../listwindow.js';
import { dayKey, dayLabel } from '../text.js';

const GROUP_MS = 5 * 60_000;
/** How close (px) to an end of the window the reader may come before it grows (at least a screen). */
const REACH_PX = 400;

export class MessageList {
  /**
   * `actions`: {dismiss, reply, react, pickReaction, edit, remove, jump, thread} for a row's buttons;
   * `onNeedOlder()`: the top of the log is near; `onNeedGap(gap, 'before'|'after')`: the edge of a gap is near;
   * `prepare(room, items)`: called with the items about to be drawn (e.g. to decrypt them).
   */
  constructor(el, { onNeedOlder, onNeedGap = () => {}, prepare = () => {}, actions }) {
    this.el = el;
    // the rows go in one block inside the scrolling list (see style.css: .messages > .rows)
    this.body = el.ownerDocument.createElement('div');
    this.body.className = 'rows';
    el.replaceChildren(this.body);
    this.onNeedOlder = onNeedOlder;
    this.onNeedGap = onNeedGap;
    this.prepare = prepare;
    this.actions = actions;
    this.room = null;
    this.log = null;
    this.jump = el.ownerDocument.getElementById('jump-latest');
    this.jump?.addEventListener('click', () => this.toLatest());
    // without hover (touch screens) a tap on a message shows its actions
    const touch = el.ownerDocument.defaultView?.matchMedia?.('(hover: none)');
    this.el.addEventListener('click', (e) => {
      if (!touch?.matches || e.target.closest('a, button')) return;
      const row = e.target.closest('.msg');
      for (const other of this.el.querySelectorAll('.msg.show-actions')) if (other !== row) other.classList.remove('show-actions');
      row?.classList.toggle('show-actions');
    });
    this.el.addEventListener('scroll', () => {
      this.pinned = this.atBottom();
      this.updateJump();
      this.scheduleSettle();
    }, { passive: true });
    // the list itself gets shorter when the connection banner, a reply's quote or a phone's keyboard comes: a reader
    // who was at the newest message stays there instead of having it pushed out of sight below
    const Resize = el.ownerDocument.defaultView?.ResizeObserver;
    if (Resize) {
      new Resize(() => {
        if (this.pinned && this.atEnd) this.el.scrollTop = this.el.scrollHeight;
      }).observe(this.el);
    }
  }

  /**
   * Draws the open room. Follows the newest message when the reader was at the bottom (or `toBottom`), opens a room
   * at its "New messages" line, and otherwise keeps the row the reader looks at where it is.
   * `where`: how the room is named in notices ("#general", "your messages with bob").
   */
  render(room, log, { me, older, empty, toBottom = false, readUpTo = null, where = `#${room}` }) {
    const fresh = this.room !== room || this.log !== log;
    const stuck = !fresh && this.atEnd && this.atBottom();
    if (fresh) {
      this.room = room;
      this.log = log;
      this.window = null;
      this.atEnd = true;
      this.highlight = null;
      this.seekNewLine = true;
    }
    this.options = { me, older, empty, readUpTo, where };
    const line = this.seekNewLine ? newLineIndex(log, readUpTo, me) : -1;
    if (line >= 0) {
      this.seekNewLine = false;
      this.draw(windowAround(log, line), { line: true });
    } else if (fresh || toBottom || stuck || !this.window) {
      this.draw(tailWindow(log, this.window && this.atEnd ? this.current().start : null), { bottom: true });
    } else {
      const anchor = this.anchor();
      const focus = anchor ? log.position(anchor.item) : this.current().start;
      const seg = log.segment(Math.min(focus, Math.max(0, log.items.length - 1)));
      const now = this.current();
      const range = { start: Math.max(now.start, seg.start), end: Math.min(this.atEnd ? log.items.length : now.end, seg.end) };
      // everything drawn went away (e.g. an administrator deleted the history): the newest instead
      if (range.end <= range.start) this.draw(tailWindow(log), { bottom: true });
      else this.draw(grow(log, range, this.growth(range, seg), focus), { anchor });
    }
    if (log.loaded) this.seekNewLine = false;
  }

  /** The window as indexes into the log now (items may have come or gone since it was drawn). */
  current() {
    const log = this.log;
    const { first, last } = this.window;
    const start = first ? log.position(first) : 0;
    const at = last ? log.position(last) : start;
    const end = last && log.items[at] === last ? at + 1 : at;
    return { start, end: Math.max(start, end) };
  }

  /** Scrolls to a message and highlights it; false when it is not held (the caller loads the page around it). */
  reveal(id) {
    const log = this.log;
    const item = log?.byId.get(id);
    if (!item || !kindOf(item).shown) return false;
    const at = log.indexOf(item);
    if (at < 0) return false;
    this.highlight = id;
    this.seekNewLine = false;
    this.draw(windowAround(log, at), { center: item });
    return true;
  }

  /** "↓ Latest": the newest messages, at the bottom. */
  toLatest() {
    if (!this.log) return;
    this.draw(tailWindow(this.log), { bottom: true });
  }

  /** Puts the window in the page, then the scroll position: at the bottom, at the new line, centred on a row, or kept. */
  draw({ start, end }, place) {
    const log = this.log;
    const items = log.items;
    this.window = { first: items[start] ?? null, last: items[end - 1] ?? null };
    this.atEnd = end >= items.length;
    const drawn = items.slice(start, end);
    // the messages that replies in the window quote are made ready too (an encrypted one is opened)
    const quoted = drawn.filter((m) => m.replyTo).map((m) => log.byId.get(m.replyTo)).filter(Boolean);
    this.prepare(this.room, quoted.length ? [...drawn, ...quoted] : drawn);
    if (this.highlight && !drawn.some((m) => m.id === this.highlight)) this.highlight = null;
    render(html`<${Fragment} key=${this.room}>${this.rows(start, end)}<//>`, this.body);
    const el = this.el;
    const top = () => el.getBoundingClientRect().top;
    if (place.bottom) {
      el.scrollTop = el.scrollHeight;
    } else if (place.line) {
      const line = this.body.querySelector(':scope > .new-line');
      if (line) el.scrollTop += line.getBoundingClientRect().top - top() - 40;
    } else if (place.center) {
      const row = this.rowOf(place.center);
      if (row) {
        const r = row.getBoundingClientRect();
        el.scrollTop += r.top - top() - Math.max(0, (el.clientHeight - r.height) / 2);
        row.classList.remove('flash');
        void row.offsetWidth; // restart the animation when the same message is shown again
        row.classList.add('flash');
      }
    } else if (place.anchor) {
      const row = this.rowOf(place.anchor.item);
      if (row) el.scrollTop += row.getBoundingClientRect().top - top() - place.anchor.top;
    }
    this.pinned = this.atBottom();
    this.updateJump();
    this.scheduleSettle();
  }

  rowOf(item) {
    return this.body.querySelector(`:scope > [data-key="m${item.arrival}"]`);
  }

  /** The first row the reader sees and how far below the list's top it is (binary search over the rows in the page). */
  anchor() {
    const rows = this.body.querySelectorAll(':scope > .msg');
    if (rows.length === 0) return null;
    const top = this.el.getBoundingClientRect().top;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid].getBoundingClientRect().bottom <= top) lo = mid + 1;
      else hi = mid;
    }
    const item = this.drawn?.get(rows[lo].dataset.key);
    return item ? { item, top: rows[lo].getBoundingClientRect().top - top } : null;
  }

  atBottom() {
    return this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 60;
  }

  scheduleSettle() {
    if (this.settling) return;
    this.settling = true;
    requestAnimationFrame(() => {
      this.settling = false;
      this.settle();
    });
  }

  /**
   * Near an end of the window (within a screen), grows it by a chunk from the log; at the end of what is loaded, asks
   * for more: older messages at the top of the log, or the next page of a gap.
   */
  settle() {
    const log = this.log;
    if (!log || !this.window || log.items.length === 0) return;
    const now = this.current();
    const seg = log.segment(Math.min(now.start, log.items.length - 1));
    const { up, down, nearTop, nearBottom } = this.growth(now, seg);
    if (nearTop && !up) {
      if (seg.above) this.onNeedGap(seg.above, 'before');
      else this.onNeedOlder();
    }
    if (nearBottom && !down && seg.below) this.onNeedGap(seg.below, 'after');
    if (up || down) {
      const anchor = this.anchor();
      const focus = anchor ? log.position(anchor.item) : now.start;
      this.draw(grow(log, now, { up, down }, focus), { anchor });
    }
  }

  /**
   * Whether the reader is within reach (a screen) of the top or the bottom of what is in the page, and whether the
   * window can grow there from the log (`up`, `down`). Rows already loaded above come in with the draw that follows
   * (a page of older messages, say), so the row read is kept in place by rows added above, not pushed by a notice
   * that goes away.
   */
  growth(range, seg) {
    const { scrollTop, scrollHeight, clientHeight } = this.el;
    const reach = Math.max(clientHeight, REACH_PX);
    const nearTop = scrollTop < reach;
    const nearBottom = scrollHeight - scrollTop - clientHeight < reach;
    return {
      nearTop,
      nearBottom,
      up: nearTop && range.start > seg.start,
      // a window that holds the newest message takes new ones in when the room is drawn, at the bottom if the reader
      // is there (render): growing it as a reader's place would keep the row read in place instead
      down: nearBottom && range.end < seg.end && !this.atEnd,
    };
  }

  /** "↓ Latest" shows while the newest message is not in the page, or the reader is a screen or more above it. */
  updateJump() {
    if (!this.jump) return;
    this.jump.hidden = this.atEnd && this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < this.el.clientHeight;
  }

  /** The keyed children of the list for the window: a notice at each end, day separators and one row per message. */
  rows(start, end) {
    const log = this.log;
    const { me, older, empty, readUpTo, where } = this.options;
    const items = log.items;
    const seg = log.segment(Math.min(start, Math.max(0, items.length - 1)));
    const out = [];
    this.drawn = new Map();
    if (start <= seg.start) {
      if (seg.above) out.push(html`<div key="above" class="older muted" role="status">Loading earlier messages…</div>`);
      else if (older === 'loading') out.push(html`<div key="older" class="older muted" role="status">Loading older messages…</div>`);
      else if (older === 'start' && items.length > 0) out.push(html`<div key="older" class="older muted">This is the start of ${where}.</div>`);
    }
    if (items.length === 0) out.push(html`<div key="empty" class="empty muted">${empty ?? `No messages in ${where} yet. Say hello!`}</div>`);
    const line = newLineIndex(log, readUpTo, me);
    let prev = shownBefore(log, start, seg.start);
    for (let i = start; i < end; i++) {
      const msg = items[i];
      if (!kindOf(msg).shown) continue;
      const ts = msg.ts ?? Date.now();
      if (!prev || dayKey(ts) !== dayKey(prev.ts ?? ts)) {
        out.push(html`<div key=${`d${msg.arrival}`} class="day" role="separator"><span>${dayLabel(ts)}</span></div>`);
        prev = null;
      }
      // "New messages" above the first message from someone else after what was read before the room was opened
      if (i === line) {
        out.push(html`<div key="new-line" class="new-line" role="separator"><span>New messages</span></div>`);
        prev = null;
      }
      const own = msg.from === me && !isBridged(msg);
      const grouped = !!prev && senderKey(prev) === senderKey(msg) && ts - (prev.ts ?? ts) < GROUP_MS
        && msg.type !== 'system' && !prev.failed && !msg.replyTo;
      const quote = msg.replyTo ? quoteOf(log.byId.get(msg.replyTo)) : null;
      const key = `m${msg.arrival}`;
      this.drawn.set(key, msg);
      out.push(html`<${Row} key=${key} rowKey=${key} msg=${msg} rev=${msg.rev} own=${own} grouped=${grouped} me=${me}
        ts=${ts} quote=${quote} replies=${Math.max(msg.replies ?? 0, log.replyCount(msg.id))} actions=${this.actions}
        flash=${msg.id === this.highlight} />`);
      prev = msg;
    }
    if (end >= seg.end && seg.below) out.push(html`<div key="below" class="older muted" role="status">Loading newer messages…</div>`);
    return out;
  }
}
