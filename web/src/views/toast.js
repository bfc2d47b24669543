// Short notices at the bottom of the screen ("Invite link copied").
import { h } from './dom.js';

export class Toasts {
  constructor(el) {
    this.el = el;
  }

  show(text, { kind = 'info', ms = 4000 } = {}) {
    const toast = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
    this.el.append(toast);
    setTimeout(() => toast.remove(), ms);
  }
}
