// The picture viewer: a click on an image in the messages opens it whole over the page (the original file, not its
// thumbnail), with its name and a download link. Esc, the close button or a click beside the picture closes it.
import { h } from './dom.js';

export class Lightbox {
  /** `lists`: the elements whose images open here (the message list, the thread). */
  constructor(doc, lists) {
    this.doc = doc;
    Lightbox.current = this;
    this.img = h('img', { class: 'lightbox-image', alt: '' });
    this.name = h('span', { class: 'lightbox-name' });
    this.download = h('a', { class: 'lightbox-download', download: '' }, 'Download');
    this.close = h('button', { type: 'button', class: 'lightbox-close', 'aria-label': 'Close' }, '✕');
    this.el = h('div', { id: 'lightbox', class: 'lightbox', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Picture', hidden: true },
      h('div', { class: 'lightbox-bar' }, this.name, this.download, this.close), this.img);
    doc.body.append(this.el);
    this.close.addEventListener('click', () => this.hide());
    this.el.addEventListener('click', (e) => {
      if (e.target === this.el) this.hide();
    });
    doc.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.el.hidden) this.hide();
    });
    for (const list of lists) {
      list?.addEventListener('click', (e) => {
        const opener = e.target.closest?.('[data-lightbox]');
        if (!opener) return;
        e.preventDefault();
        this.show({ src: opener.dataset.lightbox, name: opener.dataset.name ?? '' });
      });
    }
  }

  /** `revoke`: `src` is a blob: URL made for this view, freed when it closes. */
  show({ src, name, revoke = false }) {
    this.returnFocus = this.doc.activeElement;
    this.revoke = revoke ? src : null;
    this.img.src = src;
    this.img.alt = name;
    this.name.textContent = name;
    this.download.href = src;
    this.download.setAttribute('download', name);
    this.el.hidden = false;
    this.close.focus();
  }

  hide() {
    this.el.hidden = true;
    this.img.removeAttribute('src');
    if (this.revoke) URL.revokeObjectURL(this.revoke);
    this.revoke = null;
    this.returnFocus?.focus?.();
  }
}
