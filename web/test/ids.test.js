import test from 'node:test';
import assert from 'node:assert/strict';
import { ID_RE, randomMessageId, randomRoomId, ROOM_RE, toRoomId, userNameProblem } from '../src/ids.js';

test('random room ids are valid, 13 base32 characters (65 bits), and differ', () => {
  const ids = new Set();
  for (let i = 0; i < 1000; i++) {
    const id = randomRoomId();
    assert.match(id, /^[a-z2-7]{13}$/);
    assert.match(id, ROOM_RE);
    ids.add(id);
  }
  assert.equal(ids.size, 1000);
});

test('message ids are valid idempotency keys', () => {
  assert.match(randomMessageId(), ID_RE);
});

test('typed room names become room ids', () => {
  assert.equal(toRoomId('#Team Chat'), 'team-chat');
  assert.equal(toRoomId('  general '), 'general');
  assert.equal(toRoomId('!!!'), null);
  assert.equal(toRoomId('x'.repeat(80)).length, 64);
});

test('user names follow the server rule', () => {
  assert.equal(userNameProblem('alice'), null);
  assert.ok(userNameProblem('Alice'));
  assert.ok(userNameProblem('-x'));
  assert.ok(userNameProblem(''));
  assert.ok(userNameProblem('a'.repeat(33)));
});
