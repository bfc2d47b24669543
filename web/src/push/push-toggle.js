// The "Notify me when the app is closed" switch (for the settings or the sidebar): one button and one line of state.
// It never shows when the browser cannot do push at all.
import { h } from '../views/dom.js';
import { disablePush, enablePush, pushEnabled, pushSupport } from './push.js';

const LABEL_ON = 'Stop notifications when the app is closed';
const LABEL_OFF = 'Notify me when the app is closed';

/** A `<div class="push-toggle">` with the button and its state, or null when this browser has no Push API. */
export function pushToggle(win = globalThis) {
  const support = pushSupport(win);
  if (support === 'unsupported') return null;
  const state = h('span', { class: 'push-state', role: 'status' });
  const button = h('button', { type: 'button', class: 'push-button', text: LABEL_OFF });
  const show = (on, note = '') => {
    button.textContent = on ? LABEL_ON : LABEL_OFF;
    button.dataset.on = on ? 'true' : 'false';
    state.textContent = note;
  };
  if (support === 'insecure') {
    button.disabled = true;
    show(false, 'Needs the secure page: use "Trust this server" first.');
  } else if (support === 'denied') {
    button.disabled = true;
    show(false, 'Notifications are blocked for this site in the browser settings.');
  } else {
    pushEnabled(win).then((on) => show(on)).catch(() => show(false));
  }
  button.addEventListener('click', async () => {
    button.disabled = true;
    const on = button.dataset.on === 'true';
    // the browser's push service may take seconds to answer (or never, offline): say that something is going on
    state.textContent = on ? 'Turning notifications off…' : 'Turning notifications on…';
    try {
      if (on) {
        await disablePush(win);
        show(false, 'Notifications off.');
      } else {
        await enablePush(win);
        show(true, 'Notifications on (they travel through your browser\'s push service, over the internet).');
      }
    } catch (e) {
      show(on, sentence(e.message));
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'push-toggle' }, button, ' ', state);
}

/** An error's message as the line under the switch shows its own notes: a capital first and a full stop last. */
function sentence(message) {
  const text = String(message ?? '').trim();
  if (!text) return 'That did not work.';
  return text[0].toUpperCase() + text.slice(1) + (/[.!?…]$/.test(text) ? '' : '.');
}

/**
 * Puts the switch into `slot` when this server has Web Push on (GET /api/push/key answers) and this browser can push;
 * leaves `slot` empty otherwise. Called on each sign-in, so the switch belongs to the user signed in now.
 */
export async function mountPushToggle(slot, win = globalThis) {
  slot.replaceChildren();
  delete slot.dataset.push;
  const on = pushSupport(win) !== 'unsupported'
    && await win.fetch('/api/push/key', { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then((res) => res.ok, () => false);
  const toggle = on ? pushToggle(win) : null;
  if (toggle) slot.append(toggle);
  slot.dataset.push = toggle ? 'shown' : 'none'; // decided (tests wait for it)
}
