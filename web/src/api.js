// The REST API: fetch plus Parley's one error shape {"status","error","message"}.
// Every body is sent as application/json: the server refuses other bodies on state-changing requests (403
// json_required), and checks the Origin of cookie-authenticated ones, so other sites cannot act for the user.

/** An API error: `status` (HTTP), `error` (machine code such as "name_taken"), `message` (for people). */
export class ApiError extends Error {
  constructor(status, error, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.error = error;
  }
}

async function request(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'unreachable', `cannot reach the server (${e.message})`);
  }
  let json = null;
  try {
    json = await res.json();
  } catch {
    // not JSON: handled below
  }
  if (!res.ok) {
    throw new ApiError(res.status, json?.error ?? `http_${res.status}`, json?.message ?? `${res.status} ${res.statusText}`);
  }
  if (json === null) throw new ApiError(res.status, 'bad_response', `${method} ${path}: the answer is not JSON`);
  return json;
}

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** `{name, version, auth, prefix, mqtt:{port,url}, ws:{port,path,url}, limits:{maxTextChars,maxPayloadBytes,maxFileBytes,fileQuotaBytes,typingMaxPeople}}` */
export const info = () => request('GET', '/api/info');

/**
 * `{rooms:[{room, count, lastSeq, last, name?}]}` for the named rooms that have messages or a display name (ids are
 * never listed).
 */
export const rooms = (names) => request('GET', `/api/rooms${query({ rooms: names.join(',') })}`);

/**
 * A page of a room's history, ascending by seq: `{room, messages, hasMore}`. With `before`, the latest messages below
 * that seq; with `after`, the earliest above it; with `around`, about half on either side of that seq (and
 * `hasMoreBefore`, `hasMoreAfter`); with none, the latest.
 */
export const messages = (room, { before, after, around, limit = 50 } = {}) =>
  request('GET', `/api/rooms/${encodeURIComponent(room)}/messages${query({ before, after, around, limit })}`);

/** `{results:[{room, seq, from, ts, snippet, message}]}`; snippet marks matches with U+0002 … U+0003. */
/** Unlisted rooms (random ids) are searched only where named: pass the joined rooms as `rooms`. */
export const search = (q, { room, from, rooms = [], limit = 30 } = {}) =>
  request('GET', `/api/search${query({ q, room, from, rooms: rooms.join(','), limit })}`);

/** Claims a user name: `{user, secret}` (201), or ApiError 409 `name_taken`. */
export const claim = (user) => request('POST', '/api/claim', { user });

/**
 * Signs in (auth: accounts password, or in auth: open a claimed name's secret): `{user, token, expiresInSeconds}`; sets
 * the session cookie that routes changing a room (such as making it encrypted) need.
 */
export const login = (user, password) => request('POST', '/api/login', { user, password });

/** Creates an account and signs in (auth: accounts with self-signup): like `login`. */
export const signup = (user, password) => request('POST', '/api/signup', { user, password });

/** `{user, auth, privateRooms}` of the current session, or ApiError 401. */
export const session = () => request('GET', '/api/session');

/** Ends the session (the answer has no body). */
export const logout = () => fetch('/api/logout', { method: 'POST' }).catch(() => {});
/** `{enabled, connected, origin, bridged:[rooms]}`: the bridge to other sites and which of these rooms it carries. */
export const bridge = (names) => request('GET', `/api/bridge${query({ rooms: names.join(',') })}`);
/** `{room, encrypted, alg?, kdf?: {name, N, r, p, salt}, check?}`: whether a room is end-to-end encrypted (docs/e2e.md). */
export const roomMeta = (room) => request('GET', `/api/rooms/${encodeURIComponent(room)}/meta`);

/** Makes a room end-to-end encrypted: 201 with its meta, or ApiError 409 (`already_encrypted`, `room_has_messages`). */
export const createRoomMeta = (room, meta) => request('POST', `/api/rooms/${encodeURIComponent(room)}/meta`, meta);

/** Gives a room encrypted before key check values its check value, once: the meta, or 409 `check_exists`. */
export const addRoomKeyCheck = (room, check) =>
  request('PUT', `/api/rooms/${encodeURIComponent(room)}/meta/check`, { check });

/** Names a room for everyone who can read it (`null`: no name): `{room, name}`, or ApiError 400/401/403. */
export const setRoomName = (room, name) => request('PUT', `/api/rooms/${encodeURIComponent(room)}/name`, { name });

/** `{rooms:[{room, members, owner, name}]}`: the caller's private rooms (needs a session). */
export const privateRooms = () => request('GET', '/api/private-rooms');
/** Creates a private room with the caller as its first member: `{room, members}`, or 409 `room_taken`. */
export const createPrivateRoom = (room) => request('POST', '/api/private-rooms', { room });
/** A member invites a user (a claimed name or an account): `{room, members}`. */
export const inviteToPrivateRoom = (room, user) =>
  request('POST', `/api/private-rooms/${encodeURIComponent(room)}/members`, { user });
/** Leaves a private room, or (its owner) removes `user` from it; answers 204 without a body. */
export async function leavePrivateRoom(room, user) {
  const res = await fetch(`/api/private-rooms/${encodeURIComponent(room)}/members/${encodeURIComponent(user)}`,
    { method: 'DELETE', headers: { Accept: 'application/json' } });
  if (res.ok || res.status === 404) return;
  const json = await res.json().catch(() => null);
  throw new ApiError(res.status, json?.error ?? `http_${res.status}`, json?.message ?? `${res.status} ${res.statusText}`);
}
