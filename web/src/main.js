// Entry point: starts the chat app on the page.
import { App } from './app.js';

const app = new App(document);
app.start();
window.parley = app; // handy in the browser console
