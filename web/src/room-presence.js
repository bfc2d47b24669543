/**
 * Who is in each open room, from the server's digests on `{prefix}/rooms/{room}/presence`: a full list
 * (`{"full":true,"v","online":[…]}`) sent to each new subscriber, then changes
 * (`{"v","online":[…],"offline":[…]}`) coalesced per room. A change counts only over a list of an older `v` (one sent before the list is already in it).
 */
export class RoomPresence {
  constructor() {
    this.rooms = new Map(); // room -> { v, users: Set }
  }

  /** Applies a digest; returns whether anything was taken. */
  apply(room, digest) {
    if (!digest || typeof digest.v !== 'number') return false;
    let known = this.rooms.get(room);
    if (digest.full === true) {
      known = { v: digest.v, users: new Set() };
      this.rooms.set(room, known);
    } else if (!known || digest.v <= known.v) {
      return false;
    } else {
      known.v = digest.v;
    }
    for (const user of digest.online ?? []) if (typeof user === 'string') known.users.add(user);
    for (const user of digest.offline ?? []) known.users.delete(user);
    return true;
  }

  /** How many people are in the room, as far as its digests tell; null before its list came. */
  count(room) {
    return this.rooms.get(room)?.users.size ?? null;
  }

  /** The room was left: its people are no longer seen through it. */
  forget(room) {
    this.rooms.delete(room);
  }

  /** Who is in this room (empty before its list came). */
  usersOf(room) {
    return this.rooms.get(room)?.users ?? new Set();
  }

  /** Everyone present in at least one open room. */
  users() {
    const all = new Set();
    for (const { users } of this.rooms.values()) for (const user of users) all.add(user);
    return all;
  }
}
