// History and catch-up for each room: the latest page on open, older pages on scroll, and `?after=syncedSeq` page by
// page after every (re)connect or gap. A search hit far back loads the page `?around=` it, which leaves a gap in the
// log (roomlog.js) that pages from either side fill as the reader scrolls. Pages go to `receive` whole, so a page of
// 200 messages draws the list once.
import * as api from './api.js';

const PAGE = 50;
const CATCH_UP_PAGE = 200;
const CATCH_UP_RETRIES = 5;
/** After a page failed to load, how long the list's requests for more wait before trying again. */
const RETRY_PAUSE_MS = 5000;
/** Worth retrying: the server could not be reached or failed (not a 4xx answer about the request). */
const isTransient = (e) => !e.status || e.status >= 500;

export class HistorySync {
  /**
   * `logOf(room)` → RoomLog; `receive(room, messages, {live})` takes a page in; `changed(room)` redraws; `error(text)`.
   */
  constructor({ logOf, receive, changed, error }) {
    this.logOf = logOf;
    this.receive = receive;
    this.changed = changed;
    this.error = error;
    this.older = new Map(); // room → 'loading' | 'start'
    this.catchingUp = new Map(); // room → {promise, again}
    this.pausedUntil = new Map(); // room → when older pages may be asked for again after a failure
    this.available = true; // false: this server keeps no history (live messages only)
  }

  /** 'loading', 'start' (the first message is held) or undefined, for the top of the list. */
  olderState(room) {
    const log = this.logOf(room);
    const older = this.older.get(room);
    if (!older && log.loaded && !log.hasOlder && this.available) return 'start';
    return older;
  }

  /** Loads the latest page of a room's history, once; resolves when it is in. */
  ensureLoaded(room) {
    const log = this.logOf(room);
    if (log.loaded) return Promise.resolve();
    if (!log.loadingPromise) log.loadingPromise = this.loadLatest(room).finally(() => { log.loadingPromise = null; });
    return log.loadingPromise;
  }

  /** The latest page. A room without messages is empty, not an error (no request that would answer 404). */
  async loadLatest(room) {
    const log = this.logOf(room);
    log.loading = true;
    this.changed(room);
    try {
      // GET /api/rooms names only rooms (and our DMs) with messages: a new one is not asked for (it would be a 404)
      let listed = true;
      try {
        listed = (await api.rooms([room])).rooms.some((r) => r.room === room);
      } catch (e) {
        if (e.status !== 404) throw e; // a server without the room list: ask for the page itself
      }
      const page = listed
        ? await api.messages(room, { limit: PAGE }) : { messages: [], hasMore: false };
      const kept = log.lastSeq; // messages this device kept (offline/), shown before the server answered
      this.receive(room, page.messages, { live: false });
      log.hasOlder = page.hasMore;
      const seqs = page.messages.map((m) => m.seq).filter(Number.isInteger);
      // what was written between the kept messages and this page is not loaded: a gap, filled as the reader scrolls
      if (kept !== null && page.hasMore && seqs.length && kept < Math.min(...seqs) - 1) log.openGap(kept, Math.min(...seqs));
      log.syncedSeq = Math.max(log.syncedSeq ?? 0, seqs.length ? Math.max(...seqs) : 0);
      if (!log.hasOlder) this.older.set(room, 'start');
      log.loaded = true;
      if (log.advance()) this.catchUp(room);
    } catch (e) {
      if (e.status === 404 && /route/i.test(e.message)) {
        this.available = false;
        log.loaded = true;
      } else if (e.status === 404) {
        log.syncedSeq = 0;
        log.loaded = true;
      } else {
        this.error(`Could not load ${label(room)}: ${e.message}`);
      }
    } finally {
      log.loading = false;
    }
    this.changed(room, { loaded: true });
  }

  /** Fetches everything after the last message held without a gap, page by page. */
  catchUp(room, attempt = 0) {
    const log = this.logOf(room);
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
            this.receive(room, page.messages, { live: false, count: true }); // missed while away: unread
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
      if (failed && isTransient(failed) && attempt < CATCH_UP_RETRIES) {
        // The broker can be back before the web server (a restart): try again shortly, with backoff.
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
        return this.catchUp(room, attempt + 1);
      }
      if (failed && failed.status !== 404) this.error(`Could not catch up ${label(room)}: ${failed.message}`);
    })();
    this.catchingUp.set(room, job);
    return job.promise;
  }

  async loadOlder(room) {
    const log = this.logOf(room);
    if (!log.loaded || !log.hasOlder || log.oldestSeq === null || this.older.get(room) === 'loading') return;
    if (Date.now() < (this.pausedUntil.get(room) ?? 0)) return;
    this.older.set(room, 'loading');
    this.changed(room);
    try {
      const before = log.oldestSeq;
      const page = await api.messages(room, { before, limit: PAGE });
      this.receive(room, page.messages, { live: false, older: true });
      // a page that brought nothing older (only copies) ends the paging rather than asking for it again
      log.hasOlder = page.hasMore && page.messages.length > 0 && log.oldestSeq < before;
      this.older.set(room, log.hasOlder ? null : 'start');
    } catch (e) {
      this.older.delete(room);
      this.pausedUntil.set(room, Date.now() + RETRY_PAUSE_MS); // the list asks again as it is scrolled: not at once
      this.error(`Could not load older messages: ${e.message}`);
    }
    this.changed(room);
  }

  /**
   * Loads the page around `seq` (a message far back, e.g. a search hit) when it is not held yet. The stretch between
   * that page and what was held becomes a gap of the log; resolves when the page is in.
   */
  async loadAround(room, seq) {
    const log = this.logOf(room);
    if (log.bySeq.has(seq)) return;
    const oldest = log.oldestSeq;
    const inGap = log.gapAt(seq);
    try {
      const page = await api.messages(room, { around: seq, limit: PAGE });
      const seqs = page.messages.map((m) => m.seq).filter(Number.isInteger);
      if (seqs.length === 0) return;
      const lo = Math.min(...seqs);
      const hi = Math.max(...seqs);
      this.receive(room, page.messages, { live: false });
      if (inGap) {
        log.cover(page.hasMoreBefore === false ? -Infinity : lo, page.hasMoreAfter === false ? Infinity : hi);
      } else if (oldest === null || lo < oldest) {
        // below everything held: what lies between the page and the oldest message held is not loaded
        if (oldest !== null && hi < oldest && page.hasMoreAfter !== false) log.openGap(hi, oldest);
        log.hasOlder = page.hasMoreBefore === true;
        this.older.set(room, log.hasOlder ? null : 'start');
      }
    } catch (e) {
      if (e.status !== 404) this.error(`Could not load that message: ${e.message}`); // 404: no history here
    }
    this.changed(room);
  }

  /** The next page of a gap, seen from below it (`before`: older messages) or from above it (`after`: newer ones). */
  async fillGap(room, gap, side) {
    if (gap.loading || Date.now() < (gap.pausedUntil ?? 0)) return;
    gap.loading = true;
    const log = this.logOf(room);
    try {
      const page = await api.messages(room, side === 'after' ? { after: gap.after, limit: PAGE } : { before: gap.before, limit: PAGE });
      const seqs = page.messages.map((m) => m.seq).filter(Number.isInteger);
      this.receive(room, page.messages, { live: false });
      if (side === 'after') log.cover(gap.after + 1, page.hasMore && seqs.length ? Math.max(...seqs) : Infinity);
      else log.cover(page.hasMore && seqs.length ? Math.min(...seqs) : -Infinity, gap.before - 1);
    } catch (e) {
      gap.pausedUntil = Date.now() + RETRY_PAUSE_MS;
      this.error(`Could not load more messages: ${e.message}`);
    } finally {
      gap.loading = false;
    }
    this.changed(room);
  }

  forget(room) {
    this.older.delete(room);
  }
}

const label = (room) => (room.startsWith('dm:') ? 'this conversation' : `#${room}`);
