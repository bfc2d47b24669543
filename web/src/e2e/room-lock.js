// The open room's encryption in the page: the 🔒 in the header, "Encrypt" for a new room, the passphrase form (a
// passphrase is checked against the room's key check value, or tried on its latest sealed messages, before it is
// accepted), and new encrypted rooms.
import * as api from '../api.js';
import { randomRoomId } from '../ids.js';
import { isDm } from '../roomkeys.js';

// How many of a room's latest sealed messages a key is tried on when the room has no key check value yet.
const SAMPLES = 20;

export class RoomLock {
  /**
   * `e2e`: EncryptedRooms; `panel`: LockPanel; `lockIcon`, `encryptButton`: header elements; `active()`: the open room;
   * `itemsOf(room)`: its messages held; `opened(room)`: a new encrypted room to open and invite to; `changed()`: redraw;
   * `locked(on)`: close (or open) the composer, which must not seal anything while the room has no proved key.
   */
  constructor({ e2e, panel, lockIcon, encryptButton, active, itemsOf, opened, changed, toast, locked = () => {} }) {
    Object.assign(this, { e2e, panel, lockIcon, encryptButton, active, itemsOf, opened, changed, toast, locked });
    encryptButton.addEventListener('click', () => panel.show('create', active()));
    // a wrong key shows "can't decrypt": the lock lets the user try another passphrase
    lockIcon.addEventListener('click', () => panel.show('unlock', active(), true));
  }

  /**
   * Shows whether the room is encrypted, and asks for its key when this browser has none (or holds one that does not
   * match the room's key check value: a wrong invite link). The composer stays closed while the room is locked.
   */
  async refresh(room) {
    let meta = null;
    if (!isDm(room)) {
      try {
        meta = await this.e2e.load(room);
      } catch (e) {
        this.toast(`Could not tell whether #${room} is encrypted: ${e.message}`, 'error');
      }
    }
    if (room !== this.active()) return;
    this.lockIcon.hidden = !meta;
    this.encryptButton.hidden = !!meta || isDm(room);
    const held = this.e2e.hasKey(room);
    if (meta && !this.e2e.checkHeldKey(room)) {
      this.panel.show('unlock', room);
      if (held) this.panel.setError(`Wrong key: the key this browser had for #${room} does not match the room. Enter the passphrase or open the invite link again.`);
    } else if (this.panel.mode === 'unlock' || (meta && this.panel.mode === 'create')) this.panel.hide();
    this.locked(!!meta && !this.e2e.hasKey(room));
    this.changed();
  }

  /** The latest sealed messages of a room, newest first (held, else from the server), to prove a key with. */
  async samplesOf(room) {
    const sealed = (m) => m.type === 'e2e' && m.e2e && m.id && m.from && !m.deleted;
    const held = [...this.itemsOf(room)].reverse().filter(sealed);
    if (held.length) return held.slice(0, SAMPLES);
    try {
      const { messages } = await api.messages(room, { limit: 50 });
      return [...messages].reverse().filter(sealed).slice(0, SAMPLES);
    } catch (e) {
      if (e.status === 404) return []; // no messages yet
      throw e; // not "no messages": a key must not pass for want of something to check it on
    }
  }

  async submit({ mode, passphrase, remember }) {
    const room = this.active();
    this.panel.busy(true);
    try {
      if (mode === 'unlock') await this.e2e.unlock(room, passphrase, remember, () => this.samplesOf(room));
      else await this.e2e.create(room, { passphrase: passphrase || null, remember });
      this.panel.hide();
      await this.refresh(room);
      if (mode === 'create') {
        this.toast(passphrase ? `#${room} is end-to-end encrypted. Share the passphrase apart from the link.`
          : `#${room} is end-to-end encrypted: its invite link carries the key.`);
      }
    } catch (e) {
      this.panel.setError(e.error === 'room_has_messages'
        ? `#${room} already has plain messages: encrypt a new room instead.` : e.message);
    } finally {
      this.panel.busy(false);
    }
  }

  /** A new random room, encrypted with a random key that travels in the invite link's fragment. */
  async newRoom() {
    const room = randomRoomId();
    try {
      await this.e2e.create(room);
    } catch (e) {
      this.toast(`Could not create an encrypted room: ${e.message}`, 'error');
      return;
    }
    this.opened(room);
  }

  inviteLink(room) {
    return `${location.origin}${location.pathname}#/r/${room}${this.e2e.inviteSuffix(room)}`;
  }

  inviteDescription(room) {
    if (!this.e2e.isEncrypted(room)) return 'Invite link: anyone with it can join this room';
    return this.e2e.inviteSuffix(room) !== '' ? 'Invite link: it carries the room key, so anyone with it can read this room'
      : 'Invite link: they also need the passphrase';
  }
}
