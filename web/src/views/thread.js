// The thread pane: a message and every reply to it that is loaded, over the message list; "Reply" answers in it.
// The replies come from the log's index of replies (roomlog.js), so drawing a thread never walks the whole log.
import { render } from 'preact';
import { html } from './html.js';
import { kindOf } from '../kinds.js';
import { senderLabel } from '../bridge.js';
import { timeOfDay } from '../text.js';

export class ThreadView {
  /** `prepare(items)`: called with the messages about to be drawn (e.g. to decrypt them). */
  constructor(el, { onReply, onJump, prepare = () => {} }) {
    this.el = el;
    this.onReply = onReply;
    this.onJump = onJump;
    this.prepare = prepare;
    this.root = null;
  }

  /** Shows the thread of `root` with the replies held in `log` (a RoomLog); call `refresh` when the log changes. */
  open(root, log, me) {
    this.root = root;
    this.refresh(log, me);
    this.el.hidden = false;
  }

  refresh(log, me) {
    if (!this.root) return;
    const root = log.byId.get(this.root.id) ?? this.root;
    const replies = log.repliesTo(root.id);
    this.prepare([root, ...replies]);
    const row = (m) => html`<li key=${m.id} class="thread-msg" data-id=${m.id}>
      <div class="meta"><span class="from">${senderLabel(m)}</span> <span class="time muted">${timeOfDay(m.ts ?? Date.now())}</span></div>
      ${kindOf(m).body(m, me)}</li>`;
    render(html`<div class="results-head"><strong>Thread</strong>
        <button type="button" class="link" onClick=${() => this.close()}>Close</button></div>
      <ol class="thread-list">${row(root)}${replies.map(row)}</ol>
      <p class="muted small">${replies.length === 1 ? '1 reply' : `${replies.length} replies`} loaded.
        <button type="button" class="link thread-reply" onClick=${() => { this.onReply(root); this.close(); }}>Reply</button>
        <button type="button" class="link" onClick=${() => { this.close(); this.onJump(root.id); }}>Show in the room</button></p>`, this.el);
  }

  close() {
    this.el.hidden = true;
    this.root = null;
  }
}
