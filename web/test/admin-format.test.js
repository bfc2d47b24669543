import test from 'node:test';
import assert from 'node:assert/strict';
import { bytes, duration, originRows } from '../src/admin/format.js';
import { points } from '../src/admin/chart.js';

test('bytes are shown in powers of 1024', () => {
  assert.equal(bytes(0), '0 B');
  assert.equal(bytes(1023), '1023 B');
  assert.equal(bytes(1536), '1.5 KB');
  assert.equal(bytes(250 * 1024 * 1024), '250 MB');
  assert.equal(bytes(-1), '–');
});

test('durations keep the two largest units', () => {
  assert.equal(duration(5), '5s');
  assert.equal(duration(65), '1m 5s');
  assert.equal(duration(3725), '1h 2m');
  assert.equal(duration(93784), '1d 2h');
});

test('chart points put the newest sample at the right edge and the peak at the top', () => {
  const p = points([0, 5, 10], 10).split(' ');
  assert.equal(p.length, 3);
  assert.equal(p[2], '480.0,8.0');
  assert.equal(p[0].split(',')[1], '120.0');
});

test('the bridge card lists each site and room with its last held counter and any open gap', () => {
  const rows = originRows([
    { origin: 'site-c-111111', room: 'general', held: 5, highest: 5, missing: 0, repairing: false },
    { origin: 'site-a-x81kq2', room: 'ops', held: 1200, highest: 1203, missing: 3, repairing: true },
    { origin: 'site-a-x81kq2', room: 'general', held: 40, highest: 42, missing: 2, repairing: false },
  ]);
  assert.deepEqual(rows.map((r) => `${r.origin} ${r.room} ${r.held} ${r.gap}`), [
    'site-a-x81kq2 general 40 2 missing',
    'site-a-x81kq2 ops 1200 repairing 3 missing',
    'site-c-111111 general 5 complete',
  ]);
  assert.deepEqual(rows.map((r) => r.open), [true, true, false]);
  assert.deepEqual(originRows(undefined), []);
});
