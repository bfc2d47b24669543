// Which rooms are end-to-end encrypted (their meta, from the server) and their keys (only ever in this browser:
// memory, and localStorage when the user asks to be remembered). Opens e2e messages for display; seals outgoing ones.
import * as api from '../api.js';
import {
  CannotDecrypt, keyCheck, keyFromInvite, keyFromPassphrase, newInviteKey, newKdf, NonceGuard, openText, sealText,
  toB64url,
} from './crypto.js';

const REMEMBERED = 'parley.e2e.keys';
// Link keys (k=… of an invite link) by room: in sessionStorage for the tab (a reload must not lock out the creator of a
// room or whoever opened its link: the page drops k= from the address), in localStorage when remembered.
const INVITES = 'parley.e2e.invites';
// The meta of every encrypted room seen (public: kdf parameters, salt, check value), so a page opened without the
// server still knows which rooms to seal for, and never queues plain text for an encrypted room.
const METAS = 'parley.e2e.metas';

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
      // unreachable: the meta kept from before, else plain for now (a room with messages never becomes encrypted),
      // asked again next time
      if (!e.status) {
        const kept = readJson(this.storage, METAS)[room];
        if (kept?.encrypted) this.metas.set(room, kept);
        return kept?.encrypted ? kept : null;
      }
      if (e.status !== 404) throw e; // 404: a server without encrypted rooms
    }
    this.metas.set(room, meta);
    if (meta) writeJson(this.storage, METAS, { ...readJson(this.storage, METAS), [room]: meta });
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
   * invite link's key, and refuses a wrong one before anything is sealed with it (WrongKey): a key must match the
   * room's key check value, or, in a room encrypted before there were any, open one of its latest sealed messages
   * (`samples()` resolves to them: [{from, id, e2e}], newest first). The first key proved that way writes the check
   * value for everyone after. A key that does not match the check value but does open a message is taken too: the
   * server (or whoever wrote the check value first) cannot lock the members out with a wrong one.
   */
  async unlock(room, passphrase, remember, samples = async () => []) {
    const meta = await this.load(room);
    if (!meta) throw new Error(`#${room} is not encrypted`);
    const inviteText = inviteKeyText(passphrase);
    let verdict = inviteText ? await this.verdict(room, meta, keyFromInvite(inviteText), samples) : null;
    if (verdict) {
      this.useInviteKey(room, inviteText, { remember });
    } else {
      const key = await keyFromPassphrase(passphrase, meta.kdf);
      verdict = await this.verdict(room, meta, key, samples);
      if (!verdict) {
        throw new WrongKey(inviteText ? `Wrong key: that invite link does not open #${room}.`
          : `Wrong passphrase: it does not open #${room}. Check it and try again.`);
      }
      this.setKey(room, key, { remember });
    }
    if (verdict === 'proved') await this.addCheck(room);
  }

  /**
   * Whether `key` is the room's: 'checked' (it matches the check value), 'proved' (no check value yet, and it opens
   * a message), 'opened' (it opens a message the check value disagrees with), 'unverified' (an old room with neither a
   * check value nor a message: nothing to tell by), or null (wrong).
   */
  async verdict(room, meta, key, samples) {
    if (meta.check && keyCheck(key, room) === meta.check) return 'checked';
    const sealed = await samples();
    if (sealed.some((m) => opens(key, room, m))) return meta.check ? 'opened' : 'proved';
    return !meta.check && sealed.length === 0 ? 'unverified' : null;
  }

  /** Writes the room's key check value from the key held (a room encrypted before there were any). */
  async addCheck(room) {
    const entry = this.keys.get(room);
    if (!entry) return;
    try {
      this.metas.set(room, await api.addRoomKeyCheck(room, keyCheck(entry.key, room)));
    } catch {
      // someone else wrote one first, or the server is older: the key stays proved by the message it opened
    }
  }

  /**
   * Checks a key held from before (remembered, or an invite link's k=) against the room's check value, and drops
   * it when it does not match: it must not seal a message. True when the room has a key that is not known wrong.
   */
  checkHeldKey(room) {
    const meta = this.metas.get(room);
    const entry = this.keys.get(room);
    if (!meta?.check || !entry) return !!entry;
    if (keyCheck(entry.key, room) === meta.check) return true;
    this.forgetKey(room);
    return false;
  }

  /** Drops a room's key from this tab and this device. */
  forgetKey(room) {
    this.keys.delete(room);
    this.versions.set(room, (this.versions.get(room) ?? 0) + 1);
    const { [room]: remembered, ...others } = this.remembered();
    if (remembered !== undefined) this.storage?.setItem(REMEMBERED, JSON.stringify(others));
    for (const storage of [this.session, this.storage]) {
      const { [room]: invite, ...rest } = readJson(storage, INVITES);
      if (invite !== undefined) writeJson(storage, INVITES, rest);
    }
  }

  /**
   * Makes a room encrypted: with a passphrase, or (none given) with a random key for the invite link. The meta
   * carries the key's check value, so a wrong passphrase is refused even before the first message. The server
   * refuses a room that already has plain messages (409 room_has_messages).
   */
  async create(room, { passphrase = null, remember = false } = {}) {
    const kdf = newKdf();
    const invite = passphrase ? null : newInviteKey();
    const key = invite ? keyFromInvite(invite) : await keyFromPassphrase(passphrase, kdf);
    const meta = await api.createRoomMeta(room, { encrypted: true, alg: 'aes-256-gcm', kdf, check: keyCheck(key, room) });
    this.metas.set(room, meta);
    if (invite) this.useInviteKey(room, invite, { remember });
    else this.setKey(room, key, { remember });
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
   * (wrong key, tampered, moved, or a reused nonce) or 'locked' (no key yet). A sealed edit (events.js) clears the
   * state, so the new content is opened here like the message itself; a deleted message has nothing left to open.
   */
  revealAll(room, items) {
    const entry = this.keys.get(room);
    const version = this.versions.get(room) ?? 0;
    let guard = this.guards.get(room);
    if (!guard) this.guards.set(room, (guard = new NonceGuard()));
    for (const item of items) {
      if (item.type !== 'e2e' || item.e2eState === 'ok' || item.e2eVersion === version) continue;
      if (item.deleted) {
        item.e2eState = 'ok'; // drawn as "deleted", like any message
        continue;
      }
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

/** Whether `key` opens a sealed message of the room ({from, id, e2e}). */
function opens(key, room, sample) {
  try {
    openText(key, { room, from: sample.from, id: sample.id }, sample.e2e);
    return true;
  } catch (e) {
    if (e instanceof CannotDecrypt) return false;
    throw e;
  }
}

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
