// The MQTT connection: MQTT 5 over WebSocket straight to the broker, reconnect with backoff, subscriptions.
import mqtt from 'mqtt';
import { removalOf } from './removal.js';
import { dmPeer, isDm, topicOf } from './roomkeys.js';

/** PUBACK / CONNACK reason codes the user may see, in words. */
const REASONS = {
  0x80: 'unspecified error',
  0x86: 'bad user name or password',
  0x87: 'not authorized',
  0x8a: 'banned',
  0x90: 'topic name invalid',
  0x97: 'quota exceeded (too long or too large)',
  0x99: 'payload format invalid',
};
export const reasonText = (code) => REASONS[code] ?? `reason code 0x${Number(code).toString(16)}`;

/** A publish the broker refused with an MQTT 5 reason code. */
export class PublishRefused extends Error {
  constructor(code, reason) {
    super(reason || reasonText(code));
    this.name = 'PublishRefused';
    this.code = code;
  }
}

/** The publish could not be sent now (not connected, or the connection dropped before the PUBACK). */
export class NotSent extends Error {
  constructor(message) {
    super(message);
    this.name = 'NotSent';
  }
}

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15_000;
// A kick without a ban may come straight back: wait long enough for the user to read why they were disconnected.
const AFTER_KICK_MS = 3_000;
// After a ban's end, so the server's clock has passed it too.
const AFTER_BAN_MS = 500;

/**
 * One logical connection that survives drops. Events (CustomEvent detail):
 * - `state`    {state: 'connecting'|'connected'|'reconnecting'|'banned'|'failed', attempt, retryAt, error, removal}
 *              `removal` is what an administrator did ({kind: 'kicked'} or {kind: 'banned', until}), until connected
 *              again; while `banned` no connection is tried before the ban ends.
 * - `ready`    {first}: connected and subscribed (catch up now)
 * - `message`  {room, envelope}
 * - `typing`   {room, signal}
 * - `meta`     {room, meta}: what the room is (its display name, whether it is encrypted), retained
 * - `presence` {user, presence|null}: a DM peer's own presence
 * - `roomPresence` {room, digest}: who is in a room (see room-presence.js)
 * - `mine`     {event}: something that changed for me alone (`{prefix}/users/{me}/events`), e.g. an invitation
 */
export class Connection extends EventTarget {
  constructor({ url, prefix, user, clientId, password }) {
    super();
    this.url = url;
    this.prefix = prefix;
    this.user = user;
    this.clientId = clientId;
    this.password = password;
    this.rooms = new Set();
    this.peers = new Set(); // the other users of my DMs, whose presence I follow
    this.state = 'idle';
    this.attempt = 0;
    this.client = null;
    this.timer = null;
    this.everConnected = false;
    this.closed = false;
    this.removal = null;
  }

  start() {
    this.connect();
    // the device is back on a network (Wi-Fi in range again): no need to wait out the backoff
    this.onOnline = () => this.retryNow();
    globalThis.addEventListener?.('online', this.onOnline);
  }

  /** Stops for good. */
  close() {
    this.closed = true;
    globalThis.removeEventListener?.('online', this.onOnline);
    clearTimeout(this.timer);
    this.client?.end(true);
    this.client = null;
  }

  /** Skips the wait of a pending reconnect. */
  retryNow() {
    if (this.state === 'reconnecting' || this.state === 'failed') {
      clearTimeout(this.timer);
      this.connect();
    }
  }

  topic(room, kind) {
    return topicOf(this.prefix, room, kind);
  }

  /** My DMs, started by me or by anyone else: `dm/+/{me}` and `dm/{me}/+` (a < b in every DM topic). */
  dmFilters() {
    return [`${this.prefix}/dm/+/${this.user}/messages`, `${this.prefix}/dm/${this.user}/+/messages`];
  }

  /**
   * A room's topics: its messages, typing signals, meta (its name; retained, so it arrives on subscribing) and who is
   * in it (presence only of the people in my rooms and DMs, not everyone's).
   */
  roomFilters(room) {
    return {
      [this.topic(room, 'messages')]: { qos: 1 },
      [this.topic(room, 'typing')]: { qos: 0 },
      [this.topic(room, 'meta')]: { qos: 1 },
      [this.topic(room, 'presence')]: { qos: 1 },
    };
  }

  presenceOf(user) {
    return `${this.prefix}/presence/${user}`;
  }

  subscribeRoom(room) {
    if (isDm(room)) {
      // every DM of mine arrives through dmFilters(); the peer's presence needs its own subscription
      const peer = dmPeer(room, this.user);
      if (!peer || this.peers.has(peer)) return;
      this.peers.add(peer);
      if (this.state === 'connected') this.client.subscribe({ [this.presenceOf(peer)]: { qos: 1 } });
      return;
    }
    if (this.rooms.has(room)) return;
    this.rooms.add(room);
    if (this.state === 'connected') this.client.subscribe(this.roomFilters(room));
  }

  unsubscribeRoom(room) {
    if (isDm(room)) {
      const peer = dmPeer(room, this.user);
      if (!peer || !this.peers.delete(peer)) return;
      if (this.state === 'connected') this.client.unsubscribe([this.presenceOf(peer)]);
      return;
    }
    if (!this.rooms.delete(room)) return;
    if (this.state === 'connected') this.client.unsubscribe(Object.keys(this.roomFilters(room)));
  }

  /** Publishes a chat envelope at QoS 1. Resolves on a successful PUBACK; rejects with PublishRefused or NotSent. */
  publishMessage(room, envelope) {
    return new Promise((resolve, reject) => {
      if (this.state !== 'connected') {
        reject(new NotSent('not connected'));
        return;
      }
      this.client.publish(this.topic(room, 'messages'), JSON.stringify(envelope),
        { qos: 1, properties: { payloadFormatIndicator: true, contentType: 'application/json' } },
        (err, packet) => {
          if (!err) {
            resolve();
          } else if (typeof err.code === 'number' && err.code >= 0x80) {
            reject(new PublishRefused(err.code, packet?.properties?.reasonString));
          } else {
            reject(new NotSent(err.message));
          }
        });
    });
  }

  /** Publishes a typing signal at QoS 0 (dropped when offline). */
  publishTyping(room, typing) {
    const topic = this.topic(room, 'typing');
    if (topic && this.state === 'connected') this.client.publish(topic, JSON.stringify({ typing }), { qos: 0 });
  }

  setState(state, extra = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state',
      { detail: { state, attempt: this.attempt, removal: this.removal, ...extra } }));
  }

  connect() {
    if (this.closed) return;
    this.client?.end(true);
    this.setState(this.everConnected ? 'reconnecting' : 'connecting', { retryAt: null });
    const client = mqtt.connect(this.url, {
      protocolVersion: 5,
      clientId: this.clientId,
      username: this.user,
      password: this.password ?? undefined,
      clean: true,
      reconnectPeriod: 0, // reconnects are ours, with backoff
      connectTimeout: 10_000,
      keepalive: 30,
      resubscribe: false,
    });
    this.client = client;
    let refused = null;
    // MQTT.js hands neither a DISCONNECT's nor a refused CONNACK's reason string to its events: read the packets.
    client.on('packetreceive', (packet) => {
      if (client !== this.client) return;
      const removal = removalOf(packet);
      if (removal) this.removal = removal;
    });
    client.on('connect', () => {
      if (client !== this.client) return;
      this.attempt = 0;
      this.removal = null;
      const first = !this.everConnected;
      this.everConnected = true;
      const subs = { [`${this.prefix}/users/${this.user}/events`]: { qos: 1 } };
      for (const filter of this.dmFilters()) subs[filter] = { qos: 1 };
      for (const peer of this.peers) subs[this.presenceOf(peer)] = { qos: 1 };
      for (const room of this.rooms) Object.assign(subs, this.roomFilters(room));
      this.state = 'subscribing';
      client.subscribe(subs, () => {
        if (client !== this.client) return;
        this.setState('connected');
        this.dispatchEvent(new CustomEvent('ready', { detail: { first } }));
      });
    });
    client.on('message', (topic, payload) => {
      if (client === this.client) this.route(topic, payload);
    });
    client.on('error', (err) => {
      if (err && (err.code === 0x86 || err.code === 0x87 || err.code === 0x85)) refused = err;
    });
    client.on('close', () => {
      if (client !== this.client || this.closed) return;
      client.end(true);
      if (refused) {
        this.setState('failed', { error: refused, code: refused.code, reason: reasonText(refused.code) });
        return;
      }
      const banEnds = this.removal?.kind === 'banned' && this.removal.until ? this.removal.until.getTime() : 0;
      if (banEnds > Date.now()) {
        // not one attempt while banned; then once, and the usual backoff should the ban have been renewed
        const retryAt = banEnds + AFTER_BAN_MS;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.connect(), retryAt - Date.now());
        this.setState('banned', { retryAt, until: this.removal.until });
        return;
      }
      this.attempt++;
      const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (this.attempt - 1));
      let delay = Math.round(base / 2 + (Math.random() * base) / 2);
      if (this.removal?.kind === 'kicked' && this.attempt === 1) delay = AFTER_KICK_MS;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.connect(), delay);
      this.setState(this.everConnected ? 'reconnecting' : 'connecting', { retryAt: Date.now() + delay });
    });
  }

  route(topic, payload) {
    const parts = topic.split('/');
    const prefixParts = this.prefix.split('/').length;
    const rest = parts.slice(prefixParts);
    let data = null;
    const text = new TextDecoder().decode(payload);
    if (text.length > 0) {
      try {
        data = JSON.parse(text);
      } catch {
        // everything under the prefix is stamped JSON; anything else is ignored
        return;
      }
    }
    if (rest[0] === 'rooms' && rest.length === 3 && data) {
      const room = rest[1];
      if (rest[2] === 'messages') this.emit('message', { room, envelope: data });
      else if (rest[2] === 'typing') this.emit('typing', { room, signal: data });
      else if (rest[2] === 'meta') this.emit('meta', { room, meta: data });
      else if (rest[2] === 'presence') this.emit('roomPresence', { room, digest: data });
    } else if (rest[0] === 'users' && rest.length === 3 && rest[1] === this.user && rest[2] === 'events' && data) {
      this.emit('mine', { event: data });
    } else if (rest[0] === 'dm' && rest.length === 4 && rest[3] === 'messages' && data) {
      this.emit('message', { room: `dm:${rest[1]}:${rest[2]}`, envelope: data });
    } else if (rest[0] === 'presence' && rest.length === 2) {
      this.emit('presence', { user: rest[1], presence: data });
    }
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
