// The chat controller: identity, rooms, unread counts, history and catch-up, typing, presence, notifications.
// It keeps the state; the views in views/ only touch the DOM; api.js and connection.js talk to the server.
import * as api from './api.js';
import { BridgeWatch } from './bridge.js';
import { Connection, NotSent, PublishRefused, reasonText } from './connection.js';
import { EncryptedRooms } from './e2e/rooms.js';
import { ID_RE, randomClientId, randomMessageId, randomRoomId, ROOM_RE, toRoomId, userNameProblem } from './ids.js';
import { RoomLog } from './roomlog.js';
import { store } from './store.js';
import { mentions, typingText } from './text.js';
import { Banner } from './views/banner.js';
import { Composer } from './views/composer.js';
import { $ } from './views/dom.js';
import { JoinView } from './views/join.js';
import { LockPanel } from './views/lock.js';
import { MessageList } from './views/messages.js';
import { SearchView } from './views/search.js';
import { Sidebar } from './views/sidebar.js';
import { Toasts } from './views/toast.js';
import { showTrust } from './views/trust.js';

const PAGE = 50;
const CATCH_UP_PAGE = 200;
const CATCH_UP_RETRIES = 5;
/** Worth retrying: the server could not be reached or failed (not a 4xx answer about the request). */
const isTransient = (e) => !e.status || e.status >= 500;
const TYPING_RESEND_MS = 3000;
const TYPING_IDLE_MS = 4000;
const TYPING_SHOW_MS = 6000;

const HASH_RE = /^#\/r\/([^/?#]+)(?:\?k=([A-Za-z0-9_-]+))?$/;

/** The room in an invite link (`#/r/{room}`, or `#/r/{room}?k=KEY` for an encrypted room), or null. */
export function roomFromHash(hash) {
  const m = HASH_RE.exec(hash ?? '');
  if (!m) return null;
  const room = decodeURIComponent(m[1]);
  return ROOM_RE.test(room) ? room : null;
}

/** The room key in an invite link's fragment (`?k=…`, never sent to the server), or null. */
export function keyFromHash(hash) {
  return HASH_RE.exec(hash ?? '')?.[2] ?? null;
}

export class App {
  constructor(doc) {
    this.doc = doc;
    this.root = $('#app', doc);
    this.info = null;
    this.me = null; // {user, clientId}
    this.conn = null;
    this.rooms = [];
    this.active = null;
    this.logs = new Map();
    this.older = new Map(); // room → 'loading' | 'start'
    this.unread = store.unread();
    this.mentioned = new Set();
    this.readSeq = store.readSeqs();
    this.outbox = new Map(); // id → {room, envelope}
    this.catchingUp = new Map(); // room → Promise
    this.presence = new Map();
    this.typing = new Map(); // room → Map(user → expiresAt)
    this.typingTimer = null;
    this.typingSentAt = 0;
    this.typingIdle = null;
    this.hiddenCount = 0;
    this.historyApi = true;
    this.pendingRoom = roomFromHash(location.hash);
    this.e2e = new EncryptedRooms();
    if (this.pendingRoom && keyFromHash(location.hash)) this.e2e.useInviteKey(this.pendingRoom, keyFromHash(location.hash));

    this.toasts = new Toasts($('#toasts', doc));
    this.join = new JoinView($('#join', doc), { onJoin: (form) => this.onJoinForm(form) });
    this.banner = new Banner($('#banner', doc), { onRetry: () => this.conn?.retryNow() });
    this.bridge = new BridgeWatch(doc, { fetchStatus: (rooms) => api.bridge(rooms), onChange: () => this.renderRooms() });
    this.sidebar = new Sidebar($('#sidebar', doc), {
      onOpen: (room) => this.openRoom(room),
      onJoinRoom: (name) => this.joinRoomByName(name),
      onNewRoom: () => this.newRandomRoom(),
      onLeave: (room) => this.leaveRoom(room),
      onSignOut: () => this.signOut(),
    });
    this.list = new MessageList($('#messages', doc), {
      onNeedOlder: () => this.loadOlder(),
      onDismiss: (msg) => { this.log(msg.room ?? this.active).remove(msg.id); this.renderMessages(); },
    });
    this.composer = new Composer($('#composer', doc), {
      onSend: (text) => this.send(text),
      onTyping: (hasText) => this.typed(hasText),
    });
    this.search = new SearchView({ form: $('#search', doc), panel: $('#search-results', doc) }, {
      onSearch: (q) => this.runSearch(q),
      onPick: (result) => this.openRoom(result.room),
    });
    this.roomTitle = $('#room-title', doc);
    this.roomLock = $('#room-lock', doc);
    this.encryptButton = $('#encrypt', doc);
    this.lock = new LockPanel($('#lock-panel', doc), {
      onSubmit: (form) => this.onLockForm(form),
      onCancel: () => this.lock.hide(),
    });
    this.encryptButton.addEventListener('click', () => this.lock.show('create', this.active));
    // a wrong passphrase shows "can't decrypt": the lock lets the user try another one
    this.roomLock.addEventListener('click', () => this.lock.show('unlock', this.active, true));
    $('#new-e2e-room', doc).addEventListener('click', () => this.newEncryptedRoom());
    this.typingEl = $('#typing', doc);
    this.invitePop = $('#invite-pop', doc);
    this.inviteUrl = $('#invite-url', doc);
    this.inviteQr = $('#invite-qr', doc);
    this.inviteQr.addEventListener('error', () => { this.inviteQr.hidden = true; });
    $('#invite', doc).addEventListener('click', () => this.toggleInvite());
    $('#invite-copy', doc).addEventListener('click', () => this.copyInvite());
    $('#menu', doc).addEventListener('click', () => this.root.classList.toggle('nav-open'));
    $('#scrim', doc).addEventListener('click', () => this.root.classList.remove('nav-open'));
    window.addEventListener('hashchange', () => {
      const room = roomFromHash(location.hash);
      if (room && keyFromHash(location.hash)) this.e2e.useInviteKey(room, keyFromHash(location.hash));
      if (room && this.conn) this.openRoom(room);
      else if (room) this.pendingRoom = room;
    });
    doc.addEventListener('visibilitychange', () => {
      if (!doc.hidden) {
        this.hiddenCount = 0;
        this.markRead();
        this.updateTitle();
      }
    });
  }

  async start() {
    for (let wait = 1000; !this.info; wait = Math.min(wait * 2, 10_000)) {
      try {
        this.info = await api.info();
      } catch (e) {
        this.join.show({ user: store.user(), clientId: this.clientIdFor(store.user()), error: `Cannot reach the server: ${e.message}. Retrying…` });
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    $('#server-name', this.doc).textContent = this.info.name;
    showTrust(this.doc, this.info, location);
    this.join.setAccounts(this.info.auth === 'accounts', this.info.signup === true);
    this.composer.setMaxChars(this.info.limits?.maxTextChars ?? 4000);
    const user = store.user();
    if (user && !userNameProblem(user)) {
      await this.signIn({ user, clientId: this.clientIdFor(user), interactive: false });
    } else {
      this.join.show({ user, clientId: this.clientIdFor(user), invitedTo: this.pendingRoom });
    }
  }

  clientIdFor(user) {
    const chosen = store.chosenClientId();
    if (chosen) return chosen;
    let id = store.tabClientId();
    if (!id || (user && !id.startsWith(`${user}-web-`))) {
      id = randomClientId(user);
      store.setTabClientId(id);
    }
    return id;
  }

  // ---- identity ----

  onJoinForm({ user, clientId, password, signup }) {
    const problem = userNameProblem(user);
    if (problem) {
      this.join.setError(problem);
      return;
    }
    if (clientId && !ID_RE.test(clientId)) {
      this.join.setError('A client id has 1 to 64 letters, digits, - and _.');
      return;
    }
    const generated = /^[a-z0-9_-]*-web-([a-z2-7]{6})$/.exec(clientId);
    if (!clientId) {
      store.setChosenClientId(null);
      clientId = this.clientIdFor(user);
    } else if (generated) {
      clientId = `${user}-web-${generated[1]}`; // a generated id follows the name
      store.setTabClientId(clientId);
      store.setChosenClientId(null);
    } else {
      store.setChosenClientId(clientId); // typed under "advanced": kept
    }
    if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().catch(() => {});
    this.signIn({ user, clientId, interactive: true, password, signup });
  }

  /**
   * auth: accounts: signs in with the password (or creates the account) and keeps only the session token, which is
   * also the MQTT password; without a password, the kept token if the server still knows it. Null: show the form.
   */
  async accountSession({ user, clientId, password, signup }) {
    try {
      if (password) {
        const { token } = await (signup ? api.signup(user, password) : api.login(user, password));
        store.setSecret(user, token);
        return token;
      }
      const token = store.secret(user);
      if (token && (await api.session()).user === user) return token;
    } catch (e) {
      if (password) {
        this.join.show({ user, clientId, invitedTo: this.pendingRoom, error: `Could not sign in as “${user}”: ${e.message}` });
        return null;
      }
    }
    store.setSecret(user, null);
    this.join.show({ user, clientId, invitedTo: this.pendingRoom });
    return null;
  }

  /** Claims the name on first use (auth: open), or signs in (auth: accounts), then connects. */
  async signIn({ user, clientId, interactive, password, signup }) {
    this.join.busy(true);
    if (this.info.auth === 'accounts') {
      const token = await this.accountSession({ user, clientId, password, signup });
      if (token === null) return;
      store.setUser(user);
      this.me = { user, clientId };
      this.enterChat(token, interactive);
      return;
    }
    let secret = store.secret(user);
    if (!secret && this.info.auth === 'open') {
      try {
        secret = (await api.claim(user)).secret ?? null;
        if (secret) store.setSecret(user, secret);
      } catch (e) {
        if (e.status === 409) {
          this.join.show({ user, clientId, invitedTo: this.pendingRoom, error: `The name “${user}” is taken. Pick another one.` });
          return;
        }
        if (e.status !== 404 && e.status !== 405) {
          // 404: this server has no claims; anything else is worth telling
          this.join.show({ user, clientId, invitedTo: this.pendingRoom, error: `Could not claim “${user}”: ${e.message}` });
          return;
        }
      }
    }
    // The secret also opens a web session (the HttpOnly cookie): changing a room, such as making it encrypted, needs one.
    if (secret) await api.login(user, secret).catch(() => {}); // without it chat still works; changes get a clear 401
    store.setUser(user);
    this.me = { user, clientId };
    this.enterChat(secret, interactive);
  }

  signOut() {
    if (this.me) api.logout(); // ends the web session; in auth: open the kept secret still proves the name
    if (this.info?.auth === 'accounts' && this.me) store.setSecret(this.me.user, null);
    this.conn?.close();
    this.conn = null;
    this.root.classList.remove('in-chat', 'nav-open');
    $('#chat', this.doc).hidden = true;
    this.join.show({ user: this.me?.user, clientId: this.me?.clientId });
  }

  // ---- chat ----

  enterChat(secret, interactive) {
    this.join.hide();
    $('#chat', this.doc).hidden = false;
    this.root.classList.add('in-chat');
    this.sidebar.setMe(this.me.user, this.me.clientId);
    this.rooms = store.rooms().filter((r) => ROOM_RE.test(r));
    const wanted = this.pendingRoom ?? store.lastRoom();
    if (this.rooms.length === 0 && !wanted) this.rooms.push('general');
    this.conn = new Connection({
      url: this.info.ws.url, prefix: this.info.prefix, user: this.me.user, clientId: this.me.clientId, password: secret,
    });
    for (const room of this.rooms) this.conn.subscribeRoom(room);
    this.conn.addEventListener('state', (e) => this.onState(e.detail));
    this.conn.addEventListener('ready', (e) => this.onReady(e.detail));
    this.conn.addEventListener('message', (e) => this.onMessage(e.detail.room, e.detail.envelope, true));
    this.conn.addEventListener('typing', (e) => this.onTypingSignal(e.detail.room, e.detail.signal));
    this.conn.addEventListener('presence', (e) => this.onPresence(e.detail.user, e.detail.presence));
    this.conn.start();
    this.openRoom(wanted && ROOM_RE.test(wanted) ? wanted : this.rooms[0]);
    this.pendingRoom = null;
    this.renderPeople();
    if (interactive) this.composer.focus();
  }

  onState({ state, retryAt, code, removal }) {
    if (state === 'failed' && (code === 0x86 || code === 0x87)) {
      const user = this.me.user;
      this.signOut();
      this.join.setError(this.info.auth === 'accounts'
        ? `The server refused “${user}” (${reasonText(code)}): sign in again.`
        : `The server refused “${user}” (${reasonText(code)}): the name is claimed and this browser does not have its secret. Pick another name.`);
      return;
    }
    this.banner.show({ state, retryAt, removal,
      message: state === 'failed' ? `Disconnected: ${reasonText(code)}` : undefined });
    this.root.dataset.connection = state;
    this.renderPeople();
  }

  async onReady({ first }) {
    for (const id of this.outbox.keys()) this.publish(id);
    await this.refreshUnread();
    for (const room of this.rooms) {
      const log = this.logs.get(room);
      if (log && log.syncedSeq !== null) this.catchUp(room);
    }
    if (first && this.active) this.ensureLoaded(this.active);
  }

  log(room) {
    let log = this.logs.get(room);
    if (!log) {
      log = new RoomLog(room);
      this.logs.set(room, log);
    }
    return log;
  }

  /** A message received live (or while catching up). */
  onMessage(room, envelope, live) {
    if (!this.rooms.includes(room) || typeof envelope !== 'object' || envelope === null) return;
    const log = this.log(room);
    const result = log.add({ ...envelope, room });
    if (result === 'duplicate') return;
    const fromOther = envelope.from !== this.me.user;
    if (result === 'added' && fromOther) {
      const seen = room === this.active && !this.doc.hidden;
      const mentioned = mentions(envelope.text, this.me.user);
      if (!seen) {
        if (room !== this.active) this.unread[room] = (this.unread[room] ?? 0) + 1;
        if (mentioned && room !== this.active) this.mentioned.add(room);
        store.setUnread(this.unread);
      }
      if (live && this.doc.hidden) {
        this.hiddenCount++;
        this.updateTitle();
      }
      if (live && (this.doc.hidden || (mentioned && room !== this.active))) this.notify(room, envelope, mentioned);
    }
    if (fromOther && this.typing.get(room)?.delete(envelope.from)) this.renderTyping();
    if (log.advance()) this.catchUp(room);
    if (room === this.active) {
      this.renderMessages({ toBottom: !fromOther });
      this.markRead();
    }
    this.renderRooms();
  }

  /** Loads the latest page of a room's history, once. */
  async ensureLoaded(room) {
    const log = this.log(room);
    if (log.loaded || log.loading) return;
    log.loading = true;
    try {
      const page = await api.messages(room, { limit: PAGE });
      for (const m of page.messages) log.add({ ...m, room });
      log.hasOlder = page.hasMore;
      const seqs = page.messages.map((m) => m.seq).filter(Number.isInteger);
      log.syncedSeq = seqs.length ? Math.max(...seqs) : 0;
      if (!log.hasOlder) this.older.set(room, 'start');
      log.loaded = true;
      if (log.advance()) this.catchUp(room);
    } catch (e) {
      if (e.status === 404 && /route/i.test(e.message)) {
        this.historyApi = false; // this server keeps no history: live messages only
        log.loaded = true;
      } else if (e.status === 404) {
        log.syncedSeq = 0;
        log.loaded = true;
      } else {
        this.toasts.show(`Could not load #${room}: ${e.message}`, { kind: 'error' });
      }
    } finally {
      log.loading = false;
    }
    if (room === this.active) {
      this.renderMessages({ toBottom: true });
      this.markRead();
    }
  }

  /** Fetches everything after the last message held without a gap, page by page. */
  catchUp(room, attempt = 0) {
    const log = this.log(room);
    if (log.syncedSeq === null) return Promise.resolve();
    if (this.catchingUp.has(room)) {
      this.catchingUp.get(room).again = true;
      return this.catchingUp.get(room).promise;
    }
    const job = { again: false };
    job.promise = (async () => {
      let failed = null;
      try {
        do {
          job.again = false;
          for (;;) {
            const page = await api.messages(room, { after: log.syncedSeq, limit: CATCH_UP_PAGE });
            for (const m of page.messages) this.onMessage(room, m, false);
            const seqs = page.messages.map((m) => m.seq).filter(Number.isInteger);
            if (seqs.length && log.syncedSeq < Math.max(...seqs) && !log.bySeq.has(log.syncedSeq + 1)) {
              log.syncedSeq = Math.max(...seqs); // the server skipped seqs (deleted messages): don't ask again
            }
            log.advance();
            if (!page.hasMore || seqs.length === 0) break;
          }
        } while (job.again);
      } catch (e) {
        failed = e;
      } finally {
        this.catchingUp.delete(room);
      }
      if (room === this.active) this.renderMessages();
      if (failed && isTransient(failed) && attempt < CATCH_UP_RETRIES) {
        // The broker can be back before the web server (a restart): try again shortly, with backoff.
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
        return this.catchUp(room, attempt + 1);
      }
      if (failed && failed.status !== 404) {
        this.toasts.show(`Could not catch up #${room}: ${failed.message}`, { kind: 'error' });
      }
    })();
    this.catchingUp.set(room, job);
    return job.promise;
  }

  async loadOlder() {
    const room = this.active;
    const log = this.log(room);
    if (!log.loaded || !log.hasOlder || log.oldestSeq === null || this.older.get(room) === 'loading') return;
    this.older.set(room, 'loading');
    this.renderMessages();
    try {
      const page = await api.messages(room, { before: log.oldestSeq, limit: PAGE });
      for (const m of page.messages) log.add({ ...m, room });
      log.hasOlder = page.hasMore && page.messages.length > 0;
      this.older.set(room, log.hasOlder ? null : 'start');
    } catch (e) {
      this.older.delete(room);
      this.toasts.show(`Could not load older messages: ${e.message}`, { kind: 'error' });
    }
    if (room === this.active) this.renderMessages();
  }

  /** Unread counts after a reload or a reconnect: the server's last seq against the last seq read here. */
  async refreshUnread() {
    if (this.rooms.length === 0) return;
    try {
      const { rooms } = await api.rooms(this.rooms);
      for (const { room, lastSeq } of rooms) {
        if (!this.rooms.includes(room) || !Number.isInteger(lastSeq)) continue;
        if (room === this.active) continue;
        const read = this.readSeq[room];
        if (Number.isInteger(read)) {
          // live counts and the server's count overlap: the larger one is right
          this.unread[room] = Math.max(this.unread[room] ?? 0, lastSeq - read);
        } else {
          this.readSeq[room] = lastSeq; // first time seen here: nothing unread yet
        }
      }
      store.setUnread(this.unread);
      store.setReadSeqs(this.readSeq);
      this.renderRooms();
    } catch {
      // no room list on this server: counts come from live messages only
    }
  }

  markRead() {
    if (!this.active || this.doc.hidden) return;
    const last = this.logs.get(this.active)?.lastSeq;
    if (Number.isInteger(last) && last > (this.readSeq[this.active] ?? -1)) {
      this.readSeq[this.active] = last;
      store.setReadSeqs(this.readSeq);
    }
    if (this.unread[this.active]) {
      delete this.unread[this.active];
      store.setUnread(this.unread);
      this.renderRooms();
    }
    this.mentioned.delete(this.active);
  }

  // ---- rooms ----

  openRoom(room) {
    if (!ROOM_RE.test(room)) return;
    if (!this.rooms.includes(room)) {
      this.rooms.push(room);
      store.setRooms(this.rooms);
      this.conn?.subscribeRoom(room);
    }
    if (this.active !== room) this.stopTyping();
    this.active = room;
    store.setLastRoom(room);
    store.setRooms(this.rooms);
    if (location.hash !== `#/r/${room}`) history.replaceState(null, '', `#/r/${room}`);
    this.roomTitle.textContent = room;
    this.invitePop.hidden = true;
    this.composer.setRoom(room);
    this.root.classList.remove('nav-open');
    this.unread[room] = 0;
    this.mentioned.delete(room);
    this.renderMessages({ toBottom: true });
    this.renderRooms();
    this.renderTyping();
    this.updateTitle();
    if (this.conn?.state === 'connected') this.ensureLoaded(room);
    this.markRead();
    this.refreshLock(room);
  }

  // ---- end-to-end encrypted rooms ----

  /** Shows whether the active room is encrypted, and asks for its passphrase when this browser has no key. */
  async refreshLock(room) {
    let meta = null;
    try {
      meta = await this.e2e.load(room);
    } catch (e) {
      this.toasts.show(`Could not tell whether #${room} is encrypted: ${e.message}`, { kind: 'error' });
    }
    if (room !== this.active) return;
    this.roomLock.hidden = !meta;
    this.encryptButton.hidden = !!meta;
    if (meta && !this.e2e.hasKey(room)) this.lock.show('unlock', room);
    else if (this.lock.mode === 'unlock' || (meta && this.lock.mode === 'create')) this.lock.hide();
    this.renderMessages();
  }

  async onLockForm({ mode, passphrase, remember }) {
    const room = this.active;
    this.lock.busy(true);
    try {
      if (mode === 'unlock') await this.e2e.unlock(room, passphrase, remember);
      else await this.e2e.create(room, { passphrase: passphrase || null, remember });
      this.lock.hide();
      await this.refreshLock(room);
      if (mode === 'create') this.toggleInvite(true);
    } catch (e) {
      this.lock.setError(e.error === 'room_has_messages'
        ? `#${room} already has plain messages: encrypt a new room instead.` : e.message);
    } finally {
      this.lock.busy(false);
    }
  }

  /** A new random room, encrypted with a random key that travels in the invite link's fragment. */
  async newEncryptedRoom() {
    const room = randomRoomId();
    try {
      await this.e2e.create(room);
    } catch (e) {
      this.toasts.show(`Could not create an encrypted room: ${e.message}`, { kind: 'error' });
      return;
    }
    this.openRoom(room);
    this.toggleInvite(true);
  }

  joinRoomByName(name) {
    const room = toRoomId(name);
    if (!room) {
      this.toasts.show('A room name uses lower-case letters, digits, - and _ (up to 64).', { kind: 'error' });
      return false;
    }
    this.openRoom(room);
    return true;
  }

  newRandomRoom() {
    this.openRoom(randomRoomId());
    this.toggleInvite(true);
  }

  leaveRoom(room) {
    this.rooms = this.rooms.filter((r) => r !== room);
    store.setRooms(this.rooms);
    this.conn?.unsubscribeRoom(room);
    this.logs.delete(room);
    delete this.unread[room];
    store.setUnread(this.unread);
    if (this.active === room) this.openRoom(this.rooms[0] ?? 'general');
    else this.renderRooms();
  }

  inviteLink(room) {
    return `${location.origin}${location.pathname}#/r/${room}${this.e2e.inviteSuffix(room)}`;
  }

  toggleInvite(open = this.invitePop.hidden) {
    this.invitePop.hidden = !open;
    if (open) {
      this.inviteUrl.value = this.inviteLink(this.active);
      const keyed = this.e2e.inviteSuffix(this.active) !== '';
      this.invitePop.querySelector('label').textContent = !this.e2e.isEncrypted(this.active)
        ? 'Invite link: anyone with it can join this room'
        : keyed ? 'Invite link: it carries the room key, so anyone with it can read this room'
          : 'Invite link: they also need the passphrase';
      // The server draws the QR code with its LAN address, so a phone can scan it even when this page is on localhost.
      // A link with a room key must never reach the server, not even to draw its QR code.
      this.inviteQr.hidden = this.e2e.inviteSuffix(this.active) !== '';
      if (!this.inviteQr.hidden) this.inviteQr.src = `/api/qr.svg?room=${encodeURIComponent(this.active)}`;
      this.copyInvite();
    }
  }

  async copyInvite() {
    const link = this.inviteUrl.value || this.inviteLink(this.active);
    try {
      await navigator.clipboard.writeText(link);
      this.toasts.show('Invite link copied. Anyone with the link can join this room.');
    } catch {
      this.inviteUrl.focus();
      this.inviteUrl.select();
      const ok = this.doc.execCommand?.('copy');
      this.toasts.show(ok ? 'Invite link copied.' : 'Copy the selected invite link to share it.');
    }
  }

  // ---- sending ----

  send(text) {
    const max = this.info.limits?.maxTextChars ?? Infinity;
    if ([...text].length > max) {
      this.toasts.show(`That message is too long: at most ${max} characters.`, { kind: 'error' });
      return false;
    }
    let envelope = { v: 1, id: randomMessageId(), type: 'text', text, replyTo: null };
    const room = this.active;
    let shown = envelope;
    if (this.e2e.isEncrypted(room)) {
      if (!this.e2e.hasKey(room)) {
        this.toasts.show(`#${room} is end-to-end encrypted: enter its passphrase first.`, { kind: 'error' });
        return false;
      }
      envelope = { v: 1, id: envelope.id, type: 'e2e', e2e: this.e2e.seal(room, this.me.user, envelope.id, text) };
      shown = { ...envelope, text, e2eState: 'ok' };
    }
    this.log(room).add({ ...shown, room, from: this.me.user, client: this.me.clientId, ts: Date.now(), pending: true });
    this.outbox.set(envelope.id, { room, envelope });
    this.publish(envelope.id);
    this.stopTyping();
    this.renderMessages({ toBottom: true });
    return true;
  }

  publish(id) {
    const entry = this.outbox.get(id);
    if (!entry || !this.conn) return;
    this.conn.publishMessage(entry.room, entry.envelope).then(() => {
      this.outbox.delete(id);
      const item = this.logs.get(entry.room)?.byId.get(id);
      if (item?.pending) {
        item.pending = false;
        if (entry.room === this.active) this.renderMessages();
      }
    }, (e) => {
      if (e instanceof NotSent) return; // stays in the outbox: sent again when connected
      this.outbox.delete(id);
      const item = this.logs.get(entry.room)?.byId.get(id);
      const why = e instanceof PublishRefused ? `${e.message} (0x${e.code.toString(16)})` : e.message;
      if (item) {
        item.pending = false;
        item.failed = why;
      }
      this.toasts.show(`Message not sent: ${why}`, { kind: 'error' });
      if (entry.room === this.active) this.renderMessages();
    });
  }

  // ---- typing ----

  typed(hasText) {
    if (!this.conn || !this.active) return;
    clearTimeout(this.typingIdle);
    if (!hasText) {
      this.stopTyping();
      return;
    }
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_RESEND_MS) {
      this.typingSentAt = now;
      this.typingRoom = this.active;
      this.conn.publishTyping(this.active, true);
    }
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping() {
    clearTimeout(this.typingIdle);
    if (this.typingSentAt && this.typingRoom) this.conn?.publishTyping(this.typingRoom, false);
    this.typingSentAt = 0;
    this.typingRoom = null;
  }

  onTypingSignal(room, signal) {
    const from = signal?.from;
    if (!from || from === this.me.user) return;
    let users = this.typing.get(room);
    if (!users) this.typing.set(room, (users = new Map()));
    if (signal.typing) users.set(from, Date.now() + TYPING_SHOW_MS);
    else users.delete(from);
    this.renderTyping();
  }

  renderTyping() {
    clearTimeout(this.typingTimer);
    const users = this.typing.get(this.active) ?? new Map();
    const now = Date.now();
    for (const [user, until] of users) if (until <= now) users.delete(user);
    this.typingEl.textContent = typingText([...users.keys()].sort());
    if (users.size) this.typingTimer = setTimeout(() => this.renderTyping(), 1000);
  }

  // ---- presence ----

  onPresence(user, presence) {
    if (presence && typeof presence.status === 'string') this.presence.set(user, presence);
    else this.presence.delete(user);
    this.renderPeople();
  }

  renderPeople() {
    if (!this.me) return;
    const people = [];
    const connected = this.conn?.state === 'connected';
    for (const [user, p] of this.presence) {
      if (p.status === 'offline' || user === this.me.user) continue;
      people.push({ user, status: p.status === 'away' ? 'away' : 'online' });
    }
    people.sort((a, b) => (a.status === b.status ? a.user.localeCompare(b.user) : a.status === 'online' ? -1 : 1));
    people.unshift({ user: this.me.user, status: connected ? 'online' : 'offline', me: true });
    this.sidebar.renderPeople(people);
  }

  // ---- search ----

  async runSearch(q) {
    this.search.loading(q);
    try {
      const { results } = await api.search(q, { rooms: this.rooms, limit: 30 });
      this.search.results(q, results ?? []);
    } catch (e) {
      this.search.error(q, e.status === 404 ? 'Search is not available on this server yet.' : `Search failed: ${e.message}`);
    }
  }

  // ---- notifications and title ----

  notify(room, envelope, mentioned) {
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    try {
      const n = new Notification(mentioned ? `${envelope.from} mentioned you in #${room}` : `${envelope.from} in #${room}`, {
        body: (envelope.text ?? '').slice(0, 200),
        tag: `parley-${room}`,
      });
      n.onclick = () => {
        window.focus();
        this.openRoom(room);
        n.close();
      };
    } catch {
      // some browsers only allow notifications from a service worker
    }
  }

  updateTitle() {
    const base = this.active ? `#${this.active} · ${this.info?.name ?? 'Parley'}` : (this.info?.name ?? 'Parley');
    this.doc.title = this.hiddenCount > 0 ? `(${this.hiddenCount}) ${base}` : base;
  }

  // ---- rendering ----

  renderRooms() {
    this.bridge.track(this.rooms);
    this.sidebar.renderRooms(this.rooms.map((room) => ({
      room, unread: room === this.active ? 0 : (this.unread[room] ?? 0), mention: this.mentioned.has(room),
      bridged: this.bridge.isBridged(room),
    })), this.active);
  }

  renderMessages({ toBottom = false } = {}) {
    if (!this.active) return;
    const log = this.log(this.active);
    let older = this.older.get(this.active);
    if (!older && log.loaded && !log.hasOlder && this.historyApi) older = 'start';
    const empty = log.loading ? 'Loading messages…' : undefined;
    this.e2e.revealAll(this.active, log.items);
    this.list.render(this.active, log, { me: this.me?.user, older, empty, toBottom });
  }
}
