// The bridge as the chat sees it: which of my rooms federate with other sites, whether the bridge is down, and how
// a bridged sender is shown. A bridged `from` is what the other site claims, not an identity this server checked:
// it is always shown with its site (`alice@site-b`), never as a bare local name.
import { h } from './views/dom.js';

const POLL_MS = 10_000;
/** The random tail of a site id (`site-b-4k2m9q` → `site-b`); the full id stays in the tooltip. */
const ORIGIN_TAIL = /-[a-z0-9]{6}$/;

/** Whether a message came from another site through the bridge. */
export const isBridged = (msg) => msg?.via === 'bridge';

/** The readable part of a site id. */
export function siteName(origin) {
  if (typeof origin !== 'string' || origin === '') return 'remote';
  const short = origin.replace(ORIGIN_TAIL, '');
  return short === '' ? origin : short;
}

/** The sender as shown: `alice` for local messages, `alice@site-b` for bridged ones. */
export function senderLabel(msg) {
  const from = msg?.from ?? '?';
  return isBridged(msg) ? `${from}@${siteName(msg.origin)}` : from;
}

/** A key that tells senders apart across sites (for grouping runs of messages). */
export const senderKey = (msg) => (isBridged(msg) ? `${msg.from}@${msg.origin}` : msg?.from);

/** The bridge banner's text, or null when there is nothing to say. */
export function bridgeBannerText(status) {
  if (!status?.enabled || status.connected) return null;
  return 'The bridge to other sites is down: messages in bridged rooms reach this server only, and go out when it is back.';
}

/** Polls `GET /api/bridge?rooms=…` for the joined rooms and shows a banner while the bridge is down. */
export class BridgeWatch {
  constructor(doc, { fetchStatus, onChange }) {
    this.fetchStatus = fetchStatus;
    this.onChange = onChange;
    this.status = null;
    this.bridged = new Set();
    this.rooms = [];
    this.timer = null;
    this.el = h('div', { id: 'bridge-banner', class: 'banner bridge-banner', role: 'status', 'aria-live': 'polite', hidden: true });
    const banner = doc.getElementById('banner');
    if (banner) banner.after(this.el);
  }

  /** Starts (or restarts) polling for these rooms. */
  watch(rooms) {
    this.rooms = [...rooms];
    clearTimeout(this.timer);
    this.poll();
  }

  /** Watches these rooms from now on, if they are not the ones already watched. */
  track(rooms) {
    if (rooms.length === this.rooms.length && rooms.every((r, i) => r === this.rooms[i])) return;
    this.watch(rooms);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  async poll() {
    try {
      const status = await this.fetchStatus(this.rooms);
      this.apply(status);
    } catch (e) {
      if (e.status === 404) return; // a server without a bridge: nothing to watch
    }
    this.timer = setTimeout(() => this.poll(), POLL_MS);
  }

  apply(status) {
    this.status = status;
    const bridged = new Set(status?.bridged ?? []);
    const changed = bridged.size !== this.bridged.size || [...bridged].some((r) => !this.bridged.has(r));
    this.bridged = bridged;
    const text = bridgeBannerText(status);
    this.el.hidden = text === null;
    this.el.dataset.state = text === null ? 'connected' : 'bridge-down';
    this.el.textContent = text ?? '';
    if (changed) this.onChange?.();
  }

  isBridged(room) {
    return this.bridged.has(room);
  }
}
