// Entry point: the chat app, or the admin page at /#/admin.
import { App } from './app.js';
import { AdminPage } from './admin/admin-page.js';

const isAdmin = (hash) => /^#\/admin\b/.test(hash ?? '');

if (isAdmin(location.hash)) {
  const admin = new AdminPage(document);
  admin.start();
  window.parleyAdmin = admin; // handy in the browser console
} else {
  const app = new App(document);
  app.start();
  window.parley = app; // handy in the browser console
}
// Switching between the chat and the admin page loads the other one afresh.
window.addEventListener('hashchange', (e) => {
  if (isAdmin(new URL(e.oldURL).hash) !== isAdmin(location.hash)) location.reload();
});
