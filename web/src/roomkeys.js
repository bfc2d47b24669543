// Room keys: a room id (`general`) or a direct message's key `dm:{a}:{b}` with a < b, the key the server stores DMs
// under. Pure helpers: which key a typed name means, DM keys and topics, and how a room is labelled.
import { ROOM_RE, USER_RE } from './ids.js';

const DM_RE = /^dm:([a-z0-9][a-z0-9_-]{0,31}):([a-z0-9][a-z0-9_-]{0,31})$/;

export const isDm = (key) => DM_RE.test(key ?? '');

/** A valid room id or DM key (a < b). */
export function isRoomKey(key) {
  const m = DM_RE.exec(key ?? '');
  return m ? m[1] < m[2] : ROOM_RE.test(key ?? '');
}

/** The DM key of two users, or null when a name is invalid or they are the same person. */
export function dmKey(a, b) {
  if (!USER_RE.test(a ?? '') || !USER_RE.test(b ?? '') || a === b) return null;
  return a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`;
}

/** The two users of a DM key, or null. */
export function dmUsers(key) {
  const m = DM_RE.exec(key ?? '');
  return m ? [m[1], m[2]] : null;
}

/** The other person of a DM (me with myself: me). */
export function dmPeer(key, me) {
  const users = dmUsers(key);
  if (!users) return key;
  return users[0] === me ? users[1] : users[0];
}

/** A room's label: its local display name, else its id. */
export function roomLabel(room, names = {}) {
  return names[room] || room;
}

/** The MQTT topic of a room key's messages (`kind`: messages or typing; DMs have only messages). */
export function topicOf(prefix, key, kind = 'messages') {
  const users = dmUsers(key);
  if (users) return kind === 'messages' ? `${prefix}/dm/${users[0]}/${users[1]}/messages` : null;
  return `${prefix}/rooms/${key}/${kind}`;
}

/**
 * What "Join a room" means for a typed text: `dm:alice:bob` / `@bob` → that DM (only one's own: {dm}), else a room
 * id ("Design Team" → design-team), else null. `me`: the signed-in user.
 */
export function parseJoin(input, me, toRoomId) {
  const text = String(input ?? '').trim().toLowerCase();
  const at = /^@([a-z0-9][a-z0-9_-]{0,31})$/.exec(text);
  if (at) return at[1] === me ? { error: 'That is you.' } : { dm: dmKey(me, at[1]) };
  if (text.startsWith('dm:')) {
    const users = text.slice(3).split(':');
    if (users.length !== 2 || !users.every((u) => USER_RE.test(u)) || users[0] === users[1]) {
      return { error: 'A direct message is dm:NAME:NAME (or @NAME).' };
    }
    if (!users.includes(me)) return { error: 'Only the two people of a direct message can read it.' };
    return { dm: dmKey(users[0], users[1]) };
  }
  const room = toRoomId(text);
  return room ? { room } : { error: 'A room name uses lower-case letters, digits, - and _ (up to 64).' };
}
