// Names and ids: the rules the server enforces, and secure random ids.

export const USER_RE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const ROOM_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomChars(alphabet, length) {
  // Both alphabets have a power-of-two size (32, 64), so masking a random byte is unbiased.
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += alphabet[b & (alphabet.length - 1)];
  return out;
}

/** A random room id: 13 lower-case base32 characters = 65 random bits, so its invite link works as a capability. */
export function randomRoomId() {
  return randomChars(BASE32, 13);
}

/** A message id (the server's idempotency key): 16 url-safe characters = 96 random bits. */
export function randomMessageId() {
  return randomChars(URLSAFE, 16);
}

/** A client id for a user: `alice-web-k3x9q2`. */
export function randomClientId(user) {
  return `${user || 'parley'}-web-${randomChars(BASE32, 6)}`;
}

/** Turns what someone typed into a room id ("#Team Chat" → "team-chat"), or null when nothing usable is left. */
export function toRoomId(input) {
  const id = String(input ?? '')
    .trim()
    .toLowerCase()
    .replace(/^#+/, '')
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[-_]+/, '')
    .slice(0, 64);
  return ROOM_RE.test(id) ? id : null;
}

/** Why a user name is not valid, or null when it is. */
export function userNameProblem(name) {
  if (!name) return 'Pick a name.';
  if (name.length > 32) return 'A name has at most 32 characters.';
  if (!USER_RE.test(name)) return 'Use lower-case letters, digits, - and _ (starting with a letter or digit).';
  return null;
}
