// The outbox: every message and event the user writes is kept in IndexedDB, with its id, until the server acknowledges
// it (PUBACK). It survives reloads and browser restarts and is published again after every (re)connect, in the order
// it was written; the server stores a repeated id only once, so a message whose acknowledgement was lost is still
// stored exactly once. A refusal (an MQTT 5 reason code) keeps the entry as failed, for the user to retry or discard.

/**
 * A refusal is final for this attempt; anything else (not connected, the connection dropped before the PUBACK) waits
 * for the next connection.
 */
const isRefusal = (e) => e?.name === 'PublishRefused';

export class Outbox {
  /**
   * `db`: a promise of the database (null: kept in memory only). `publish(room, envelope)`: resolves on the PUBACK.
   * `settled(entry, outcome)`: outcome is `{sent: true}` or `{failed: reason}`.
   */
  constructor(db, { publish, settled }) {
    this.db = Promise.resolve(db).catch(() => null);
    this.publish = publish;
    this.settled = settled;
    this.entries = new Map(); // id → {id, room, envelope, order, failed?}
    this.counter = 0;
  }

  /** Reads what earlier pages left unsent; resolves to the entries in the order they were written. */
  async load() {
    try {
      const db = await this.db;
      for (const entry of db ? await db.getAll('outbox') : []) {
        if (valid(entry) && !this.entries.has(entry.id)) this.entries.set(entry.id, entry);
      }
    } catch {
      // unreadable: nothing to resend
    }
    return this.pending();
  }

  /** Every entry, failed ones too, in the order written. */
  pending() {
    return [...this.entries.values()].sort((a, b) => a.order - b.order);
  }

  /** Keeps a newly written envelope (it carries its id and `sentAt`), then publishes it. */
  add(room, envelope) {
    const order = (envelope.sentAt ?? Date.now()) * 1000 + (this.counter++ % 1000); // two in one ms keep their order
    const entry = { id: envelope.id, room, envelope, order };
    this.entries.set(entry.id, entry);
    this.save(entry);
    this.send(entry.id);
    return entry;
  }

  /** Publishes everything not yet acknowledged nor failed, in order (after a connect). */
  flush() {
    for (const entry of this.pending()) if (!entry.failed) this.send(entry.id);
  }

  /** Tries a failed entry again. */
  retry(id) {
    const entry = this.entries.get(id);
    if (!entry) return;
    delete entry.failed;
    this.save(entry);
    this.send(id);
  }

  /** Drops an entry for good (the user discarded it). */
  discard(id) {
    this.entries.delete(id);
    this.remove(id);
  }

  send(id) {
    const entry = this.entries.get(id);
    if (!entry) return;
    Promise.resolve().then(() => this.publish(entry.room, entry.envelope)).then(() => {
      if (this.entries.get(id) !== entry) return;
      this.entries.delete(id);
      this.remove(id);
      this.settled(entry, { sent: true });
    }, (e) => {
      if (!isRefusal(e) || this.entries.get(id) !== entry) return; // stays: sent again when connected
      entry.failed = e.code ? `${e.message} (0x${e.code.toString(16)})` : e.message;
      this.save(entry);
      this.settled(entry, { failed: entry.failed });
    });
  }

  async save(entry) {
    try {
      await (await this.db)?.put('outbox', entry);
    } catch {
      // not kept across a reload, but still sent from memory
    }
  }

  async remove(id) {
    try {
      await (await this.db)?.delete('outbox', id);
    } catch {
      // already gone
    }
  }
}

function valid(entry) {
  return entry && typeof entry.id === 'string' && typeof entry.room === 'string' && entry.envelope
    && typeof entry.envelope === 'object' && Number.isFinite(entry.order);
}
