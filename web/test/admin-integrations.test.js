import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastDelivery } from '../src/admin/integrations.js';

test('an outgoing webhook\'s last delivery: never, ok with its status, or what went wrong', () => {
  assert.equal(lastDelivery({ lastAt: null }), 'never');
  const at = Date.UTC(2026, 0, 2, 3, 4, 5);
  const when = new Date(at).toLocaleTimeString();
  assert.equal(lastDelivery({ lastAt: at, lastStatus: 200, lastError: null }), `ok · 200 · ${when}`);
  assert.equal(lastDelivery({ lastAt: at, lastStatus: 500, lastError: 'HTTP 500: busy' }), `HTTP 500: busy · ${when}`);
});
