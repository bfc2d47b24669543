// The browser's own copy of a user's chat (IndexedDB, through the `idb` wrapper): the latest messages of each room,
// and the outbox of messages not yet acknowledged by the server. One database per user of this browser, so two people
// who share it never see each other's copy.
import { openDB } from 'idb';

const VERSION = 1;

/**
 * Opens (or creates) the user's database. Resolves to null where IndexedDB is missing or refused (a private window of
 * some browsers): the client then works as before, online only.
 */
export async function openUserDb(user) {
  try {
    if (typeof indexedDB === 'undefined') return null;
    const db = await openDB(`parley-${user}`, VERSION, {
      upgrade(db) {
        // envelopes as the server stamped them, by room and seq: a room's range is read in order
        db.createObjectStore('messages', { keyPath: ['room', 'seq'] });
        // {id, room, envelope, order, failed?}: written here, not yet acknowledged (PUBACK)
        db.createObjectStore('outbox', { keyPath: 'id' });
      },
      blocking() {
        db.close(); // a newer version of the client, in another tab, needs to upgrade it: this tab lets go
      },
    });
    return db;
  } catch {
    return null;
  }
}

/** The key range of one room's messages, from `lo` to `hi` seq (inclusive). */
export const roomRange = (room, lo = -Infinity, hi = Infinity) => IDBKeyRange.bound([room, lo], [room, hi]);
