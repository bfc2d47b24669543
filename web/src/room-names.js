// Rooms' display names ("Q3 plans" for a random room), kept on the server so everyone in the room sees the same one:
// set with PUT /api/rooms/{room}/name, read from GET /api/rooms and, live, from each room's retained meta topic.
import { effect } from '@preact/signals';
import * as api from './api.js';
import * as state from './state.js';
import { store } from './store.js';

const MAX = 64;
// control characters, line breaks and the direction overrides that make a name read differently from what it is
const UNFIT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Why `name` cannot name a room (the server's rules, said before asking it), or null; "" takes a name away. */
export function roomNameProblem(name) {
  if (name === '') return null;
  if (name.trim() === '') return 'A room name cannot be only spaces.';
  if ([...name].length > MAX) return `A room name has at most ${MAX} characters.`;
  if (UNFIT.test(name)) return 'A room name cannot contain line breaks or control characters.';
  return null;
}

/** `names` with `room` named `name` (a blank or missing name: unnamed); the same object when nothing changes. */
export function withName(names, room, name) {
  const value = typeof name === 'string' && name.trim() ? name : null;
  if ((names[room] ?? null) === value) return names;
  const next = { ...names };
  if (value) next[room] = value;
  else delete next[room];
  return next;
}

export class RoomNames {
  /** `toast(text, kind)` tells the user. */
  constructor({ toast }) {
    this.toast = toast;
    // the last names seen are kept, so a page opened without the server still shows them (offline/)
    const kept = store.knownNames();
    if (kept && typeof kept === 'object') {
      state.names.value = Object.fromEntries(Object.entries(kept).filter(([, name]) => typeof name === 'string'));
    }
    effect(() => store.setKnownNames(state.names.value));
  }

  /** A room's meta as the server publishes it (`{room, encrypted, name?}`): no name means unnamed. */
  fromMeta(room, meta) {
    if (meta && typeof meta === 'object') state.names.value = withName(state.names.value, room, meta.name);
  }

  /** The rooms of GET /api/rooms (`[{room, name?}]`): each listed room has the name given, or none. */
  fromSummaries(rooms) {
    let names = state.names.value;
    for (const { room, name } of rooms) names = withName(names, room, name);
    state.names.value = names;
  }

  /** Names a room for everyone in it ("" takes the name away); resolves to whether the server took it. */
  async rename(room, text) {
    const name = text.trim();
    const problem = roomNameProblem(name);
    if (problem) {
      this.toast(problem, 'error');
      return false;
    }
    try {
      const answer = await api.setRoomName(room, name || null);
      state.names.value = withName(state.names.value, room, answer.name);
      this.toast(name ? `Room named “${name}” for everyone in it.` : 'Room name removed.');
      return true;
    } catch (e) {
      this.toast(e.status === 401 ? 'Naming a room needs a claimed name or an account (sign in again).'
        : `Could not name the room: ${e.message}`, 'error');
      return false;
    }
  }

  /**
   * Names kept in this browser by earlier versions go to the server once, for joined rooms the server has no name
   * for (`named`: the rooms GET /api/rooms answered with a name), then are forgotten here.
   */
  async upload(local, joined, named) {
    for (const [room, name] of Object.entries(local)) {
      if (!joined.includes(room) || named.has(room) || roomNameProblem(name.trim())) continue;
      try {
        const answer = await api.setRoomName(room, name.trim());
        state.names.value = withName(state.names.value, room, answer.name);
      } catch {
        return false; // no session, or not allowed: keep them for another time
      }
    }
    return true;
  }
}
