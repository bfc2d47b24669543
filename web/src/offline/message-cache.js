// The latest messages of each room, kept in IndexedDB so the client opens with them when the server is unreachable,
// and searches them then. Bounded per room (the newest LIMIT by seq): a copy for reading offline, not an archive; the
// server's history stays the record, and gaps are filled from it by seq when it is back (history.js).
import { roomRange } from './db.js';
import { searchMessages } from './local-search.js';

/** Messages kept per room. */
export const LIMIT = 200;

export class MessageCache {
  /** `db`: a promise of the database from openUserDb (null: nothing is kept). */
  constructor(db, { limit = LIMIT } = {}) {
    this.db = Promise.resolve(db).catch(() => null);
    this.limit = limit;
  }

  /**
   * Keeps what the server stamped (an integer seq) and trims the room to the newest `limit`. An administrator's
   * `cleared` (history deleted) and `deletes` (one message removed) drop those here too. Never throws.
   */
  async keep(room, envelopes) {
    const kept = envelopes.filter((e) => e && typeof e === 'object' && Number.isInteger(e.seq) && e.seq > 0);
    if (kept.length === 0) return;
    try {
      const db = await this.db;
      if (!db) return;
      const tx = db.transaction('messages', 'readwrite');
      for (const e of kept) {
        if (e.type === 'system' && Number.isInteger(e.cleared)) tx.store.delete(roomRange(room, -Infinity, e.cleared));
        if (e.type === 'system' && Number.isInteger(e.deletes)) tx.store.delete([room, e.deletes]);
        tx.store.put({ ...e, room });
      }
      const extra = (await tx.store.count(roomRange(room))) - this.limit;
      if (extra > 0) {
        let cursor = await tx.store.openCursor(roomRange(room));
        for (let i = 0; i < extra && cursor; i++) {
          await cursor.delete();
          cursor = await cursor.continue();
        }
      }
      await tx.done;
    } catch {
      // a full or broken store loses only the offline copy: the server has every message
    }
  }

  /** The room's kept messages, oldest first ([] when none or unreadable). */
  async load(room) {
    try {
      const db = await this.db;
      return db ? await db.getAll('messages', roomRange(room)) : [];
    } catch {
      return [];
    }
  }

  /** Forgets a room (the user left it). */
  async forget(room) {
    try {
      const db = await this.db;
      await db?.delete('messages', roomRange(room));
    } catch {
      // nothing to forget
    }
  }

  /** Searches the kept messages of these rooms: results shaped like GET /api/search's, newest first. */
  async search(q, rooms, limit = 30) {
    const all = [];
    for (const room of rooms) all.push(...(await this.load(room)));
    return searchMessages(all, q, limit);
  }
}
