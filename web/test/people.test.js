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
  const roomUsers = new Set();
  for (let i = 0; i < 10_000; i++) roomUsers.add(`u${String(i).padStart(5, '0')}`);
  const { shown, more } = peopleList({
    me: 'me', connected: true, dmPeers: new Map([['zed', { status: 'online' }]]), roomUsers,
  });
  assert.equal(shown.length, 1 + PEOPLE_SHOWN);
  assert.equal(more, 10_000 - (PEOPLE_SHOWN - 1));
  assert.ok(shown.some((p) => p.user === 'zed'), 'a DM peer is never left out');
  assert.equal(shown[1].user, 'u00000');
  assert.equal(shown[PEOPLE_SHOWN - 1].user, `u${String(PEOPLE_SHOWN - 2).padStart(5, '0')}`);
});

test('cut off from the server, nobody is shown as present', () => {
  const { shown } = peopleList({ me: 'me', connected: false, dmPeers: new Map(), roomUsers: new Set(['alice']) });
  assert.deepEqual(shown.map((p) => p.status), ['offline', 'offline']);
});
