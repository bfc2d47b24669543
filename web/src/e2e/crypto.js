// Parley's end-to-end format, version 1 (docs/e2e.md): AES-256-GCM with a fresh random 12-byte nonce per message;
// the associated data binds room, sender and message id. Keys come from scrypt over a passphrase (per-room salt in the
// room's meta) or from an invite link's #…?k= fragment. Audited noble code: works on plain-http LAN pages too, where
// WebCrypto's subtle API is unavailable.
import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';

export const ALG = 'aes-256-gcm';
export const AAD_LABEL = 'parley-e2e-v1';
export const NONCE_BYTES = 12;
export const KEY_BYTES = 32;
export const KEY_CHECK_LABEL = `${AAD_LABEL} key check`;
export const KEY_CHECK_BYTES = 16;
export const DEFAULT_KDF = Object.freeze({ name: 'scrypt', N: 32768, r: 8, p: 1 });

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A sealed message that cannot be opened: wrong key, tampered, or moved to another room, sender or id. */
export class CannotDecrypt extends Error {}

/** Unpadded base64url, as every byte string of the format is written. */
export function toB64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromB64url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new CannotDecrypt('not base64url');
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** The associated data: "parley-e2e-v1", then 0x00 + room, 0x00 + sender, 0x00 + message id, all UTF-8. */
export function aad(room, from, id) {
  const parts = [AAD_LABEL, room, from, id];
  if (parts.some((p) => typeof p !== 'string' || p.includes('\0'))) throw new Error('room, sender and id are needed');
  return utf8.encode(parts.join('\0'));
}

/** scrypt over the NFC-normalized passphrase with the room's published parameters; resolves to the 32-byte key. */
export async function keyFromPassphrase(passphrase, kdf) {
  if (!passphrase) throw new Error('the passphrase must not be empty');
  if (kdf?.name !== 'scrypt') throw new Error('unknown key derivation');
  return scryptAsync(utf8.encode(passphrase.normalize('NFC')), fromB64url(kdf.salt),
    { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: KEY_BYTES, maxmem: 2 ** 30 });
}

/** The key carried in an invite link (k=…), or null when it is not a 32-byte base64url value. */
export function keyFromInvite(text) {
  try {
    const key = fromB64url(text ?? '');
    return key.length === KEY_BYTES ? key : null;
  } catch {
    return null;
  }
}

export const newInviteKey = () => toB64url(randomBytes(KEY_BYTES));
export const newKdf = () => ({ ...DEFAULT_KDF, salt: toB64url(randomBytes(16)) });

/**
 * The room's key check value (docs/e2e.md): the first 16 bytes of HMAC-SHA256(key, "parley-e2e-v1 key check" ‖ 0x00 ‖
 * room), base64url. Kept in the room's public meta, so a wrong passphrase is refused before anything is sealed with it.
 */
export function keyCheck(key, room) {
  return toB64url(hmac(sha256, key, utf8.encode(`${KEY_CHECK_LABEL}\0${room}`)).slice(0, KEY_CHECK_BYTES));
}

/** Seals bytes; `nonce` is only for known-answer tests (a nonce must never be used twice with one key). */
export function seal(key, { room, from, id }, plaintext, nonce = randomBytes(NONCE_BYTES)) {
  const ct = gcm(key, nonce, aad(room, from, id)).encrypt(plaintext);
  return { alg: ALG, nonce: toB64url(nonce), ct: toB64url(ct) };
}

/** Opens an envelope's e2e object; throws CannotDecrypt when it is not ours to open. */
export function open(key, { room, from, id }, e2e) {
  if (!e2e || e2e.alg !== ALG) throw new CannotDecrypt(`unknown e2e algorithm ${e2e?.alg}`);
  const nonce = fromB64url(e2e.nonce);
  const ct = fromB64url(e2e.ct);
  if (nonce.length !== NONCE_BYTES || ct.length < 16) throw new CannotDecrypt('malformed e2e message');
  try {
    return gcm(key, nonce, aad(room, from, id)).decrypt(ct);
  } catch {
    throw new CannotDecrypt('cannot decrypt: wrong key, or the message was changed or moved');
  }
}

/** Seals a chat text: the plaintext is the JSON {"text","sent"}, sent being this clock in ms. */
export function sealText(key, context, text, sent = Date.now()) {
  return seal(key, context, utf8.encode(JSON.stringify({ text, sent })));
}

/** Opens a chat text: {text, sent}; throws CannotDecrypt. */
export function openText(key, context, e2e) {
  let inner;
  try {
    inner = JSON.parse(fromUtf8.decode(open(key, context, e2e)));
  } catch (e) {
    if (e instanceof CannotDecrypt) throw e;
    throw new CannotDecrypt('the decrypted message is not JSON');
  }
  if (typeof inner?.text !== 'string') throw new CannotDecrypt('the decrypted message has no text');
  // a file message (e2e/files.js) also carries what its encrypted upload is
  const file = inner.file && typeof inner.file === 'object' && !Array.isArray(inner.file) ? inner.file : undefined;
  return { text: inner.text, sent: Number.isInteger(inner.sent) ? inner.sent : null, ...(file ? { file } : {}) };
}

/** Notices one nonce used for two different messages under one key (a broken or hostile sender). */
export class NonceGuard {
  constructor() {
    this.ids = new Map();
  }

  /** @returns true when the nonce is new, or was seen only with this same message id */
  check(nonce, id) {
    const previous = this.ids.get(nonce);
    if (previous === undefined) this.ids.set(nonce, id);
    return previous === undefined || previous === id;
  }
}
