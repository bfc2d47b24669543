import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Uploads, failureText, humanSize, problemOf } from '../src/uploads.js';
import { thumbSize } from '../src/views/bodies.js';

const file = (name, size) => ({ name, size, type: 'application/octet-stream' });

/** A transport whose uploads finish when the test says so. */
function fakeTransport() {
  const calls = [];
  const transport = (room, f, { onProgress }) => {
    let settle;
    const promise = new Promise((resolve, reject) => { settle = { resolve, reject }; });
    const call = { room, file: f, onProgress, settle, aborted: false };
    calls.push(call);
    return { promise, abort: () => { call.aborted = true; settle.reject({ status: 0, error: 'cancelled', cancelled: true }); } };
  };
  return { calls, transport };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test('sizes read like the server says them', () => {
  assert.equal(humanSize(1), '1 byte');
  assert.equal(humanSize(1023), '1023 bytes');
  assert.equal(humanSize(1536), '1.5 KB');
  assert.equal(humanSize(25 * 1024 * 1024), '25 MB');
});

test('a file over the limit or empty is refused before it is sent', () => {
  assert.match(problemOf(file('movie.mov', 40 << 20), { maxFileBytes: 25 << 20 }), /Too big: “movie.mov” is 40 MB; files can be at most 25 MB/);
  assert.match(problemOf(file('empty.txt', 0)), /empty/);
  assert.equal(problemOf(file('ok.png', 10), { maxFileBytes: 25 << 20 }), null);
});

test('server refusals become sentences', () => {
  assert.match(failureText({ status: 413, error: 'over_quota', message: 'you keep 1 GB' }, '#general'), /^Over your quota: you keep 1 GB/);
  assert.match(failureText({ status: 403, error: 'forbidden', message: 'room is private' }, '#ops'), /can't post files in #ops/);
  assert.match(failureText({ status: 0, error: 'unreachable' }, '#ops'), /tried again/);
});

test('files go one after another and each is published when it is kept', async () => {
  const { calls, transport } = fakeTransport();
  const sent = [];
  const uploads = new Uploads({ transport, sent: (room, answer) => sent.push([room, answer.file.id]) });
  uploads.add('general', [file('a.png', 10), file('b.png', 20)]);
  assert.equal(calls.length, 1);
  assert.deepEqual(uploads.items.map((i) => i.state), ['uploading', 'queued']);
  calls[0].onProgress(5, 10);
  assert.equal(uploads.items[0].loaded, 5);
  calls[0].settle.resolve({ type: 'file', file: { id: 'A' } });
  await tick();
  assert.deepEqual(sent, [['general', 'A']]);
  assert.equal(calls.length, 2);
  calls[1].settle.resolve({ type: 'file', file: { id: 'B' } });
  await tick();
  assert.deepEqual(sent.map((s) => s[1]), ['A', 'B']);
  assert.equal(uploads.items.length, 0);
});

test('a cancelled upload leaves the tray, a refused one stays with its reason and no retry', async () => {
  const { calls, transport } = fakeTransport();
  const uploads = new Uploads({ transport, sent: () => {} });
  uploads.add('general', [file('big.bin', 10), file('c.txt', 5)]);
  uploads.cancel(uploads.items[0].key);
  await tick();
  assert.equal(calls[0].aborted, true);
  assert.deepEqual(uploads.items.map((i) => i.name), ['c.txt']);
  calls[1].settle.reject({ status: 413, error: 'too_large', message: 'the file is over the limit of 25 MB' });
  await tick();
  assert.equal(uploads.items[0].state, 'failed');
  assert.equal(uploads.items[0].retryable, false);
  assert.match(uploads.items[0].error, /^Too big/);
});

test('an upload the connection broke off is sent again when it is back', async () => {
  const { calls, transport } = fakeTransport();
  const sent = [];
  const uploads = new Uploads({ transport, sent: (room, answer) => sent.push(answer.file.id) });
  uploads.add('general', [file('a.png', 10)]);
  calls[0].settle.reject({ status: 0, error: 'unreachable', message: 'the connection broke off' });
  await tick();
  assert.equal(uploads.items[0].retryable, true);
  uploads.resume();
  assert.equal(calls.length, 2);
  calls[1].settle.resolve({ type: 'file', file: { id: 'A' } });
  await tick();
  assert.deepEqual(sent, ['A']);
});

test('thumbnails are drawn at their size before they load', () => {
  assert.deepEqual(thumbSize(1200, 600), { width: 320, height: 160 });
  assert.deepEqual(thumbSize(480, 640), { width: 180, height: 240 });
  assert.deepEqual(thumbSize(100, 50), { width: 100, height: 50 });
});
