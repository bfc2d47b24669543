import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CannotDecrypt, fromB64url, toB64url } from '../src/e2e/crypto.js';
import { openFileBytes, sealFileBytes } from '../src/e2e/files.js';

// The same known answers as the Java side (FileCipherTest).
const v = JSON.parse(readFileSync(new URL('../../src/test/resources/file-vectors.json', import.meta.url)));

test('files are sealed and opened like the Java side does', () => {
  const key = fromB64url(v.key);
  assert.equal(toB64url(sealFileBytes(key, v.room, fromB64url(v.plaintext), fromB64url(v.nonce))), v.sealed);
  assert.deepEqual(openFileBytes(key, v.room, fromB64url(v.sealed)), fromB64url(v.plaintext));
});

test('a file moved to another room, or changed, does not open', () => {
  const key = fromB64url(v.key);
  assert.throws(() => openFileBytes(key, v.otherRoom, fromB64url(v.sealed)), CannotDecrypt);
  const changed = fromB64url(v.sealed);
  changed[20] ^= 1;
  assert.throws(() => openFileBytes(key, v.room, changed), CannotDecrypt);
});
