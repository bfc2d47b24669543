// The messages of one room, in order, without duplicates (by seq and by id), and how far they are complete.

/**
 * Messages are ordered by `seq`; messages without one (sent before the server stored history, or still pending
 * here) follow in arrival order. `syncedSeq` is the highest seq up to which this log has every message since it was
 * first loaded: a live message beyond it means a gap, which `catchUp` closes with `?after=syncedSeq`.
 */
export class RoomLog {
  constructor(room) {
    this.room = room;
    this.items = [];
    this.byId = new Map();
    this.bySeq = new Map();
    this.syncedSeq = null; // null: history not loaded (or not available)
    this.oldestSeq = null;
    this.hasOlder = false;
    this.loaded = false;
    this.arrivals = 0;
  }

  /**
   * Adds or updates a message; returns 'added', 'updated' or 'duplicate'. A system message with `deletes: seq` (an
   * admin removed that message) takes the removed message out of the log.
   */
  add(msg) {
    if (msg.type === 'system' && Number.isInteger(msg.deletes)) this.forget(msg.deletes);
    if (hasSeq(msg) && this.bySeq.has(msg.seq)) return 'duplicate';
    const known = msg.id ? this.byId.get(msg.id) : undefined;
    if (known) {
      if (!known.pending && (hasSeq(known) || !hasSeq(msg))) return 'duplicate';
      Object.assign(known, msg, { pending: false, failed: undefined });
      if (hasSeq(msg)) this.bySeq.set(msg.seq, known);
      this.sort();
      return 'updated';
    }
    const item = { ...msg, arrival: this.arrivals++ };
    this.items.push(item);
    if (item.id) this.byId.set(item.id, item);
    if (hasSeq(item)) {
      this.bySeq.set(item.seq, item);
      if (this.oldestSeq === null || item.seq < this.oldestSeq) this.oldestSeq = item.seq;
    }
    this.sort();
    return 'added';
  }

  /** Removes a message by id (a refused message the user dismissed). */
  remove(id) {
    const item = this.byId.get(id);
    if (!item) return;
    this.byId.delete(id);
    if (hasSeq(item)) this.bySeq.delete(item.seq);
    this.items = this.items.filter((m) => m !== item);
  }

  /**
   * Drops the message with this seq for good: its seq stays held (as a tombstone, never shown) so the log stays
   * gap-free and a stale copy arriving later is a duplicate.
   */
  forget(seq) {
    const item = this.bySeq.get(seq);
    if (item?.deleted) return;
    if (item) {
      if (item.id) this.byId.delete(item.id);
      this.items = this.items.filter((m) => m !== item);
    }
    this.bySeq.set(seq, { seq, deleted: true });
  }

  /** The highest seq held, or null. */
  get lastSeq() {
    let max = null;
    for (const seq of this.bySeq.keys()) if (max === null || seq > max) max = seq;
    return max;
  }

  /**
   * Moves `syncedSeq` along the messages held without a gap. Returns true when a message beyond a gap is held
   * (something was missed and must be fetched).
   */
  advance() {
    if (this.syncedSeq === null) return false;
    while (this.bySeq.has(this.syncedSeq + 1)) this.syncedSeq++;
    const last = this.lastSeq;
    return last !== null && last > this.syncedSeq;
  }

  sort() {
    this.items.sort((a, b) => {
      const sa = hasSeq(a) ? a.seq : Infinity;
      const sb = hasSeq(b) ? b.seq : Infinity;
      return sa !== sb ? sa - sb : a.arrival - b.arrival;
    });
  }
}

function hasSeq(msg) {
  return Number.isInteger(msg.seq);
}
