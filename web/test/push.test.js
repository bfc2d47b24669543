import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToKey, disablePush, enablePush, keyToBytes, pushSupport } from '../src/push/push.js';
import { installPushHandlers, notificationFor, openRoom, sameOriginUrl } from '../src/sw/push-handlers.js';

// A VAPID public key as GET /api/push/key gives it: an uncompressed P-256 point (0x04, X, Y), base64url.
const KEY = 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM';

test('the server key becomes the 65 bytes of an uncompressed point, and back', () => {
  const bytes = keyToBytes(KEY);
  assert.equal(bytes.length, 65);
  assert.equal(bytes[0], 4);
  assert.equal(bytesToKey(bytes.buffer), KEY);
  assert.deepEqual(keyToBytes(`${KEY}=`), bytes, 'padding is allowed');
  assert.throws(() => keyToBytes('not a key!'), /base64url/);
  assert.throws(() => keyToBytes(undefined), /base64url/);
});

// A window with the Push API, on a secure page, whose push service answers with a subscription.
function fakeWindow({ secure = true, permission = 'default', answer = 'granted', existing = null } = {}) {
  const calls = [];
  const made = {
    endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
    options: { applicationServerKey: keyToBytes(KEY).buffer },
    toJSON: () => ({ endpoint: made.endpoint, expirationTime: null, keys: { p256dh: 'BP', auth: 'au' } }),
    unsubscribe: async () => { calls.push(['unsubscribe']); return true; },
  };
  let current = existing;
  const pushManager = {
    getSubscription: async () => current,
    subscribe: async (options) => { calls.push(['subscribe', options]); current = made; return made; },
  };
  const win = {
    isSecureContext: secure,
    PushManager: function PushManager() {},
    Notification: { permission, requestPermission: async () => { calls.push(['permission']); return answer; } },
    navigator: { serviceWorker: { ready: Promise.resolve({ pushManager }) } },
    fetch: async (path, init) => {
      calls.push([init.method, path, init.body && JSON.parse(init.body)]);
      const body = path === '/api/push/key' ? { key: KEY } : { endpoint: made.endpoint };
      return { ok: true, status: init.method === 'DELETE' ? 204 : 200, json: async () => body };
    },
  };
  return { win, calls, made };
}

test('turning push on asks, subscribes with the server key and gives the subscription to the server', async () => {
  const { win, calls, made } = fakeWindow();
  assert.equal(await enablePush(win), made.endpoint);
  assert.deepEqual(calls.map((c) => c[0]), ['permission', 'GET', 'subscribe', 'POST']);
  const subscribe = calls.find((c) => c[0] === 'subscribe')[1];
  assert.equal(subscribe.userVisibleOnly, true);
  assert.deepEqual(subscribe.applicationServerKey, keyToBytes(KEY));
  assert.deepEqual(calls.at(-1), ['POST', '/api/push/subscriptions',
    { endpoint: made.endpoint, keys: { p256dh: 'BP', auth: 'au' } }]);
});

test('a subscription made for another server key is replaced', async () => {
  const old = {
    endpoint: 'https://fcm.googleapis.com/fcm/send/old',
    options: { applicationServerKey: new Uint8Array(65).fill(4).buffer },
    unsubscribe: async () => true,
  };
  const { win, calls } = fakeWindow({ existing: old });
  await enablePush(win);
  assert.ok(calls.some((c) => c[0] === 'subscribe'));
});

test('no subscription without permission, off a secure page, or without the Push API', async () => {
  const denied = fakeWindow({ answer: 'denied' });
  await assert.rejects(enablePush(denied.win), /blocked/);
  assert.ok(!denied.calls.some((c) => c[0] === 'subscribe'));

  const dismissed = fakeWindow({ answer: 'default' });
  await assert.rejects(enablePush(dismissed.win), /not allowed: turn them on again and choose Allow/);

  const insecure = fakeWindow({ secure: false });
  assert.equal(pushSupport(insecure.win), 'insecure');
  await assert.rejects(enablePush(insecure.win), /secure \(https\) page/);

  assert.equal(pushSupport({ navigator: {} }), 'unsupported');
  assert.equal(pushSupport(fakeWindow({ permission: 'denied' }).win), 'denied');
  assert.equal(pushSupport(fakeWindow().win), 'ready');
});

test('a push service that never answers ends in an error that says so, not a switch that waits forever', async () => {
  const { win } = fakeWindow();
  const reg = await win.navigator.serviceWorker.ready;
  reg.pushManager.subscribe = () => new Promise(() => {}); // offline: the browser's push service is out of reach
  await assert.rejects(enablePush(win, 50), /push service did not answer within 0.05 s \(it needs the internet\)/);
});

test('turning push off tells the server, then unsubscribes', async () => {
  const { win, calls, made } = fakeWindow();
  await enablePush(win);
  await disablePush(win);
  assert.deepEqual(calls.slice(-2), [['DELETE', '/api/push/subscriptions', { endpoint: made.endpoint }],
    ['unsubscribe']]);
});

test('a push shows who wrote where and the text; an encrypted one only says so', () => {
  const plain = notificationFor({ room: 'general', id: 'm1', from: 'erin', title: 'erin in #general',
    text: '@dave stand-up', url: '/#/r/general', encrypted: false }, 'https://chat.lan:8443/');
  assert.equal(plain.title, 'erin in #general');
  assert.equal(plain.options.body, '@dave stand-up');
  assert.equal(plain.options.tag, 'parley:general');
  assert.equal(plain.options.data.url, 'https://chat.lan:8443/#/r/general');

  const sealed = notificationFor({ room: 'dm:kim:leo', from: 'leo', title: 'leo', text: 'New encrypted message',
    url: '/#/r/dm:kim:leo', encrypted: true }, 'https://chat.lan:8443/');
  assert.equal(sealed.options.body, 'New encrypted message');

  const junk = notificationFor('not an object', 'https://chat.lan:8443/');
  assert.equal(junk.title, 'Parley');
  assert.equal(junk.options.data.url, 'https://chat.lan:8443/');
});

test('a click never opens another site', () => {
  assert.equal(sameOriginUrl('https://evil.example/x', 'https://chat.lan:8443/'), 'https://chat.lan:8443/');
  assert.equal(sameOriginUrl('//evil.example/x', 'https://chat.lan:8443/'), 'https://chat.lan:8443/');
  assert.equal(sameOriginUrl('/#/r/a', 'https://chat.lan:8443/'), 'https://chat.lan:8443/#/r/a');
});

test('a click focuses an open window of the app on the room, or opens one', async () => {
  const log = [];
  const win = { url: 'https://chat.lan:8443/#/r/other', focus: async () => { log.push('focus'); return win; },
    navigate: async (url) => log.push(`navigate ${url}`) };
  const sw = { clients: { matchAll: async () => [win], openWindow: async (url) => log.push(`open ${url}`) } };
  await openRoom(sw, 'https://chat.lan:8443/#/r/general');
  assert.deepEqual(log, ['focus', 'navigate https://chat.lan:8443/#/r/general']);

  log.length = 0;
  sw.clients.matchAll = async () => [];
  await openRoom(sw, 'https://chat.lan:8443/#/r/general');
  assert.deepEqual(log, ['open https://chat.lan:8443/#/r/general']);
});

test('the worker shows each push and opens the room on a click', async () => {
  const listeners = {};
  const shown = [];
  const opened = [];
  const sw = {
    registration: { scope: 'https://chat.lan:8443/', showNotification: async (t, o) => shown.push([t, o]) },
    clients: { matchAll: async () => [], openWindow: async (url) => opened.push(url) },
    addEventListener: (type, fn) => { listeners[type] = fn; },
  };
  installPushHandlers(sw);
  const waits = [];
  listeners.push({ data: { json: () => ({ room: 'general', title: 't', text: 'hi', url: '/#/r/general' }) },
    waitUntil: (p) => waits.push(p) });
  await Promise.all(waits);
  assert.equal(shown[0][0], 't');
  let closed = false;
  listeners.notificationclick({ notification: { data: shown[0][1].data, close: () => { closed = true; } },
    waitUntil: (p) => waits.push(p) });
  await Promise.all(waits);
  assert.ok(closed);
  assert.deepEqual(opened, ['https://chat.lan:8443/#/r/general']);
});
