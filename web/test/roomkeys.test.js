import test from 'node:test';
import assert from 'node:assert/strict';
import { dmKey, dmPeer, isDm, isRoomKey, parseJoin, topicOf } from '../src/roomkeys.js';
import { toRoomId } from '../src/ids.js';

test('a DM key puts the two names in order', () => {
  assert.equal(dmKey('bob', 'alice'), 'dm:alice:bob');
  assert.equal(dmKey('alice', 'alice'), null);
  assert.equal(dmKey('alice', 'Bad Name'), null);
  assert.ok(isDm('dm:alice:bob'));
  assert.ok(isRoomKey('dm:alice:bob'));
  assert.ok(!isRoomKey('dm:bob:alice'));
  assert.equal(dmPeer('dm:alice:bob', 'bob'), 'alice');
});

test('DM topics and room topics', () => {
  assert.equal(topicOf('parley', 'dm:alice:bob'), 'parley/dm/alice/bob/messages');
  assert.equal(topicOf('parley', 'dm:alice:bob', 'typing'), null);
  assert.equal(topicOf('parley', 'general', 'typing'), 'parley/rooms/general/typing');
});

test('typing dm:alice:bob in Join opens that DM, never a public room', () => {
  assert.deepEqual(parseJoin('dm:alice:bob', 'bob', toRoomId), { dm: 'dm:alice:bob' });
  assert.deepEqual(parseJoin('DM:bob:alice', 'bob', toRoomId), { dm: 'dm:alice:bob' });
  assert.deepEqual(parseJoin('@alice', 'bob', toRoomId), { dm: 'dm:alice:bob' });
  assert.ok(parseJoin('dm:alice:carol', 'bob', toRoomId).error);
  assert.ok(parseJoin('dm:alice', 'bob', toRoomId).error);
  assert.deepEqual(parseJoin('Design Team', 'bob', toRoomId), { room: 'design-team' });
});
