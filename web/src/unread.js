// Unread counts and read positions per room (pure: storage is passed in). A count is live messages from others in a
// room not open, or after a reload the server's last seq minus the last seq read here. Reading a room always stores
// its zero, so a badge never comes back after a reload.

export class Unread {
  /** `storage`: {counts(), readSeqs(), save(counts), saveReadSeqs(map)} */
  constructor(storage) {
    this.storage = storage;
    this.counts = { ...storage.counts() };
    this.readSeq = { ...storage.readSeqs() };
    this.mentioned = {};
  }

  /** A new message from someone else in a room that is not being read. */
  received(room, { mention = false } = {}) {
    this.counts[room] = (this.counts[room] ?? 0) + 1;
    if (mention) this.mentioned[room] = true;
    this.storage.save(this.counts);
  }

  /** The server's last seq of a room (after a reload or reconnect). */
  serverLastSeq(room, lastSeq) {
    const read = this.readSeq[room];
    if (Number.isInteger(read)) {
      // live counts and the server's count overlap: the larger one is right
      const n = Math.max(this.counts[room] ?? 0, lastSeq - read);
      if (n > 0) this.counts[room] = n;
    } else {
      this.readSeq[room] = lastSeq; // first time seen here: nothing unread yet
    }
  }

  /** Saves after a batch of serverLastSeq calls. */
  flush() {
    this.storage.save(this.counts);
    this.storage.saveReadSeqs(this.readSeq);
  }

  /** The room was read up to `lastSeq` (or null when unknown). */
  read(room, lastSeq) {
    if (Number.isInteger(lastSeq) && lastSeq > (this.readSeq[room] ?? -1)) {
      this.readSeq[room] = lastSeq;
      this.storage.saveReadSeqs(this.readSeq);
    }
    delete this.mentioned[room];
    if (room in this.counts) {
      delete this.counts[room];
      this.storage.save(this.counts);
    }
  }

  forget(room) {
    delete this.counts[room];
    delete this.mentioned[room];
    this.storage.save(this.counts);
  }
}
