// The service worker's side of Web Push: a push becomes a notification (who, where, the text, or only "New encrypted
// message" for an end-to-end encrypted room: the server never has that text), and a click on it opens the room in a
// window of the app, or a new one. The server only pushes while the user has no live connection, so a push is always
// shown (userVisibleOnly: a push that shows nothing would be held against the site).

const FALLBACK = { title: 'Parley', body: 'New message' };

/** The notification a push payload ({room, id, from, title, text, url, encrypted}) makes; safe with any payload. */
export function notificationFor(payload, scope = '/') {
  const p = payload && typeof payload === 'object' ? payload : {};
  const title = typeof p.title === 'string' && p.title ? p.title : FALLBACK.title;
  const body = typeof p.text === 'string' && p.text ? p.text : FALLBACK.body;
  const room = typeof p.room === 'string' ? p.room : null;
  return {
    title,
    options: {
      body,
      // one notification per room: a new message replaces the last one of its room, and still alerts
      tag: room ? `parley:${room}` : 'parley',
      renotify: Boolean(room),
      data: { url: sameOriginUrl(p.url, scope), room },
    },
  };
}

/** The absolute URL to open: the payload's path on this app's origin, else the app itself. */
export function sameOriginUrl(url, scope) {
  const home = new URL(scope);
  try {
    const target = new URL(typeof url === 'string' ? url : '/', home);
    return target.origin === home.origin ? target.href : home.href;
  } catch {
    return home.href;
  }
}

function parse(data) {
  try {
    return data ? data.json() : null;
  } catch {
    return null;
  }
}

/** Focuses a window of the app on `url`, or opens one. */
export async function openRoom(sw, url) {
  const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const own = windows.find((w) => new URL(w.url).origin === new URL(url).origin);
  if (own) {
    const focused = await own.focus();
    if (own.url !== url && 'navigate' in (focused ?? own)) await (focused ?? own).navigate(url);
    return;
  }
  await sw.clients.openWindow(url);
}

/** Listens for pushes and notification clicks in the service worker `sw` (its global `self`). */
export function installPushHandlers(sw) {
  sw.addEventListener('push', (event) => {
    const { title, options } = notificationFor(parse(event.data), sw.registration.scope);
    event.waitUntil(sw.registration.showNotification(title, options));
  });
  sw.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const url = event.notification.data?.url ?? sw.registration.scope;
    event.waitUntil(openRoom(sw, url));
  });
}
