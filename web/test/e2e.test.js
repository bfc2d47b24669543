// The same known answers as the Java side (src/test/resources/e2e-vectors.json): one format, two implementations.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  aad, CannotDecrypt, fromB64url, KEY_CHECK_LABEL, keyCheck, keyFromInvite, keyFromPassphrase, newInviteKey, NonceGuard,
  open, openText, seal, sealText, toB64url,
} from '../src/e2e/crypto.js';

const vectors = JSON.parse(readFileSync(new URL('../../src/test/resources/e2e-vectors.json', import.meta.url), 'utf8'));

test('scrypt derives the known keys, NFC and NFD passphrases alike', async () => {
  for (const v of vectors.kdf) {
    const key = await keyFromPassphrase(v.passphrase, { name: 'scrypt', N: v.N, r: v.r, p: v.p, salt: v.salt });
    assert.equal(toB64url(key), v.key, v.passphrase);
  }
});

test('seal gives the known ciphertext and open gives the plaintext back', () => {
  for (const v of vectors.seal) {
    const ctx = { room: v.room, from: v.from, id: v.id };
    assert.equal(new TextDecoder().decode(aad(v.room, v.from, v.id)), v.aad);
    const key = fromB64url(v.key);
    const sealed = seal(key, ctx, new TextEncoder().encode(v.plaintext), fromB64url(v.e2e.nonce));
    assert.deepEqual(sealed, v.e2e);
    assert.equal(new TextDecoder().decode(open(key, ctx, v.e2e)), v.plaintext);
    assert.equal(openText(key, ctx, v.e2e).text, JSON.parse(v.plaintext).text);
  }
});

test('tampered, moved or wrongly keyed messages do not open', () => {
  assert.ok(vectors.reject.length >= 8);
  for (const v of vectors.reject) {
    assert.throws(() => openText(fromB64url(v.key), { room: v.room, from: v.from, id: v.id }, v.e2e), CannotDecrypt, v.name);
  }
  assert.throws(() => openText(fromB64url(vectors.seal[0].key), vectors.seal[0], { ...vectors.seal[0].e2e, ct: '%%' }), CannotDecrypt);
  assert.throws(() => openText(fromB64url(vectors.seal[0].key), vectors.seal[0], { ...vectors.seal[0].e2e, alg: 'none' }), CannotDecrypt);
});

test('a nonce used again for another message is noticed', () => {
  const guard = new NonceGuard();
  const key = fromB64url(vectors.nonceReuseKey);
  for (const v of vectors.nonceReuse) {
    openText(key, v, v.e2e);
    assert.equal(!guard.check(v.e2e.nonce, v.id), v.reused);
  }
});

test('the key check value is the known one, and another key or room does not give it', () => {
  assert.ok(vectors.keyCheck.length >= 3);
  for (const v of vectors.keyCheck) {
    assert.equal(v.input, `${KEY_CHECK_LABEL}\0${v.room}`);
    assert.equal(keyCheck(fromB64url(v.key), v.room), v.check, v.room);
    assert.notEqual(keyCheck(fromB64url(v.key), `${v.room}x`), v.check);
    const other = fromB64url(v.key);
    other[0] ^= 1;
    assert.notEqual(keyCheck(other, v.room), v.check);
  }
});

test('every seal takes a fresh nonce; invite keys are 32 random bytes', () => {
  const key = keyFromInvite(newInviteKey());
  assert.equal(key.length, 32);
  const ctx = { room: 'r', from: 'u', id: 'x' };
  const a = sealText(key, ctx, 'same', 1);
  const b = sealText(key, ctx, 'same', 1);
  assert.notEqual(a.nonce, b.nonce);
  assert.notEqual(a.ct, b.ct);
  assert.deepEqual(openText(key, ctx, b), { text: 'same', sent: 1 });
  assert.equal(keyFromInvite('AAAA'), null);
  assert.equal(keyFromInvite('not base64!'), null);
});
