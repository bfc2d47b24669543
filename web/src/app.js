// The chat controller: it wires the features together. Each feature keeps its own state in its own module (history.js,
// unread.js, roomlog.js, e2e/rooms.js, typing in typing.js, the people listed in people.js); what the sidebar shows
// lives in signals (state.js), which the Preact components read by themselves; the message list is drawn at most once
// per frame.
import { batch, effect } from '@preact/signals';
import * as api from './api.js';
import { BridgeWatch } from './bridge.js';
import { Connection, NotSent, reasonText } from './connection.js';
import { EncryptedRooms } from './e2e/rooms.js';
import { RoomLock } from './e2e/room-lock.js';
import { HistorySync } from './history.js';
import { checkForUpdate, watchAppUpdates } from './offline/app-updates.js';
import { KeptChat } from './offline/kept-chat.js';
import { serverInfo } from './offline/server-info.js';
import { mountPushToggle } from './push/push-toggle.js';
import { randomMessageId, randomRoomId, toRoomId } from './ids.js';
import { editable, kindOf } from './kinds.js';
import { dmKey, dmPeer, dmUsers, isDm, isRoomKey, parseJoin, roomLabel } from './roomkeys.js';
import { PrivateRooms } from './private-rooms.js';
import { RoomNames } from './room-names.js';
import { RoomPresence } from './room-presence.js';
import { peopleList } from './people.js';
import { RoomLog } from './roomlog.js';
import { SignIn } from './signin.js';
import * as state from './state.js';
import { store } from './store.js';
import { mentions } from './text.js';
import { Typing } from './typing.js';
import { Unread } from './unread.js';
import { Uploads, xhrUpload } from './uploads.js';
import { sealFileBytes, sealFileMessage } from './e2e/files.js';
import { thumbnailOf } from './thumbnails.js';
import { Banner } from './views/banner.js';
import { Composer } from './views/composer.js';
import { $ } from './views/dom.js';
import { InvitePopover } from './views/invite.js';
import { JoinView } from './views/join.js';
import { LockPanel } from './views/lock.js';
import { MembersPopover } from './views/members.js';
import { MessageList } from './views/messages.js';
import { SearchView } from './views/search.js';
import { Sidebar } from './views/sidebar.js';
import { ReactionPicker } from './views/picker.js';
import { ThreadView } from './views/thread.js';
import { Toasts } from './views/toast.js';
import { showTrust } from './views/trust.js';
import { Lightbox } from './views/lightbox.js';
import { UploadTray } from './views/uploads.js';
import { useRoomKeys } from './views/encrypted-file.js';

const HASH_RE = /^#\/r\/([^/?#]+)(?:\?k=([A-Za-z0-9_-]+))?$/;

/** The room in an invite link (`#/r/{room}`, or `#/r/{room}?k=KEY` for an encrypted room), or null. */
export function roomFromHash(hash) {
  const m = HASH_RE.exec(hash ?? '');
  if (!m) return null;
  const room = decodeURIComponent(m[1]);
  return isRoomKey(room) ? room : null;
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
    this.kept = null; // what this device keeps of the user's chat, and the outbox (offline/kept-chat.js)
    this.presence = new Map(); // my DM peers' own presence
    this.roomPresence = new RoomPresence(); // who is in my open rooms
    this.hiddenCount = 0;
    this.render = { queued: false, toBottom: false, read: false };
    this.unread = new Unread({
      counts: store.unread, readSeqs: store.readSeqs, save: store.setUnread, saveReadSeqs: store.setReadSeqs,
    });
    this.pendingRoom = roomFromHash(location.hash);
    this.e2e = new EncryptedRooms();
    if (this.pendingRoom && keyFromHash(location.hash)) this.e2e.useInviteKey(this.pendingRoom, keyFromHash(location.hash));
    this.toasts = new Toasts($('#toasts', doc));
    const toast = (text, kind = 'info') => this.toasts.show(text, { kind });
    this.roomNames = new RoomNames({ toast });
    this.privateRooms = new PrivateRooms({
      addRoom: (room) => this.addRoom(room),
      openRoom: (room) => this.openRoom(room),
      dropRoom: (room) => this.leaveRoom(room),
      toast,
    });
    const error = (text) => this.toasts.show(text, { kind: 'error' });
    this.history = new HistorySync({
      logOf: (room) => this.log(room),
      receive: (room, messages, options) => this.receive(room, messages, options),
      changed: (room, { loaded } = {}) => {
        if (room !== this.active) return;
        this.scheduleRender({ toBottom: !!loaded });
        if (loaded) this.markRead();
      },
      error,
    });
    this.join = new JoinView($('#join', doc), { onJoin: (form) => this.signin.onJoinForm(form) });
    this.signin = new SignIn({
      join: this.join,
      info: () => this.info,
      invitedTo: () => this.pendingRoom,
      onSignedIn: (me, secret, interactive) => {
        this.me = me;
        this.enterChat(secret, interactive);
      },
    });
    this.banner = new Banner($('#banner', doc), { onRetry: () => this.conn?.retryNow() });
    this.bridge = new BridgeWatch(doc, {
      fetchStatus: (rooms) => api.bridge(rooms.filter((r) => !isDm(r))),
      onChange: () => { state.bridged.value = new Set(this.bridge.bridged); },
    });
    this.sidebar = new Sidebar($('#sidebar', doc), {
      onOpen: (room) => this.openRoom(room),
      onJoinRoom: (name) => this.joinRoomByName(name),
      onNewRoom: () => this.newRandomRoom(),
      onLeave: (room) => this.leaveRoom(room),
      onSignOut: () => this.signOut(),
      onPerson: (user) => this.openDm(user),
      onNewPrivate: (name) => this.privateRooms.create(name),
    });
    this.list = new MessageList($('#messages', doc), {
      onNeedOlder: () => this.active && this.history.loadOlder(this.active),
      onNeedGap: (gap, side) => this.active && this.history.fillGap(this.active, gap, side),
      prepare: (room, items) => this.e2e.revealAll(room, items), // only what is drawn is opened
      actions: {
        dismiss: (msg) => this.kept.discard(msg.room ?? this.active, msg.id),
        retry: (msg) => this.kept.retry(msg.room ?? this.active, msg.id),
        reply: (msg) => this.composer.replyTo(msg),
        react: (msg, emoji, op) => this.sendEvent({ type: 'reaction', target: msg.id, emoji, op }),
        pickReaction: (msg, button) => this.picker.open(msg, button),
        edit: (msg) => this.composer.startEdit(msg),
        remove: (msg) => {
          if (window.confirm('Delete this message? Everyone in the room will see that it was deleted.')) {
            this.sendEvent({ type: 'delete', target: msg.id });
          }
        },
        jump: (id) => this.jumpTo(id),
        thread: (msg) => this.thread.open(msg, this.log(this.active), this.me.user),
      },
    });
    this.picker = new ReactionPicker($('#reaction-picker', doc), {
      onPick: (msg, emoji) => {
        const mine = msg.reactions?.[emoji]?.includes(this.me.user);
        this.sendEvent({ type: 'reaction', target: msg.id, emoji, op: mine ? 'remove' : 'add' });
      },
    });
    this.thread = new ThreadView($('#thread', doc), {
      prepare: (items) => this.e2e.revealAll(this.active, items),
      onReply: (msg) => this.composer.replyTo(msg),
      onJump: (id) => this.jumpTo(id),
    });
    this.composer = new Composer($('#composer', doc), {
      onSend: (text, context) => this.send(text, context),
      onTyping: (hasText) => this.typing.typed(this.active, hasText),
      mentionable: (prefix) => this.mentionable(prefix),
      onEditLast: () => {
        const items = this.log(this.active).items;
        const last = [...items].reverse().find((m) => m.from === this.me.user && editable(m) && !m.deleted && !m.pending && m.id);
        if (last) this.composer.startEdit(last);
      },
      onFiles: (files) => this.attach(files),
    });
    this.uploadTray = new UploadTray($('#uploads', doc), {
      cancel: (key) => this.uploads.cancel(key),
      retry: (key) => this.uploads.retry(key),
      dismiss: (key) => this.uploads.dismiss(key),
    });
    this.uploads = new Uploads({
      sent: (room, answer) => this.sendFile(room, answer),
      changed: () => this.uploadTray.render(this.uploads.items),
      limits: () => this.info?.limits ?? {},
      prepare: (room, file) => this.prepareUpload(room, file),
    });
    useRoomKeys((room) => this.e2e.keyOf(room));
    this.lightbox = new Lightbox(doc, [$('#messages', doc), $('#thread', doc)]);
    this.typing = new Typing($('#typing', doc), {
      publish: (room, typing) => this.conn?.publishTyping(room, typing),
      activeRoom: () => this.active,
      quiet: (room) => {
        // until the room's list comes (a moment after opening it) its size is unknown: signals go, as in a small room
        const most = this.info?.limits?.typingMaxPeople ?? 0;
        const people = this.roomPresence.count(room);
        return most > 0 && people !== null && people > most;
      },
    });
    this.search = new SearchView({ form: $('#search', doc), panel: $('#search-results', doc) }, {
      onSearch: (q) => this.runSearch(q),
      onPick: (result) => this.openAt(result.room, result.message?.id ?? null, result.seq ?? result.message?.seq),
    });
    this.roomTitle = $('#room-title', doc);
    this.roomHash = $('.room-title .hash', doc);
    this.inviteButton = $('#invite', doc);
    this.lock = new LockPanel($('#lock-panel', doc), {
      onSubmit: (form) => this.roomLock.submit(form),
      onCancel: () => this.lock.hide(),
    });
    this.roomLock = new RoomLock({
      e2e: this.e2e,
      panel: this.lock,
      lockIcon: $('#room-lock', doc),
      encryptButton: $('#encrypt', doc),
      active: () => this.active,
      itemsOf: (room) => this.log(room).items,
      opened: (room) => {
        this.openRoom(room);
        this.invite.open(room);
      },
      changed: () => this.scheduleRender(),
      toast: (text, kind = 'info') => this.toasts.show(text, { kind }),
      locked: (on) => {
        this.composer.form.hidden = on;
        if (on) this.composer.clearContext();
      },
    });
    this.invite = new InvitePopover($('#invite-pop', doc), {
      button: this.inviteButton,
      link: (room) => this.roomLock.inviteLink(room),
      describe: (room) => this.roomLock.inviteDescription(room),
      qr: (room) => (this.e2e.inviteSuffix(room) === '' ? `/api/qr.svg?room=${encodeURIComponent(room)}` : null),
      keyState: (room) => (this.e2e.inviteSuffix(room) === '' ? null : this.e2e.isRemembered(room)),
      onRemember: (room) => { this.e2e.rememberKey(room); this.toasts.show('The room key is kept on this device.'); },
      onName: (room, name) => this.nameRoom(room, name),
      name: (room) => state.names.value[room] ?? '',
      toast: (text) => this.toasts.show(text),
    });
    this.invite.currentRoom = () => this.active;
    this.members = new MembersPopover($('#members-pop', doc), {
      button: $('#members', doc),
      onInvite: (room, user) => this.privateRooms.invite(room, user),
      onRemove: (room, user) => this.privateRooms.remove(room, user),
      onLeave: (room) => this.leaveRoom(room),
    });
    $('#new-e2e-room', doc).addEventListener('click', () => this.roomLock.newRoom());
    const menu = $('#menu', doc);
    menu.addEventListener('click', () => this.root.classList.toggle('nav-open'));
    $('#scrim', doc).addEventListener('click', () => this.root.classList.remove('nav-open'));
    // ☰ carries a dot when another room has unread messages (a ring for a mention): the drawer hides the list
    effect(() => {
      const n = state.otherUnread.value;
      menu.dataset.unread = n > 0 ? (state.otherMentioned.value ? 'mention' : 'unread') : '';
      menu.setAttribute('aria-label', n > 0 ? `Rooms and people (${n} unread)` : 'Rooms and people');
    });
    // the header names the open room as the server does, and follows a rename
    effect(() => {
      state.names.value;
      if (this.active && this.me) {
        this.showRoomHeader(this.active);
        this.updateTitle();
      }
    });
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
    this.updates = watchAppUpdates({ onUpdated: () => this.toasts.show('Parley was updated.', { ms: Infinity,
      action: { label: 'Reload', run: () => location.reload() } }) });
    for (let wait = 1000; !this.info; wait = Math.min(wait * 2, 10_000)) {
      try {
        ({ info: this.info, offline: this.startedOffline } = await serverInfo());
      } catch (e) {
        this.join.show({ user: store.user(), error: `Cannot reach the server: ${e.message}. Retrying…` });
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    $('#server-name', this.doc).textContent = this.info.name;
    showTrust(this.doc, this.info, location);
    this.join.setAccounts(this.info.auth === 'accounts', this.info.signup === true);
    this.composer.setMaxChars(this.info.limits?.maxTextChars ?? 4000);
    await this.signin.resume();
  }

  signOut() {
    this.conn?.close();
    this.conn = null;
    this.root.classList.remove('in-chat', 'nav-open');
    $('#chat', this.doc).hidden = true;
    this.signin.signOut(this.me);
  }

  // ---- chat ----

  /** Connects as `this.me` (the secret or session token is the MQTT password) and opens the last or invited room. */
  enterChat(secret, interactive) {
    this.join.hide();
    $('#chat', this.doc).hidden = false;
    this.root.classList.add('in-chat');
    state.me.value = this.me;
    this.rooms = store.rooms().filter((r) => isRoomKey(r) && (!isDm(r) || dmUsers(r).includes(this.me.user)));
    const wanted = this.pendingRoom ?? store.lastRoom();
    if (this.rooms.length === 0 && !wanted) this.rooms.push('general');
    this.syncRooms();
    this.kept = new KeptChat(this.me, {
      publish: (room, envelope) => (this.conn ? this.conn.publishMessage(room, envelope) : Promise.reject(new NotSent('not connected'))),
      logOf: (room) => this.log(room),
      receive: (room, envelopes, options) => this.receive(room, envelopes, options),
      addRoom: (room) => this.addRoom(room),
      changed: (room, toBottom = false) => { if (room === this.active) this.scheduleRender({ toBottom }); },
      toast: (text, kind) => this.toasts.show(text, { kind }),
    });
    const conn = new Connection({
      url: this.info.ws.url, prefix: this.info.prefix, user: this.me.user, clientId: this.me.clientId, password: secret,
    });
    this.conn = conn;
    for (const room of this.rooms) this.conn.subscribeRoom(room);
    this.conn.addEventListener('state', (e) => this.onState(e.detail));
    this.conn.addEventListener('ready', (e) => this.onReady(e.detail));
    this.conn.addEventListener('message', (e) => this.receive(e.detail.room, [e.detail.envelope], { live: true }));
    this.conn.addEventListener('typing', (e) => this.typing.signal(e.detail.room, e.detail.signal, this.me.user));
    this.conn.addEventListener('presence', (e) => this.onPresence(e.detail.user, e.detail.presence));
    this.conn.addEventListener('meta', (e) => this.roomNames.fromMeta(e.detail.room, e.detail.meta));
    this.conn.addEventListener('mine', (e) => this.privateRooms.changed(e.detail.event, this.me.user));
    this.conn.addEventListener('roomPresence', (e) => {
      if (this.roomPresence.apply(e.detail.room, e.detail.digest)) this.renderPeople();
    });
    // what this device kept is shown first; history from the server then joins it by seq
    this.kept.restore([...this.rooms]).then(() => { if (this.conn === conn) conn.start(); });
    this.openRoom(wanted && isRoomKey(wanted) ? wanted : this.rooms[0]);
    this.pendingRoom = null;
    this.renderPeople();
    this.privateRooms.load();
    mountPushToggle($('#sidebar-foot', this.doc), window);
    if (interactive) this.composer.focus();
  }

  onState({ state: connState, retryAt, code, removal }) {
    if (connState === 'failed' && (code === 0x86 || code === 0x87)) {
      const user = this.me.user;
      this.signOut();
      this.join.setError(this.info.auth === 'accounts'
        ? `The server refused “${user}” (${reasonText(code)}): sign in again.`
        : `The server refused “${user}” (${reasonText(code)}): the name is claimed and this browser does not have its secret. Pick another name.`);
      return;
    }
    const offline = this.startedOffline && !this.conn?.everConnected;
    this.banner.show({ state: connState, retryAt, removal, offline,
      message: connState === 'failed' ? `Disconnected: ${reasonText(code)}` : undefined });
    this.root.dataset.connection = connState;
    this.renderPeople();
  }

  async onReady({ first }) {
    this.kept.flush();
    this.updates?.then(checkForUpdate); // the server may have come back as a new version
    if (this.startedOffline && first) {
      serverInfo().then(({ info }) => { this.info = info; }, () => {}); // the kept one may be old
      if (this.info.auth === 'open') await api.login(this.me.user, this.conn.password).catch(() => {});
      this.roomLock.refresh(this.active); // asked while offline: ask the server now
    }
    this.uploads.resume(); // uploads the lost connection broke off
    this.privateRooms.load(); // invitations that came before my events topic was subscribed
    await this.refreshUnread();
    for (const room of this.rooms) {
      const log = this.logs.get(room);
      if (log && log.syncedSeq !== null) this.history.catchUp(room);
    }
    if (first && this.active) this.history.ensureLoaded(this.active);
  }

  log(room) {
    let log = this.logs.get(room);
    if (!log) {
      log = new RoomLog(room, { foldOf: (msg) => kindOf(msg).fold ?? null });
      this.logs.set(room, log);
    }
    return log;
  }

  /**
   * Messages received live, or a page of history. One page is drawn once. Only new messages of a kind that `counts`
   * from someone else add to unread counts and notify (`count`: live messages and catch-up, not pages of history).
   */
  receive(room, envelopes, { live = false, count = live, kept = false } = {}) {
    if (!this.rooms.includes(room)) {
      if (!(live && isDm(room))) return;
      this.addRoom(room); // someone started a DM with me
    }
    const log = this.log(room);
    let changed = false;
    let toBottom = false;
    for (const envelope of envelopes) {
      if (typeof envelope !== 'object' || envelope === null) continue;
      // an administrator deleted the room's history: what came before is gone here too
      if (envelope.type === 'system' && Number.isInteger(envelope.cleared)) changed = log.forgetBefore(envelope.cleared + 1) > 0 || changed;
      const result = log.add({ ...envelope, room });
      if (result === 'duplicate') continue;
      changed = true;
      const fromOther = envelope.from !== this.me.user;
      if (!fromOther && live) toBottom = true;
      if (result === 'added' && fromOther && count && kindOf(envelope).counts) this.arrived(room, envelope, live);
      if (fromOther && live) this.typing.stopped(room, envelope.from);
    }
    if (!changed) return;
    if (!kept) this.kept?.cache.keep(room, envelopes);
    if (live && log.advance()) this.history.catchUp(room);
    // the open room is marked read when it is drawn: once per frame, not once per message of a burst
    if (room === this.active) this.scheduleRender({ toBottom, read: true });
    else this.syncUnread();
  }

  /** A new message from someone else: unread count, title count, notification. */
  arrived(room, envelope, live) {
    const mentioned = mentions(envelope.text, this.me.user) || isDm(room);
    if (room !== this.active) this.unread.received(room, { mention: mentioned });
    if (live && this.doc.hidden) {
      this.hiddenCount++;
      this.updateTitle();
    }
    if (live && (this.doc.hidden || (mentioned && room !== this.active))) this.notify(room, envelope, mentioned);
  }

  /** Unread counts after a reload or a reconnect: the server's last seq against the last seq read here. */
  async refreshUnread() {
    if (!this.rooms.some((r) => !isDm(r))) return;
    try {
      const { rooms } = await api.rooms(this.rooms); // DMs too: the server answers only for its two users
      this.roomNames.fromSummaries(rooms);
      this.uploadLocalNames(rooms);
      for (const { room, lastSeq } of rooms) {
        if (!this.rooms.includes(room) || !Number.isInteger(lastSeq) || room === this.active) continue;
        this.unread.serverLastSeq(room, lastSeq);
      }
      this.unread.flush();
      this.syncUnread();
    } catch {
      // no room list on this server: counts come from live messages only
    }
  }

  markRead() {
    if (!this.active || this.doc.hidden) return;
    this.unread.read(this.active, this.logs.get(this.active)?.lastSeq ?? null);
    this.syncUnread();
  }

  syncUnread() {
    batch(() => {
      state.unread.value = { ...this.unread.counts };
      state.mentioned.value = { ...this.unread.mentioned };
    });
  }

  syncRooms() {
    store.setRooms(this.rooms);
    state.rooms.value = [...this.rooms];
    this.bridge.track(this.rooms);
  }

  // ---- rooms ----

  addRoom(room) {
    if (this.rooms.includes(room)) return;
    this.rooms.push(room);
    this.syncRooms();
    this.conn?.subscribeRoom(room);
  }

  openRoom(room) {
    if (!isRoomKey(room)) return;
    this.addRoom(room);
    if (this.active !== room) this.typing.stop();
    this.active = room;
    state.active.value = room;
    store.setLastRoom(room);
    if (location.hash !== `#/r/${room}`) history.replaceState(null, '', `#/r/${room}`);
    this.showRoomHeader(room);
    this.invite.close();
    this.thread.close();
    this.picker.close();
    this.root.classList.remove('nav-open');
    // "New messages" goes above what came after the last message read here (only when something was unread)
    this.readUpTo = (this.unread.counts[room] ?? 0) > 0 ? (this.unread.readSeq[room] ?? null) : null;
    this.unread.read(room, this.doc.hidden ? null : (this.logs.get(room)?.lastSeq ?? null));
    this.syncUnread();
    this.scheduleRender({ toBottom: true, now: true });
    this.typing.render();
    this.updateTitle();
    if (this.conn?.state === 'connected') this.history.ensureLoaded(room);
    this.markRead();
    this.roomLock.refresh(room);
  }

  showRoomHeader(room) {
    const dm = isDm(room);
    this.roomTitle.textContent = dm ? dmPeer(room, this.me.user) : roomLabel(room, state.names.value);
    this.roomTitle.title = dm ? `Direct messages with ${dmPeer(room, this.me.user)}` : room;
    this.roomHash.textContent = dm ? '@' : '#';
    this.inviteButton.hidden = dm;
    this.composer.setRoom(dm ? `@${dmPeer(room, this.me.user)}` : `#${roomLabel(room, state.names.value)}`);
  }

  /** Opens (or starts) the direct messages with a user. */
  openDm(user) {
    const key = dmKey(this.me.user, user);
    if (!key) {
      this.toasts.show(user === this.me.user ? 'That is you.' : `“${user}” is not a user name.`, { kind: 'error' });
      return false;
    }
    this.openRoom(key);
    return true;
  }

  joinRoomByName(name) {
    const what = parseJoin(name, this.me.user, toRoomId);
    if (what.error) {
      this.toasts.show(what.error, { kind: 'error' });
      return false;
    }
    this.openRoom(what.dm ?? what.room);
    return true;
  }

  newRandomRoom() {
    this.openRoom(randomRoomId());
    this.invite.open(this.active);
  }

  /** Names a room for everyone who can read it (the header and the sidebar follow the server's answer). */
  nameRoom(room, name) {
    return this.roomNames.rename(room, name);
  }

  /** Names that older versions kept in this browser go to the server once (where the room has none). */
  async uploadLocalNames(summaries) {
    const local = store.roomNames();
    if (Object.keys(local).length === 0) return;
    const named = new Set(summaries.filter((r) => r.name).map((r) => r.room));
    if (await this.roomNames.upload(local, this.rooms, named)) store.setRoomNames(null);
  }

  leaveRoom(room) {
    this.rooms = this.rooms.filter((r) => r !== room);
    this.syncRooms();
    this.conn?.unsubscribeRoom(room);
    this.roomPresence.forget(room);
    this.presence.delete(dmPeer(room, this.me.user));
    this.renderPeople();
    this.logs.delete(room);
    this.kept?.cache.forget(room);
    this.history.forget(room);
    this.unread.forget(room);
    this.syncUnread();
    this.privateRooms.leave(room, this.me.user);
    if (this.active === room) this.openRoom(this.rooms[0] ?? 'general');
  }

  // ---- sending ----

  /** Opens a room at a message (a search hit): scrolled to and highlighted once the page around it is loaded. */
  async openAt(room, id, seq = null) {
    this.openRoom(room);
    if (!id) return;
    await this.history.ensureLoaded(room);
    if (this.active === room) await this.jumpTo(id, seq);
  }

  /**
   * Scrolls to a message of the open room. One not loaded yet: with its `seq` (a search hit), the page around it is
   * loaded; without (the message a reply answers), it is looked for in a few older pages.
   */
  async jumpTo(id, seq = null) {
    const room = this.active;
    this.renderMessages();
    if (this.list.reveal(id)) return;
    if (Number.isInteger(seq)) {
      await this.history.loadAround(room, seq);
      if (this.active !== room) return;
      this.renderMessages();
      if (this.list.reveal(id)) return;
    } else {
      for (let tries = 0; tries < 5 && this.log(room).hasOlder && this.active === room; tries++) {
        await this.history.loadOlder(room);
        this.renderMessages();
        if (this.list.reveal(id)) return;
      }
    }
    this.toasts.show('That message is no longer in the history.');
  }

  /**
   * Publishes an event about a message (a reaction, edit or delete: events.js) and folds it here at once; the
   * server's copy, with the same id, is then a duplicate.
   */
  sendEvent(fields) {
    const room = this.active;
    const envelope = { v: 1, id: randomMessageId(), ...fields, sentAt: Date.now() };
    this.log(room).add({ ...envelope, room, from: this.me.user, ts: envelope.sentAt });
    this.kept.send(room, envelope);
    this.scheduleRender();
  }

  send(text, context = null) {
    const room = this.active;
    const sealed = this.e2e.isEncrypted(room);
    if (sealed && !this.e2e.hasKey(room)) {
      this.toasts.show(`#${room} is end-to-end encrypted: enter its passphrase first.`, { kind: 'error' });
      return false;
    }
    if (context?.kind === 'edit') {
      // in an encrypted room the new text is sealed like a message, with the edited message's id (docs/e2e.md)
      const target = context.msg.id;
      if (text !== context.msg.text) {
        this.sendEvent(sealed ? { type: 'edit', target, e2e: this.e2e.seal(room, this.me.user, target, text) }
          : { type: 'edit', target, text });
      }
      return true;
    }
    const max = this.info.limits?.maxTextChars ?? Infinity;
    if ([...text].length > max) {
      this.toasts.show(`That message is too long: at most ${max} characters.`, { kind: 'error' });
      return false;
    }
    const sentAt = Date.now();
    let envelope = { v: 1, id: randomMessageId(), type: 'text', text, replyTo: context?.kind === 'reply' ? context.msg.id : null, sentAt };
    let shown = envelope;
    if (sealed) {
      // a reply's replyTo stays readable: the server checks it and counts replies (docs/e2e.md)
      envelope = { v: 1, id: envelope.id, type: 'e2e', replyTo: envelope.replyTo, e2e: this.e2e.seal(room, this.me.user, envelope.id, text), sentAt };
      shown = { ...envelope, text, e2eState: 'ok' };
    }
    this.log(room).add({ ...shown, room, from: this.me.user, client: this.me.clientId, ts: sentAt, pending: true });
    this.kept.send(room, envelope);
    this.typing.sent();
    this.scheduleRender({ toBottom: true });
    return true;
  }

  /** Files picked, pasted or dropped: uploaded to the open room one by one, each shown in the tray until it is sent. */
  attach(files) {
    if (!this.active || files.length === 0) return;
    if (this.e2e.isEncrypted(this.active) && !this.e2e.hasKey(this.active)) {
      this.toasts.show(`#${this.active} is end-to-end encrypted: enter its passphrase first.`, { kind: 'error' });
      return;
    }
    this.uploads.add(this.active, files);
  }

  /**
   * In an end-to-end encrypted room a file is encrypted here before it is uploaded, and a picture's thumbnail is made
   * here and uploaded encrypted first (e2e/files.js); elsewhere the file goes as it is (null).
   */
  async prepareUpload(room, file) {
    if (!this.e2e.isEncrypted(room)) return null;
    const key = this.e2e.keyOf(room);
    if (!key) throw new Error(`#${room} is locked: enter its passphrase`);
    const picture = await thumbnailOf(file);
    let thumb = null;
    if (picture) {
      const sealed = sealFileBytes(key, room, picture.bytes);
      thumb = (await xhrUpload(room, { name: `thumbnail of ${file.name}`, size: sealed.length },
        { body: sealed, encrypted: true }).promise).file.id;
    }
    const body = sealFileBytes(key, room, new Uint8Array(await file.arrayBuffer()));
    return {
      body,
      encrypted: true,
      describe: (answer) => ({ type: 'file', sealed: true, file: {
        id: answer.file.id, name: file.name, size: file.size, mime: file.type || 'application/octet-stream',
        ...(picture ? { width: picture.width, height: picture.height, thumb } : {}),
      } }),
    };
  }

  /** Publishes an uploaded file (the server's type:"file" answer) to its room, through the outbox like a message. */
  sendFile(room, answer) {
    const sentAt = Date.now();
    let envelope = { v: 1, id: randomMessageId(), type: 'file', file: answer.file, sentAt };
    let shown = envelope;
    if (answer.sealed) { // an encrypted room: the file's description travels sealed, its upload ids in the clear
      const key = this.e2e.keyOf(room);
      envelope = { v: 1, id: envelope.id, type: 'e2e', files: [answer.file.id, answer.file.thumb].filter(Boolean),
        e2e: sealFileMessage(key, { room, from: this.me.user, id: envelope.id }, answer.file), sentAt };
      shown = { ...envelope, text: '', file: answer.file, e2eState: 'ok' };
    }
    this.log(room).add({ ...shown, room, from: this.me.user, client: this.me.clientId, ts: sentAt, pending: true });
    this.kept.send(room, envelope);
    if (room === this.active) this.scheduleRender({ toBottom: true });
  }

  /**
   * Who can be @mentioned in the open room whose name starts with `prefix`: members of a private room, else people
   * online and recent senders (in a room of thousands only the matches are sorted, at every keystroke).
   */
  mentionable(prefix = '') {
    const names = new Set(state.privateRooms.value[this.active] ?? []);
    for (const p of state.people.value) names.add(p.user);
    for (const user of this.roomPresence.usersOf(this.active)) names.add(user); // also those the list leaves out
    const items = this.log(this.active).items;
    for (let i = items.length - 1; i >= 0 && i >= items.length - 200; i--) if (items[i].type !== 'system') names.add(items[i].from);
    names.delete(this.me.user);
    names.delete(undefined);
    return [...names].filter((user) => user.startsWith(prefix)).sort();
  }

  // ---- presence ----

  onPresence(user, presence) {
    if (presence && typeof presence.status === 'string') this.presence.set(user, presence);
    else this.presence.delete(user);
    this.renderPeople();
  }

  renderPeople() {
    if (!this.me) return;
    const { shown, more } = peopleList({ me: this.me.user, connected: this.conn?.state === 'connected',
      dmPeers: this.presence, roomUsers: this.roomPresence.users() });
    batch(() => { // one draw of the list, not one per signal
      state.people.value = shown;
      state.peopleMore.value = more;
    });
  }

  // ---- search ----

  async runSearch(q) {
    this.search.loading(q);
    if (this.conn?.state !== 'connected') {
      this.search.results(q, await this.kept.cache.search(q, this.rooms), { note: 'Offline: only the messages kept on this device were searched.' });
      return;
    }
    try {
      // unlisted rooms are searched where named; my DMs and private rooms always are
      const { results } = await api.search(q, { rooms: this.rooms.filter((r) => !isDm(r)), limit: 30 });
      this.search.results(q, results ?? []);
    } catch (e) {
      this.search.error(q, e.status === 404 ? 'Search is not available on this server yet.' : `Search failed: ${e.message}`);
    }
  }

  // ---- notifications and title ----

  notify(room, envelope, mentioned) {
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    const where = isDm(room) ? 'a direct message' : `#${room}`;
    try {
      const n = new Notification(mentioned && !isDm(room) ? `${envelope.from} mentioned you in ${where}`
        : `${envelope.from} in ${where}`, { body: (envelope.text ?? '').slice(0, 200), tag: `parley-${room}` });
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
    const name = this.info?.name ?? 'Parley';
    const where = !this.active ? null : isDm(this.active) ? `@${dmPeer(this.active, this.me?.user)}` : `#${roomLabel(this.active, state.names.value)}`;
    const base = where ? `${where} · ${name}` : name;
    this.doc.title = this.hiddenCount > 0 ? `(${this.hiddenCount}) ${base}` : base;
  }

  // ---- rendering ----

  /**
   * Draws the open room's list once for everything that changed since the last frame (a burst of messages is one
   * redraw, and only of the rows that changed). `now`: draw at once (opening a room); `read`: mark the room read.
   */
  scheduleRender({ toBottom = false, now = false, read = false } = {}) {
    this.render.toBottom ||= toBottom;
    this.render.read ||= read;
    if (now) {
      this.renderMessages();
      return;
    }
    if (this.render.queued) return;
    this.render.queued = true;
    const run = () => {
      if (this.render.queued) this.renderMessages();
    };
    requestAnimationFrame(run);
    setTimeout(run, 100); // hidden tabs get no animation frames
  }

  renderMessages() {
    this.render.queued = false;
    const toBottom = this.render.toBottom;
    this.render.toBottom = false;
    if (!this.active) return;
    if (this.render.read) {
      this.render.read = false;
      this.markRead();
    }
    const room = this.active;
    const log = this.log(room);
    const empty = log.loading ? 'Loading messages…' : undefined;
    if (!this.thread.el.hidden) this.thread.refresh(log, this.me?.user);
    this.list.render(room, log, {
      me: this.me?.user, older: this.history.olderState(room), empty, toBottom, readUpTo: this.readUpTo,
      where: isDm(room) ? `your messages with ${dmPeer(room, this.me?.user)}` : `#${roomLabel(room, state.names.value)}`,
    });
  }
}
