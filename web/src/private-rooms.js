// Private rooms (invite-only, docs/design.md): my private rooms, their members and owners from GET
// /api/private-rooms, kept current by the membership events the server pushes on my own topic; creating one,
// inviting by name, removing a member (the owner), leaving. Needs the web session (a claimed name or an account).
import * as api from './api.js';
import { toRoomId } from './ids.js';
import { roomLabel } from './roomkeys.js';
import { withName } from './room-names.js';
import * as state from './state.js';

/**
 * What a membership event (`{type: 'membership', room, user, change, by, members?, owner?, name?}`) means for `me`:
 * `{room, member, members, owner, name, note}`. `member`: whether I am in the room after it; `note`: what to tell me
 * (null when it is news to nobody, such as my own invitation of someone else). Null for anything else.
 */
export function membershipChange(event, me, label = (room) => `#${room}`) {
  if (event?.type !== 'membership' || typeof event.room !== 'string' || typeof event.user !== 'string') return null;
  const { room, user, change, by } = event;
  const mine = user === me;
  const member = !(mine && change === 'removed');
  const members = Array.isArray(event.members) ? event.members.filter((m) => typeof m === 'string') : null;
  let note = null;
  if (mine && change === 'invited') note = `${by} invited you to ${label(room)}.`;
  else if (mine && change === 'removed') note = by === me ? `You left ${label(room)}.` : `${by} removed you from ${label(room)}.`;
  else if (!mine && change === 'removed' && by !== me && by !== user) note = `${by} removed ${user} from ${label(room)}.`;
  return { room, member, members: member ? (members ?? []) : null, owner: event.owner ?? null, name: event.name ?? null, note };
}

export class PrivateRooms {
  /**
   * `addRoom(room)` joins a room in the list; `openRoom(room)` opens it; `dropRoom(room)` takes it out of the list
   * (I am no longer a member); `toast(text, kind)` tells the user.
   */
  constructor({ addRoom, openRoom, dropRoom, toast }) {
    this.addRoom = addRoom;
    this.openRoom = openRoom;
    this.dropRoom = dropRoom;
    this.toast = toast;
  }

  set(room, members, owner) {
    const map = { ...state.privateRooms.value };
    const owners = { ...state.roomOwners.value };
    if (members) {
      map[room] = members;
      if (owner) owners[room] = owner;
    } else {
      delete map[room];
      delete owners[room];
    }
    state.privateRooms.value = map;
    state.roomOwners.value = owners;
  }

  /** My private rooms with their members; one I was invited to while away shows up in the room list. */
  async load() {
    try {
      const { rooms } = await api.privateRooms();
      const map = {};
      const owners = {};
      let names = state.names.value;
      for (const { room, members, owner, name } of rooms) {
        map[room] = members;
        if (owner) owners[room] = owner;
        names = withName(names, room, name);
        this.addRoom(room);
      }
      state.privateRooms.value = map;
      state.roomOwners.value = owners;
      state.names.value = names;
    } catch {
      // no session (auth: open without a claim) or a server without private rooms
    }
  }

  /** A membership event from my events topic: a room I was invited to appears at once, one I left goes. */
  changed(event, me) {
    const change = membershipChange(event, me, (room) => `#${roomLabel(room, state.names.value)}`);
    if (!change) return;
    if (change.name) state.names.value = withName(state.names.value, change.room, change.name);
    if (change.member) {
      this.set(change.room, change.members, change.owner);
      this.addRoom(change.room);
    } else {
      this.set(change.room, null);
      this.dropRoom(change.room);
    }
    if (change.note) this.toast(change.note);
  }

  /** Creates a private room (the server refuses an id in use) and opens it. */
  async create(name) {
    const room = toRoomId(name);
    if (!room) {
      this.toast('A room name uses lower-case letters, digits, - and _ (up to 64).', 'error');
      return false;
    }
    try {
      const { members, owner } = await api.createPrivateRoom(room);
      this.set(room, members, owner);
    } catch (e) {
      this.toast(e.status === 401 ? 'Private rooms need a claimed name or an account (sign in again).'
        : `Could not create #${room}: ${e.message}`, 'error');
      return false;
    }
    this.openRoom(room);
    return true;
  }

  async invite(room, user) {
    try {
      const { members, owner } = await api.inviteToPrivateRoom(room, user);
      this.set(room, members, owner);
      this.toast(`${user} can now read and write in #${roomLabel(room, state.names.value)}.`);
      return true;
    } catch (e) {
      this.toast(`Could not invite ${user}: ${e.message}`, 'error');
      return false;
    }
  }

  /** The owner removes a member; the member list follows from the server's event. */
  async remove(room, user) {
    try {
      await api.leavePrivateRoom(room, user);
      this.set(room, (state.privateRooms.value[room] ?? []).filter((m) => m !== user), state.roomOwners.value[room]);
      return true;
    } catch (e) {
      this.toast(`Could not remove ${user}: ${e.message}`, 'error');
      return false;
    }
  }

  /** Leaves a private room on the server (the caller has taken it out of the list). */
  async leave(room, me) {
    if (!state.privateRooms.value[room]) return;
    try {
      await api.leavePrivateRoom(room, me);
      this.set(room, null);
    } catch (e) {
      this.toast(`Could not leave #${room}: ${e.message}`, 'error');
    }
  }
}
