import test from 'node:test';
import assert from 'node:assert/strict';
import { Typing } from '../src/typing.js';

function typingIn(quietRooms = new Set()) {
  const sent = [];
  const typing = new Typing({ textContent: '' }, {
    publish: (room, flag) => sent.push([room, flag]),
    activeRoom: () => 'garden',
    quiet: (room) => quietRooms.has(room),
  });
  return { typing, sent };
}

test('typing in a room sends one signal, and clearing the box sends its end', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { typing, sent } = typingIn();
  typing.typed('garden', true);
  typing.typed('garden', true); // within 3 s: not again
  typing.typed('garden', false);
  assert.deepEqual(sent, [['garden', true], ['garden', false]]);
});

test('a room too large for typing signals gets none, a small one still does', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { typing, sent } = typingIn(new Set(['everyone']));
  typing.typed('everyone', true);
  typing.typed('everyone', false);
  assert.deepEqual(sent, [], 'nothing to the large room, not even an end');
  typing.typed('garden', true);
  assert.deepEqual(sent, [['garden', true]]);
});

test('a room that grew too large while I typed gets no end signal either', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const quiet = new Set();
  const { typing, sent } = typingIn(quiet);
  typing.typed('garden', true);
  quiet.add('garden');
  t.mock.timers.tick(4000); // idle: the end would go now
  assert.deepEqual(sent, [['garden', true]]);
});
