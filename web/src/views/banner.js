// The connection banner: connecting / connected / reconnecting (with the backoff countdown) / banned / failed.
import { h } from './dom.js';
import { timeOfDay } from '../text.js';

export class Banner {
  constructor(el, { onRetry }) {
    this.el = el;
    this.onRetry = onRetry;
    this.timer = null;
    this.hideTimer = null;
  }

  /**
   * `state` as the Connection reports it; `retryAt` (ms) shows a countdown; `message` explains a failure; `removal`
   * is an administrator's kick or ban ({kind, until}); `offline`: the page opened without the server and shows what
   * this device kept.
   */
  show({ state, retryAt, message, removal, offline = false }) {
    clearInterval(this.timer);
    clearTimeout(this.hideTimer);
    this.el.dataset.state = offline && state !== 'connected' ? 'offline' : state;
    this.el.hidden = false;
    const render = () => {
      let text;
      if (offline && (state === 'connecting' || state === 'reconnecting')) {
        text = `Offline: showing messages kept on this device. ${retryAt ? `Trying again ${countdown(retryAt)}…` : 'Connecting…'}`;
      } else if (state === 'connecting') text = retryAt ? `Can't reach the server. Trying again ${countdown(retryAt)}…` : 'Connecting…';
      else if (state === 'banned') text = removal?.until ? `Banned until ${timeOfDay(removal.until.getTime())}` : 'Banned';
      else if (state === 'reconnecting' && removal?.kind === 'kicked') {
        text = `Disconnected by an administrator. ${retryAt ? `Reconnecting ${countdown(retryAt)}…` : 'Reconnecting…'}`;
      } else if (state === 'reconnecting') text = retryAt ? `Connection lost. Reconnecting ${countdown(retryAt)}…` : 'Reconnecting…';
      else if (state === 'connected') text = 'Connected';
      else text = message || 'Disconnected';
      const retry = (state === 'reconnecting' || state === 'connecting') && retryAt
        ? h('button', { type: 'button', class: 'link', onclick: () => this.onRetry() }, 'Retry now')
        : null;
      this.el.replaceChildren(h('span', { class: 'banner-text' }, text), retry ?? '');
    };
    render();
    if (retryAt) this.timer = setInterval(render, 500);
    if (state === 'connected') this.hideTimer = setTimeout(() => { this.el.hidden = true; }, 1500);
  }
}

function countdown(at) {
  const s = Math.max(0, Math.ceil((at - Date.now()) / 1000));
  return s <= 0 ? 'now' : `in ${s}\u00a0s`; // a no-break space: a narrow banner must not put the "s" alone on a line
}
