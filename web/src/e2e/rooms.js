// Which rooms are end-to-end encrypted (their meta, from the server) and their keys (only ever in this browser:
// memory, and localStorage when the user asks to be remembered). Opens e2e messages for display; seals outgoing ones.
import * as api from '../api.js';
import {
  CannotDecrypt, keyFromInvite, keyFromPassphrase, newInviteKey, newKdf, NonceGuard, openText, sealText,
  toB64url,
} from './crypto.js';

const REMEMBERED = 'parley.e2e.keys';
// Link keys (k=… of an invite link) by room: in sessionStorage for the tab (a reload must not lock out the creator of a
// room or whoever opened its link: the page drops k= from the address), in localStorage when remembered.
const INVITES = 'parley.e2e.invites';

/** The k= value of an invite link, or the value itself when it is a bare key; null otherwise. */
export function inviteKeyText(input) {
  const text = String(input ?? '').trim();
  const m = /[?&]k=([A-Za-z0-9_-]+)/.exec(text);
  const candidate = m ? m[1] : text;
  return keyFromInvite(candidate) ? candidate : null;
}

export class EncryptedRooms {
  constructor(storage = globalThis.localStorage, session = globalThis.sessionStorage) {
    this.storage = storage;
    this.session = session;
    this.metas = new Map(); // room → meta | null (plain) ; absent: not asked yet
    this.keys = new Map(); // room → {key: Uint8Array, invite: string|null}
    this.versions = new Map(); // room → how many times its key changed (re-try messages that did not open)
    this.guards = new Map();
    for (const [room, text] of Object.entries(this.remembered())) {
      const key = keyFromInvite(text);
      if (key) this.keys.set(room, { key, invite: null });
    }
    for (const [room, text] of Object.entries({ ...readJson(this.session, INVITES), ...readJson(this.storage, INVITES) })) {
      const key = keyFromInvite(text);
      if (key) this.keys.set(room, { key, invite: text });
    }
  }

  /** Whether this room's key is kept on this device (not only for this tab). */
  isRemembered(room) {
    return room in this.remembered() || room in readJson(this.storage, INVITES);
  }

  /** Keeps the room's current key on this device (a link key with its link, so invites still carry it). */
  rememberKey(room) {
    const entry = this.keys.get(room);
    if (!entry) return;
    if (entry.invite) writeJson(this.storage, INVITES, { ...readJson(this.storage, INVITES), [room]: entry.invite });
    else this.remember(room, entry.key);
  }

  remembered() {
    try {
      return JSON.parse(this.storage?.getItem(REMEMBERED) ?? '{}') ?? {};
    } catch {
      return {};
    }
  }

  remember(room, key) {
    const all = this.remembered();
    all[room] = toB64url(key);
    this.storage?.setItem(REMEMBERED, JSON.stringify(all));
  }

  /** Asks the server once whether the room is encrypted; resolves to its meta or null. */
  async load(room) {
    if (this.metas.has(room)) return this.metas.get(room);
    let meta = null;
    try {
      const answer = await api.roomMeta(room);
      meta = answer.encrypted ? answer : null;
    } catch (e) {
      if (e.status && e.status !== 404) throw e; // 404: a server without encrypted rooms
    }
    this.metas.set(room, meta);
    return meta;
  }

  isEncrypted(room) {
    return !!this.metas.get(room);
  }

  hasKey(room) {
    return this.keys.has(room);
  }

  setKey(room, key, { invite = null, remember = false } = {}) {
    this.keys.set(room, { key, invite });
    this.versions.set(room, (this.versions.get(room) ?? 0) + 1);
    this.guards.delete(room);
    if (remember) this.remember(room, key);
  }

  /** The key of an invite link (#/r/{room}?k=…); false when it is not a valid key. */
  useInviteKey(room, text, { remember = false } = {}) {
    const key = keyFromInvite(text);
    if (!key) return false;
    this.setKey(room, key, { invite: text });
    writeJson(this.session, INVITES, { ...readJson(this.session, INVITES), [room]: text });
    if (remember) this.rememberKey(room);
    return true;
  }

  /**
   * Derives the key from a passphrase with the room's published parameters (takes about a second), or takes an
   * invite link's key. With `sample` (a sealed message of the room: {from, id, e2e}) a key that does not open it is
   * refused before anything is sealed with it: a wrong passphrase must never reach the others.
   */
  async unlock(room, passphrase, remember, sample = null) {
    const meta = await this.load(room);
    if (!meta) throw new Error(`#${room} is not encrypted`);
    const inviteText = inviteKeyText(passphrase);
    const opens = (key) => {
      if (!sample) return true;
      try {
        openText(key, { room, from: sample.from, id: sample.id }, sample.e2e);
        return true;
      } catch (e) {
        if (e instanceof CannotDecrypt) return false;
        throw e;
      }
    };
    if (inviteText && opens(keyFromInvite(inviteText))) {
      this.useInviteKey(room, inviteText, { remember });
      return;
    }
    const key = await keyFromPassphrase(passphrase, meta.kdf);
    if (!opens(key)) throw new WrongKey(`That passphrase does not open the messages of #${room}. Check it and try again.`);
    this.setKey(room, key, { remember });
  }

  /**
   * Makes a room encrypted: with a passphrase, or (none given) with a random key for the invite link. The server
   * refuses a room that already has plain messages (409 room_has_messages).
   */
  async create(room, { passphrase = null, remember = false } = {}) {
    const meta = await api.createRoomMeta(room, { encrypted: true, alg: 'aes-256-gcm', kdf: newKdf() });
    this.metas.set(room, meta);
    if (passphrase) this.setKey(room, await keyFromPassphrase(passphrase, meta.kdf), { remember });
    else this.useInviteKey(room, newInviteKey(), { remember });
  }

  /** The ?k=… of the room's invite link when its key is a random one; '' otherwise (the others need the passphrase). */
  inviteSuffix(room) {
    const invite = this.keys.get(room)?.invite;
    return invite ? `?k=${invite}` : '';
  }

  /** The room's key (for its files: e2e/files.js), or null while it is locked. */
  keyOf(room) {
    return this.keys.get(room)?.key ?? null;
  }

  /** The e2e object for a text we send as `from` with message id `id`. */
  seal(room, from, id, text) {
    return sealText(this.keys.get(room).key, { room, from, id }, text);
  }

  /**
   * Opens the e2e messages of a room's log for display, in place: `e2eState` becomes 'ok' (with `text`), 'failed'
   * (wrong key, tampered, moved, or a reused nonce) or 'locked' (no key yet).
   */
  revealAll(room, items) {
    const entry = this.keys.get(room);
    const version = this.versions.get(room) ?? 0;
    let guard = this.guards.get(room);
    if (!guard) this.guards.set(room, (guard = new NonceGuard()));
    for (const item of items) {
      if (item.type !== 'e2e' || item.e2eState === 'ok' || item.e2eVersion === version) continue;
      item.e2eVersion = version;
      item.rev = (item.rev ?? 0) + 1; // views redraw it
      if (!entry) {
        item.e2eState = 'locked';
        continue;
      }
      try {
        const inner = openText(entry.key, { room, from: item.from, id: item.id }, item.e2e);
        item.text = inner.text;
        if (inner.file) item.file = inner.file;
        item.e2eState = guard.check(item.e2e.nonce, item.id) ? 'ok' : 'failed';
        if (item.e2eState === 'failed') item.text = undefined;
      } catch (e) {
        if (!(e instanceof CannotDecrypt)) throw e;
        item.e2eState = 'failed';
      }
    }
  }
}

/** A passphrase or key that does not open the room's messages. */
export class WrongKey extends Error {}

function readJson(storage, key) {
  try {
    return JSON.parse(storage?.getItem(key) ?? '{}') ?? {};
  } catch {
    return {};
  }
}

function writeJson(storage, key, value) {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: kept for this page only
  }
}
