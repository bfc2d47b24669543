import test from 'node:test';
import assert from 'node:assert/strict';
import { RoomPresence } from '../src/room-presence.js';

test('a full list, then the changes after it, give who is in a room', () => {
  const p = new RoomPresence();
  assert.equal(p.apply('garden', { v: 3, online: ['alice'], offline: [] }), false, 'no list yet');
  p.apply('garden', { v: 3, full: true, online: ['alice', 'bob'], offline: [] });
  p.apply('garden', { v: 3, online: ['bob'], offline: [] }); // already in the list
  p.apply('garden', { v: 4, online: ['carol'], offline: ['alice'] });
  assert.deepEqual([...p.users()].sort(), ['bob', 'carol']);
});

test('the people of all open rooms are seen, those of a left room no longer', () => {
  const p = new RoomPresence();
  p.apply('garden', { v: 1, full: true, online: ['alice'], offline: [] });
  p.apply('kitchen', { v: 7, full: true, online: ['dave'], offline: [] });
  assert.deepEqual([...p.users()].sort(), ['alice', 'dave']);
  p.forget('kitchen');
  assert.deepEqual([...p.users()], ['alice']);
});

test('a room counts its people from its list and digests', () => {
  const p = new RoomPresence();
  assert.equal(p.count('garden'), null, 'no list yet');
  p.apply('garden', { v: 1, full: true, online: ['alice', 'bob'], offline: [] });
  p.apply('garden', { v: 2, online: ['carol'], offline: ['alice'] });
  assert.equal(p.count('garden'), 2);
});
