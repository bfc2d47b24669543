// The service worker: it keeps the app shell (the page, its script and styles, the icons) of one version in a cache of
// its own, so the client opens without the server. Data is not kept here: rooms, messages and the outbox are the
// page's, in IndexedDB (../offline/). The REST API, MQTT and files always go to the network.
//
// Updates: build.mjs writes the shell's version (a hash of its files) into this script, so a new server version
// serves a different sw.js. The browser checks sw.js on every page load (the server answers it with no-cache),
// installs the new worker, which takes over at once (skipWaiting + claim) and deletes the old shell; the page sees
// its controller change and offers a reload (../offline/app-updates.js). The running page keeps working meanwhile:
// its script is already loaded.
import { installPushHandlers } from './push-handlers.js';

/* global __PARLEY_SHELL__ */
const SHELL = __PARLEY_SHELL__; // {version, files}
const PREFIX = 'parley-shell-';
const CACHE = PREFIX + SHELL.version;
const MANIFEST = '/manifest.webmanifest';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // straight from the server, not from the HTTP cache: the files of exactly this version
    await cache.addAll(SHELL.files.map((file) => new Request(file, { cache: 'reload' })));
    await cache.add(new Request(MANIFEST, { cache: 'reload' })).catch(() => {});
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // the page itself (any #/r/room is client-side); other paths, such as /metrics, are the server's alone
    if (url.pathname === '/' || url.pathname === '/index.html') event.respondWith(fromShell('/', request));
  } else if (url.pathname === MANIFEST) {
    event.respondWith(networkFirst(request)); // the server's name may change: fresh when it can be
  } else if (SHELL.files.includes(url.pathname)) {
    event.respondWith(fromShell(url.pathname, request));
  }
});

/** A shell file from this version's cache, else from the network (a cache the browser evicted). */
async function fromShell(path, request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(path)) ?? fetch(request);
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw e;
  }
}

installPushHandlers(self);
