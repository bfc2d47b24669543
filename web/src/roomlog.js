// The messages of one room, in order, without duplicates (by seq and by id), and how far they are complete.

/**
 * Messages are ordered by `seq`; messages without one (sent before the server stored history, or still pending
 * here) follow in arrival order. `syncedSeq` is the highest seq up to which this log has every message since it was
 * first loaded: a live message beyond it means a gap, which `catchUp` closes with `?after=syncedSeq`.
 *
 * A page loaded around a seq (a search hit far back) can leave stretches of the room not loaded between what is held:
 * `gaps` lists them ({after, before}: the seqs strictly between may be missing) until pages fill them. A view shows
 * one stretch without a gap at a time (`segment`).
 *
 * A message is inserted where it belongs (binary search), never by sorting the whole array. Every change to an item
 * bumps its `rev`, and every change to the log bumps `version`, so views redraw only what changed. Replies are
 * counted per message as they come (`replyCount`), so nothing walks the whole log to draw one row.
 */
export class RoomLog {
  /** `foldOf(msg)`: for an event about another message (a reaction, edit, delete), how it changes its target. */
  constructor(room, { foldOf = () => null } = {}) {
    this.room = room;
    this.foldOf = foldOf;
    this.parked = new Map(); // target id → events that came before their target (e.g. on a page not loaded yet)
    this.items = [];
    this.byId = new Map();
    this.bySeq = new Map();
    this.syncedSeq = null; // null: history not loaded (or not available)
    this.oldestSeq = null;
    this.maxSeq = null;
    this.hasOlder = false;
    this.loaded = false;
    this.arrivals = 0;
    this.version = 0;
    this.gaps = []; // [{after, before}], ascending; seqs strictly between after and before are not loaded
    this.replies = new Map(); // message id → the replies to it held here (a Set of items)
  }

  /**
   * Adds or updates a message; returns 'added', 'updated', 'event' (it changed another message) or 'duplicate'. A system message with `deletes: seq` (an
   * admin removed that message) takes the removed message out of the log.
   */
  add(msg) {
    if (msg.type === 'system' && Number.isInteger(msg.deletes)) this.forget(msg.deletes);
    if (hasSeq(msg) && this.bySeq.has(msg.seq)) return 'duplicate';
    const fold = typeof msg.target === 'string' ? this.foldOf(msg) : null;
    if (fold) return this.addEvent(msg, fold);
    const known = msg.id ? this.byId.get(msg.id) : undefined;
    if (known) {
      if (!known.pending && (hasSeq(known) || !hasSeq(msg))) return 'duplicate';
      const moves = hasSeq(msg) && !hasSeq(known);
      if (moves) this.items.splice(this.indexOf(known), 1);
      Object.assign(known, msg, { pending: false, failed: undefined, rev: (known.rev ?? 0) + 1 });
      if (hasSeq(msg)) this.holdSeq(known);
      if (moves) this.insert(known);
      this.version++;
      return 'updated';
    }
    const item = { ...msg, arrival: this.arrivals++, rev: 0 };
    if (item.id) this.byId.set(item.id, item);
    if (hasSeq(item)) this.holdSeq(item);
    this.insert(item);
    this.noteReply(item, true);
    this.version++;
    const parked = item.id ? this.parked.get(item.id) : undefined;
    if (parked) {
      this.parked.delete(item.id);
      for (const { event, fold } of parked) this.apply(item, event, fold);
    }
    return 'added';
  }

  /** An event: its seq is held (never shown), and it changes its target now or when the target arrives. */
  addEvent(event, fold) {
    if (event.id && this.eventIds?.has(event.id)) return 'duplicate';
    (this.eventIds ??= new Set()).add(event.id);
    if (hasSeq(event)) this.holdSeq({ seq: event.seq, gone: true });
    const target = this.byId.get(event.target);
    if (target) this.apply(target, event, fold);
    else this.parked.set(event.target, [...(this.parked.get(event.target) ?? []), { event, fold }]);
    return 'event';
  }

  apply(target, event, fold) {
    const change = fold(target, event);
    if (!change) return;
    Object.assign(target, change);
    this.touch(target);
  }

  /** Adds many messages (a page of history); returns the results in order. */
  addAll(msgs) {
    return msgs.map((m) => this.add(m));
  }

  /** Marks an item as changed in place (e.g. decrypted), so views redraw it. */
  touch(item) {
    item.rev = (item.rev ?? 0) + 1;
    this.version++;
  }

  /** Removes a message by id (a refused message the user dismissed). */
  remove(id) {
    const item = this.byId.get(id);
    if (!item) return;
    this.byId.delete(id);
    this.noteReply(item, false);
    if (hasSeq(item)) this.bySeq.delete(item.seq);
    const at = this.indexOf(item);
    if (at >= 0) this.items.splice(at, 1);
    this.version++;
  }

  /**
   * Drops the message with this seq for good: its seq stays held (as a tombstone, never shown) so the log stays
   * gap-free and a stale copy arriving later is a duplicate.
   */
  forget(seq) {
    const item = this.bySeq.get(seq);
    if (item?.gone) return;
    if (item) {
      if (item.id) this.byId.delete(item.id);
      this.noteReply(item, false);
      const at = this.indexOf(item);
      if (at >= 0) this.items.splice(at, 1);
    }
    this.bySeq.set(seq, { seq, gone: true });
    if (this.maxSeq === null || seq > this.maxSeq) this.maxSeq = seq;
    this.version++;
  }

  /**
   * Drops every message below `seq` (an administrator deleted the room's history): they are tombstones from now on,
   * so an older page can't bring them back. Returns how many were shown.
   */
  forgetBefore(seq) {
    const gone = this.items.filter((m) => hasSeq(m) && m.seq < seq);
    for (const m of gone) this.forget(m.seq);
    this.hasOlder = false;
    this.gaps = this.gaps.filter((g) => g.before > seq);
    for (const g of this.gaps) g.after = Math.max(g.after, seq - 1);
    this.gaps = this.gaps.filter(nonEmpty);
    return gone.length;
  }

  /** How many replies to this message are held here. */
  replyCount(id) {
    return this.replies.get(id)?.size ?? 0;
  }

  /** The replies to this message held here, in order. */
  repliesTo(id) {
    return [...(this.replies.get(id) ?? [])].sort(compare);
  }

  /** Counts a reply in (or out) and redraws its target, whose reply count changed. */
  noteReply(item, added) {
    if (typeof item.replyTo !== 'string') return;
    let set = this.replies.get(item.replyTo);
    if (added) this.replies.set(item.replyTo, (set ??= new Set()).add(item));
    else if (set?.delete(item) && set.size === 0) this.replies.delete(item.replyTo);
    const target = this.byId.get(item.replyTo);
    if (target) this.touch(target);
  }

  /**
   * Marks the seqs from `lo` to `hi` (inclusive; ±Infinity for "to the end") as loaded: gaps shrink, split or close.
   */
  cover(lo, hi) {
    const left = [];
    for (const g of this.gaps) {
      if (hi <= g.after || lo >= g.before) left.push(g);
      else {
        if (lo > g.after + 1) left.push({ after: g.after, before: lo });
        if (hi < g.before - 1) left.push({ after: hi, before: g.before });
      }
    }
    this.gaps = left.filter(nonEmpty);
    this.version++;
  }

  /** Notes that the seqs strictly between `after` and `before` may be missing (nothing when there are none). */
  openGap(after, before) {
    const gap = { after, before };
    if (!nonEmpty(gap)) return;
    this.gaps = [...this.gaps, gap].sort((a, b) => a.after - b.after);
    this.version++;
  }

  /** The gap that `seq` falls in, or null. */
  gapAt(seq) {
    return this.gaps.find((g) => seq > g.after && seq < g.before) ?? null;
  }

  /**
   * The stretch of `items` holding `index` that no gap cuts: {start, end (exclusive), above, below}, where `above`
   * and `below` are the gaps at its ends (null at the ends of the log). O(gaps × log n).
   */
  segment(index) {
    let start = 0;
    let end = this.items.length;
    let above = null;
    let below = null;
    for (const gap of this.gaps) {
      const at = this.boundary(gap);
      if (at <= index && at >= start) {
        start = at;
        above = gap;
      } else if (at > index && at <= end) {
        end = at;
        below = gap;
      }
    }
    return { start, end, above, below };
  }

  /** The index of the first item after a gap. */
  boundary(gap) {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.items[mid];
      if (hasSeq(m) && m.seq <= gap.after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where `item` is, or would be if it was held (e.g. after it was removed): an index into `items`. */
  position(item) {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.items[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The highest seq held, or null. */
  get lastSeq() {
    return this.maxSeq;
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

  holdSeq(item) {
    this.bySeq.set(item.seq, item);
    if (this.oldestSeq === null || item.seq < this.oldestSeq) this.oldestSeq = item.seq;
    if (this.maxSeq === null || item.seq > this.maxSeq) this.maxSeq = item.seq;
  }

  /** Inserts an item at its place: after everything that sorts before or equal to it (binary search). */
  insert(item) {
    const items = this.items;
    let lo = 0;
    let hi = items.length;
    // the common cases first: a live message at the end, a page of older messages at the start
    if (hi === 0 || compare(items[hi - 1], item) <= 0) {
      items.push(item);
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(items[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
  }

  indexOf(item) {
    const at = this.position(item);
    return this.items[at] === item ? at : this.items.indexOf(item);
  }
}

function compare(a, b) {
  const sa = hasSeq(a) ? a.seq : Infinity;
  const sb = hasSeq(b) ? b.seq : Infinity;
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.arrival - b.arrival;
}

const nonEmpty = (gap) => gap.before > gap.after + 1;

function hasSeq(msg) {
  return Number.isInteger(msg.seq);
}
