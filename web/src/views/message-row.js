// One message of the list: sender, time, the quote of the message it answers, its body (kinds.js), "(edited)",
// reactions, reply count and its actions. Memoized on its props: `rev` changes whenever the message does.
import { html, memo } from './html.js';
import { isBridged, senderLabel } from '../bridge.js';
import { editable, kindOf } from '../kinds.js';
import { summary } from '../markdown.js';
import { fullTime, mentions, timeOfDay } from '../text.js';

/** What a reply shows of the message it answers: its sender and its text as one plain line (markdown taken out). */
export function quoteOf(target) {
  if (!target) return 'a message not loaded here';
  if (target.deleted) return `${target.from}: (deleted)`;
  const name = typeof target.file?.name === 'string' ? `📎 ${target.file.name}` : '';
  const text = summary(target.text, 80);
  return `${target.from}: ${text || name}`;
}

/**
 * The time a row shows: when the server received it, or "written 10:02, delivered 10:31" for a message written more
 * than a minute before it was delivered (offline, in the outbox). The client's `sentAt` is shown, never used for order.
 */
export function timeLabel(msg, ts) {
  const written = msg.sentAt;
  if (msg.pending || !Number.isInteger(written) || !Number.isFinite(ts) || ts - written <= 60_000) return timeOfDay(ts);
  return `written ${timeOfDay(written)}, delivered ${timeOfDay(ts)}`;
}

const chattable = (msg) => msg.type !== 'system' && !msg.deleted && !msg.pending && !msg.failed && msg.id;

/** One message. Memoized on its props: `rev` changes whenever the message does. */
export const Row = memo(({ rowKey, msg, own, grouped, me, ts, quote, replies, actions, flash }) => {
  const bridged = isBridged(msg);
  const classes = ['msg'];
  if (own) classes.push('own');
  if (grouped) classes.push('grouped');
  if (msg.pending) classes.push('pending');
  if (msg.failed) classes.push('failed');
  if (!own && mentions(msg.text, me)) classes.push('mentioned');
  if (bridged) classes.push('bridged');
  if (msg.deleted) classes.push('deleted');
  if (flash) classes.push('flash');
  const date = new Date(ts);
  const meta = grouped ? null : html`<div class="meta">
      <span class="from" title=${bridged ? `${msg.from} at ${msg.origin ?? 'another site'}: a name that site claims, not checked here` : undefined}>${senderLabel(msg)}</span>
      ${bridged ? html`<span class="bridged-badge">bridged</span>` : null}
      ${msg.bot ? html`<span class="bot-badge" title="Sent by a program (a bot or a webhook)">bot</span>` : null}
      <time class="time" datetime=${date.toISOString()} title=${fullTime(ts)}>${timeLabel(msg, ts)}</time>
    </div>`;
  const reactions = Object.entries(msg.reactions ?? {}).filter(([, users]) => users?.length);
  return html`<div class=${classes.join(' ')} data-key=${rowKey} data-id=${msg.id ?? ''} data-seq=${msg.seq ?? ''} data-from=${msg.from ?? ''}>
    ${meta}
    ${quote ? html`<button type="button" class="reply-quote" title="Show the message this answers" onClick=${() => actions.jump(msg.replyTo)}>↪ ${quote}</button>` : null}
    <div class="bubble">${kindOf(msg).body(msg, me)}${msg.edited && !msg.deleted ? html`<span class="edited muted" title=${fullTime(msg.edited)}> (edited)</span>` : null}${grouped ? html`<span class="time-inline">${timeLabel(msg, ts)}</span>` : null}</div>
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
    ${msg.pending ? html`<div class="status muted">Pending: sends when connected</div>` : null}
    ${msg.failed ? html`<div class="status error" role="alert">Failed: ${msg.failed}
      ${actions.retry ? html`<button type="button" class="link act-retry" onClick=${() => actions.retry(msg)}>Retry</button>` : null}
      <button type="button" class="link act-discard" onClick=${() => actions.dismiss(msg)}>Discard</button></div>` : null}
  </div>`;
});
