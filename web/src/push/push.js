// Web Push in the page: notifications of DMs and mentions while the app is closed. The browser subscribes at its
// maker's push service (on the internet) with the server's VAPID key, and the server keeps the subscription for the
// signed-in user. On a LAN without internet the subscription fails and nothing else changes. Needs a secure context
// (https, or localhost) and a service worker registration (web/src/sw/sw.js), whose push-handlers.js shows them.
// Every function takes `win` (the window) so tests can hand in a stand-in.

/** The server's key (base64url, as GET /api/push/key gives it) as the bytes PushManager.subscribe wants. */
export function keyToBytes(base64url) {
  if (typeof base64url !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(base64url)) {
    throw new Error('the push key is not base64url');
  }
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Bytes as base64url without padding (to compare a subscription's key with the server's). */
export function bytesToKey(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * What this browser can do, before asking anything: 'unsupported' (no service worker / Push API), 'insecure' (a plain
 * http page off localhost: see "Trust this server" in docs/web-client.md), 'denied' (the user blocked notifications),
 * or 'ready' (subscribe may be tried).
 */
export function pushSupport(win = globalThis) {
  if (!win.navigator?.serviceWorker || !win.PushManager || !win.Notification) return 'unsupported';
  if (!win.isSecureContext) return 'insecure';
  if (win.Notification.permission === 'denied') return 'denied';
  return 'ready';
}

async function api(win, method, path, body) {
  const res = await win.fetch(path, {
    method,
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const json = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const error = new Error(json?.message ?? `${method} ${path}: ${res.status}`);
    error.status = res.status;
    throw error;
  }
  return json;
}

/** How long the browser's push service has to answer a subscribe (it is on the internet, and may be out of reach). */
export const SUBSCRIBE_MS = 20000;

/** What `promise` gives, or an Error saying `why` after `ms`. */
async function within(promise, ms, why) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(why)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The service worker registration, or an error after `ms` (the worker may not be installed on this page). */
function registration(win, ms = 10000) {
  return within(win.navigator.serviceWorker.ready, ms, 'no service worker is active on this page');
}

/**
 * Turns notifications on for the signed-in user: asks for permission (call it from a click), subscribes with the
 * server's key (again when the server's key changed) and gives the subscription to the server. Resolves to the
 * subscription's endpoint; rejects with an Error whose message can be shown ("… push is off on this server",
 * "notifications are blocked …", or the browser's own when its push service cannot be reached, e.g. offline).
 */
export async function enablePush(win = globalThis, subscribeMs = SUBSCRIBE_MS) {
  const support = pushSupport(win);
  if (support === 'unsupported') throw new Error('this browser cannot receive push notifications');
  if (support === 'insecure') throw new Error('notifications need the secure (https) page: trust this server first');
  const permission = await win.Notification.requestPermission();
  if (permission === 'denied') {
    throw new Error('notifications are blocked for this site in the browser settings');
  }
  if (permission !== 'granted') { // the prompt was closed without an answer: asking again is allowed
    throw new Error('notifications were not allowed: turn them on again and choose Allow');
  }
  const { key } = await api(win, 'GET', '/api/push/key');
  const reg = await registration(win);
  let subscription = await reg.pushManager.getSubscription();
  const serverKey = subscription?.options?.applicationServerKey;
  if (subscription && serverKey && bytesToKey(serverKey) !== key.replace(/=+$/, '')) {
    await subscription.unsubscribe(); // made for another key (the server's data dir was reset): useless now
    subscription = null;
  }
  subscription ??= await within(
    reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyToBytes(key) }),
    subscribeMs,
    `the browser's push service did not answer within ${subscribeMs / 1000} s (it needs the internet); try again later`,
  );
  const json = subscription.toJSON();
  await api(win, 'POST', '/api/push/subscriptions', { endpoint: json.endpoint, keys: json.keys });
  return json.endpoint;
}

/** Turns notifications off for this browser: the server forgets it, then the browser unsubscribes. */
export async function disablePush(win = globalThis) {
  if (pushSupport(win) === 'unsupported') return;
  const reg = await registration(win);
  const subscription = await reg.pushManager.getSubscription();
  if (!subscription) return;
  try {
    await api(win, 'DELETE', '/api/push/subscriptions', { endpoint: subscription.endpoint });
  } catch (e) {
    if (e.status !== 404) throw e; // 404: the server had already forgotten it
  }
  await subscription.unsubscribe();
}

/** Whether this browser has a push subscription now (false when it cannot have one). */
export async function pushEnabled(win = globalThis) {
  if (pushSupport(win) !== 'ready' || win.Notification.permission !== 'granted') return false;
  const reg = await registration(win, 3000).catch(() => null);
  return Boolean(await reg?.pushManager.getSubscription());
}
