// What the browser remembers (localStorage; the generated client id per tab in sessionStorage).

const KEY = 'parley.';

function read(key, fallback, storage = localStorage) {
  try {
    const raw = storage.getItem(KEY + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

function write(key, value, storage = localStorage) {
  try {
    if (value === undefined || value === null) storage.removeItem(KEY + key);
    else storage.setItem(KEY + key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the app still works for this page load
  }
}

export const store = {
  user: () => read('user', ''),
  setUser: (user) => write('user', user),

  /** The client id: one the user chose (kept), else the one generated for this tab (two tabs must not share one). */
  chosenClientId: () => read('clientId', null),
  setChosenClientId: (id) => write('clientId', id),
  tabClientId: () => read('tabClientId', null, sessionStorage),
  setTabClientId: (id) => write('tabClientId', id, sessionStorage),

  /** Claim secrets by user name: {alice: "…"}. */
  secret: (user) => read('secrets', {})[user] ?? null,
  setSecret: (user, secret) => write('secrets', { ...read('secrets', {}), [user]: secret }),

  rooms: () => read('rooms', []),
  setRooms: (rooms) => write('rooms', rooms),
  lastRoom: () => read('lastRoom', null),
  setLastRoom: (room) => write('lastRoom', room),

  /** The highest seq the user has seen, by room (for unread counts after a reload). */
  readSeqs: () => read('readSeq', {}),
  setReadSeqs: (map) => write('readSeq', map),
  unread: () => read('unread', {}),
  /** Names given to rooms in this browser: {roomId: "Launch plans"}. */
  roomNames: () => read('roomNames', {}),
  setRoomNames: (map) => write('roomNames', map),
  setUnread: (map) => write('unread', map),
  /** The server's last /api/info, to start from when it is unreachable (offline/server-info.js). */
  info: () => read('info', null),
  setInfo: (info) => write('info', info),
  /** The rooms' display names last seen from the server ({room: name}), shown until it answers again. */
  knownNames: () => read('knownNames', {}),
  setKnownNames: (map) => write('knownNames', map),
};
