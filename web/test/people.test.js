import test from 'node:test';
import assert from 'node:assert/strict';
import { peopleList, PEOPLE_SHOWN } from '../src/people.js';

test('me first, then the people online before those away, by name', () => {
  const { shown, more } = peopleList({
    me: 'zoe', connected: true,
    dmPeers: new Map([['bob', { status: 'away' }], ['carol', { status: 'offline' }], ['dave', { status: 'online' }]]),
    roomUsers: new Set(['alice', 'zoe', 'dave']),
  });
  assert.deepEqual(shown.map((p) => `${p.user}:${p.status}`), ['zoe:online', 'alice:online', 'dave:online', 'bob:away']);
  assert.equal(more, 0);
});

test('a room of thousands lists the first by name and every DM peer, and counts the rest', () => {
  const names = [];
  for (let i = 0; i < 10_000; i++) names.push(`u${String(i).padStart(5, '0')}`);
  for (let i = names.length - 1; i > 0; i--) { // in no order: as the digests bring them
    const j = Math.floor(Math.random() * (i + 1));
    [names[i], names[j]] = [names[j], names[i]];
  }
  const roomUsers = new Set(names);
  const { shown, more } = peopleList({
    me: 'me', connected: true, dmPeers: new Map([['zed', { status: 'online' }]]), roomUsers,
  });
  assert.equal(shown.length, 1 + PEOPLE_SHOWN);
  assert.equal(more, 10_000 - (PEOPLE_SHOWN - 1));
  assert.ok(shown.some((p) => p.user === 'zed'), 'a DM peer is never left out');
  assert.equal(shown[1].user, 'u00000', 'by name, not in the order they came');
  assert.equal(shown[PEOPLE_SHOWN - 1].user, `u${String(PEOPLE_SHOWN - 2).padStart(5, '0')}`);
});

test('every DM peer stays, away or also in the room, and one offline is not listed', () => {
  const roomUsers = new Set(Array.from({ length: 500 }, (_, i) => `r${String(i).padStart(3, '0')}`));
  roomUsers.add('olga');
  const dmPeers = new Map([['yuri', { status: 'away' }], ['olga', { status: 'offline' }], ['r499', { status: 'online' }]]);
  const { shown, more } = peopleList({ me: 'me', connected: true, dmPeers, roomUsers, most: 10 });
  assert.deepEqual(shown.map((p) => `${p.user}:${p.status}`), ['me:online', 'olga:online', 'r000:online',
    'r001:online', 'r002:online', 'r003:online', 'r004:online', 'r005:online', 'r006:online', 'r499:online', 'yuri:away']);
  assert.equal(more, 500 - 8, 'olga and 499 others of the room (r499 is listed as a peer); 8 of them listed');
});

test('cut off from the server, nobody is shown as present', () => {
  const { shown } = peopleList({ me: 'me', connected: false, dmPeers: new Map(), roomUsers: new Set(['alice']) });
  assert.deepEqual(shown.map((p) => p.status), ['offline', 'offline']);
});
