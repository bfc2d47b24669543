import test from 'node:test';
import assert from 'node:assert/strict';
import { roomNameProblem, withName } from '../src/room-names.js';
import { membershipChange } from '../src/private-rooms.js';

test('a room name follows the server rules: 1 to 64 characters, no line breaks, control characters or overrides', () => {
  assert.equal(roomNameProblem('Q3 plans 🚀'), null);
  assert.equal(roomNameProblem(''), null); // takes the name away
  assert.match(roomNameProblem('   '), /only spaces/);
  assert.match(roomNameProblem('a'.repeat(65)), /at most 64/);
  assert.equal(roomNameProblem('🚀'.repeat(64)), null); // characters, not UTF-16 units
  assert.match(roomNameProblem('two\nlines'), /line breaks/);
  assert.match(roomNameProblem('\u202Eevil'), /control/);
});

test('a name given is kept, a blank or missing one takes it away, and no change keeps the same object', () => {
  const names = { plans: 'Q3 plans' };
  assert.deepEqual(withName(names, 'k7x2m9q4w8r5t', 'Launch'), { plans: 'Q3 plans', k7x2m9q4w8r5t: 'Launch' });
  assert.deepEqual(withName(names, 'plans', undefined), {});
  assert.deepEqual(withName(names, 'plans', '  '), {});
  assert.equal(withName(names, 'plans', 'Q3 plans'), names);
  assert.equal(withName(names, 'general', null), names);
});

test('a membership event says whether I am in the room and what to tell me', () => {
  const invited = membershipChange({ type: 'membership', room: 'plans', user: 'bob', change: 'invited', by: 'alice',
    members: ['alice', 'bob'], owner: 'alice', name: 'Q3' }, 'bob');
  assert.deepEqual(invited, { room: 'plans', member: true, members: ['alice', 'bob'], owner: 'alice', name: 'Q3',
    note: 'alice invited you to #plans.' });
  // the owner sees the new member list; she did it, so nothing to tell her
  const seenByOwner = membershipChange({ type: 'membership', room: 'plans', user: 'bob', change: 'invited', by: 'alice',
    members: ['alice', 'bob'] }, 'alice');
  assert.equal(seenByOwner.member, true);
  assert.equal(seenByOwner.note, null);
  const removed = membershipChange({ type: 'membership', room: 'plans', user: 'bob', change: 'removed', by: 'alice' },
    'bob', (room) => `#${room} (Q3)`);
  assert.equal(removed.member, false);
  assert.equal(removed.members, null);
  assert.equal(removed.note, 'alice removed you from #plans (Q3).');
  assert.equal(membershipChange({ type: 'membership', room: 'plans', user: 'bob', change: 'removed', by: 'bob' },
    'bob').note, 'You left #plans.');
  assert.equal(membershipChange({ type: 'membership', room: 'plans', user: 'bob', change: 'removed', by: 'alice',
    members: ['alice', 'carol'] }, 'carol').note, 'alice removed bob from #plans.');
  assert.equal(membershipChange({ type: 'other' }, 'bob'), null);
  assert.equal(membershipChange(null, 'bob'), null);
});
