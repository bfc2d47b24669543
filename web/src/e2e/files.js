// Files in end-to-end encrypted rooms (docs/files.md): the browser encrypts a file, and its thumbnail, with the room
// key before uploading it; the server keeps and serves ciphertext and knows only its size. A file's bytes are sealed as
//   nonce (12 random bytes) ‖ AES-256-GCM(key, nonce, associated data = "parley-file-v1" 0x00 room)(bytes) ‖ tag
// and the message that shows it is an ordinary sealed message whose plaintext JSON carries {text, sent, file: {id,
// name, size, mime, width, height, thumb}}; its envelope lists the upload ids in the clear (`files`), so the server
// can check they are the sender's and keep them while the message lives.
import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { CannotDecrypt, NONCE_BYTES, seal } from './crypto.js';

export const FILE_AAD_LABEL = 'parley-file-v1';
const utf8 = new TextEncoder();

const fileAad = (room) => utf8.encode(`${FILE_AAD_LABEL}\0${room}`);

/** Encrypts a file's bytes for a room: nonce ‖ ciphertext ‖ tag. */
export function sealFileBytes(key, room, bytes, nonce = randomBytes(NONCE_BYTES)) {
  const ct = gcm(key, nonce, fileAad(room)).encrypt(bytes);
  const out = new Uint8Array(nonce.length + ct.length);
  out.set(nonce);
  out.set(ct, nonce.length);
  return out;
}

/** Decrypts what sealFileBytes made; throws CannotDecrypt for another room's file, a wrong key or changed bytes. */
export function openFileBytes(key, room, sealed) {
  if (!(sealed instanceof Uint8Array) || sealed.length < NONCE_BYTES + 16) throw new CannotDecrypt('not an encrypted file');
  try {
    return gcm(key, sealed.subarray(0, NONCE_BYTES), fileAad(room)).decrypt(sealed.subarray(NONCE_BYTES));
  } catch {
    throw new CannotDecrypt('cannot decrypt this file: wrong key, or it was changed or moved');
  }
}

/** The e2e object of a file message: the sealed JSON {text, sent, file}. */
export function sealFileMessage(key, context, file, text = '', sent = Date.now()) {
  return seal(key, context, utf8.encode(JSON.stringify({ text, sent, file })));
}
