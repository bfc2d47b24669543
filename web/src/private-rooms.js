// Private rooms (invite-only, docs/design.md): my private rooms and their members from GET /api/private-rooms,
// creating one, inviting by name, leaving. Needs the web session (a claimed name or an account).
import * as api from './api.js';
import { toRoomId } from './ids.js';
import * as state from './state.js';

export class PrivateRooms {
  /** `addRoom(room)` joins a room in the list; `openRoom(room)` opens it; `toast(text, kind)` tells the user. */
  constructor({ addRoom, openRoom, toast }) {
    this.addRoom = addRoom;
    this.openRoom = openRoom;
    this.toast = toast;
  }

  set(room, members) {
    const map = { ...state.privateRooms.value };
    if (members) map[room] = members;
    else delete map[room];
    state.privateRooms.value = map;
  }

  /** My private rooms with their members; one I was invited to while away shows up in the room list. */
  async load() {
    try {
      const { rooms } = await api.privateRooms();
      const map = {};
      for (const { room, members } of rooms) {
        map[room] = members;
        this.addRoom(room);
      }
      state.privateRooms.value = map;
    } catch {
      // no session (auth: open without a claim) or a server without private rooms
    }
  }

  /** Creates a private room (the server refuses an id in use) and opens it. */
  async create(name) {
    const room = toRoomId(name);
    if (!room) {
      this.toast('A room name uses lower-case letters, digits, - and _ (up to 64).', 'error');
      return false;
    }
    try {
      const { members } = await api.createPrivateRoom(room);
      this.set(room, members);
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
      const { members } = await api.inviteToPrivateRoom(room, user);
      this.set(room, members);
      this.toast(`${user} can now read and write in #${room}.`);
      return true;
    } catch (e) {
      this.toast(`Could not invite ${user}: ${e.message}`, 'error');
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
