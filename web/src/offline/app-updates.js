// Registers the service worker (../sw/sw.js) and tells the page when a new version of Parley took over, so the user
// can reload into it. Without service workers (an insecure context: plain http off localhost) nothing happens: the
// client then works online only, as before.

/**
 * `onUpdated()` runs when a new worker takes control of a page that already had one (a new server version); the first
 * install is silent. Resolves to the registration, or null.
 */
export async function watchAppUpdates({ onUpdated }) {
  const workers = navigator.serviceWorker;
  if (!workers || !window.isSecureContext) return null;
  let controlled = !!workers.controller;
  workers.addEventListener('controllerchange', () => {
    if (controlled) onUpdated();
    controlled = true;
  });
  try {
    return await workers.register('/sw.js', { scope: '/' });
  } catch {
    return null; // e.g. a browser that refuses workers in private windows
  }
}

/** Asks the browser to check for a new worker now (after a reconnect: the server may be a new version). */
export function checkForUpdate(registration) {
  registration?.update().catch(() => {});
}
