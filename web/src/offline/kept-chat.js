// What this device keeps of one user's chat, and how it joins the page: the latest messages of each room (shown at
// once on load, searched while offline) and the outbox (shown as pending or failed until the server acknowledges).
import { openUserDb } from './db.js';
import { MessageCache } from './message-cache.js';
import { Outbox } from './outbox.js';

const RESTORE_WAIT_MS = 3000;

export class KeptChat {
  /**
   * `me`: {user, clientId}. `publish(room, envelope)`: resolves on the PUBACK. `logOf(room)`: the RoomLog;
   * `receive(room, envelopes, options)`: App.receive; `addRoom(room)`; `changed(room, toBottom)` redraws;
   * `toast(text, kind)`.
   */
  constructor(me, { publish, logOf, receive, addRoom, changed, toast }) {
    this.me = me;
    this.logOf = logOf;
    this.receive = receive;
    this.addRoom = addRoom;
    this.changed = changed;
    this.toast = toast;
    const db = openUserDb(me.user);
    this.cache = new MessageCache(db);
    this.outbox = new Outbox(db, { publish, settled: (entry, outcome) => this.settle(entry, outcome) });
  }

  /**
   * Shows the kept messages of these rooms, then what the outbox still holds (written here, not acknowledged). Resolves
   * at the latest after RESTORE_WAIT_MS: a database held up (another tab upgrading it) must not keep the page offline.
   */
  restore(rooms) {
    const restored = this.restoreAll(rooms).catch(() => {}); // a broken copy must not keep the page from connecting
    return Promise.race([restored, new Promise((resolve) => setTimeout(resolve, RESTORE_WAIT_MS))]);
  }

  async restoreAll(rooms) {
    for (const room of rooms) {
      const kept = await this.cache.load(room);
      if (kept.length) this.receive(room, kept, { kept: true });
      this.changed(room, true);
    }
    for (const { room, envelope, failed } of await this.outbox.load()) {
      this.addRoom(room);
      this.logOf(room).add({ ...envelope, room, from: this.me.user, client: this.me.clientId,
        ts: Number.isInteger(envelope.sentAt) ? envelope.sentAt : Date.now(), pending: !failed, failed });
      this.changed(room, true);
    }
  }

  /** A message or event the user wrote: kept until acknowledged, sent now if connected. */
  send(room, envelope) {
    this.outbox.add(room, envelope);
  }

  /** After a connect: everything not yet acknowledged, in the order written. */
  flush() {
    this.outbox.flush();
  }

  /** The outbox's news of a message: acknowledged (`sent`) or refused (`failed`: the reason). */
  settle(entry, { sent, failed }) {
    const log = this.logOf(entry.room);
    const item = log.byId.get(entry.id);
    if (item && (item.pending || item.failed)) {
      Object.assign(item, sent ? { pending: false } : { pending: false, failed });
      log.touch(item);
      this.changed(entry.room);
    }
    if (failed) this.toast(`Message not sent: ${failed}`, 'error');
  }

  /** Sends a failed message again, with the same id (the server stores an id once). */
  retry(room, id) {
    const log = this.logOf(room);
    const item = log.byId.get(id);
    if (item) {
      Object.assign(item, { pending: true, failed: undefined });
      log.touch(item);
    }
    this.outbox.retry(id);
    this.changed(room);
  }

  /** Drops a failed (or pending) message for good. */
  discard(room, id) {
    this.outbox.discard(id);
    this.logOf(room).remove(id);
    this.changed(room);
  }
}
