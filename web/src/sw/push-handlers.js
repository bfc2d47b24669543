// Web Push for the service worker (sw.js): showing a push as a notification, and opening the room on a click.
// Notifications while the app is closed are built on the web-push branch, which fills in this function; until then
// the worker handles no push events, and nothing else depends on them.
export function installPushHandlers(self) {
}
