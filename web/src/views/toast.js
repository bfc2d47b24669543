// Short notices at the bottom of the screen ("Invite link copied"), some with a button ("Parley was updated. Reload").
import { h } from './dom.js';

export class Toasts {
  constructor(el) {
    this.el = el;
  }

  /** `ms`: how long it stays (Infinity: until its action is used); `action`: {label, run} for a button. */
  show(text, { kind = 'info', ms = 4000, action = null } = {}) {
    const button = action ? h('button', { type: 'button', class: 'link toast-action', onclick: () => {
      toast.remove();
      action.run();
    } }, action.label) : '';
    const toast = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text, button);
    this.el.append(toast);
    if (Number.isFinite(ms)) setTimeout(() => toast.remove(), ms);
  }
}
