// The invite popover under the room header: the link (copied when opened), its QR code, the room's name (for everyone)
// and, for a room whose link carries its key, "Remember the key on this device". Closes on its button, Esc, or a
// click anywhere outside it; it opens only when asked (Invite, or a new room).
import { $ } from './dom.js';

export class InvitePopover {
  constructor(el, { button, link, describe, qr, keyState, onRemember, onName, name, toast }) {
    this.el = el;
    this.button = button;
    this.room = null;
    this.fns = { link, describe, qr, keyState, onRemember, name, toast };
    this.url = $('#invite-url', el);
    this.qr = $('#invite-qr', el);
    this.label = $('label', el);
    this.remember = $('#invite-remember', el);
    this.rememberRow = $('#invite-remember-row', el);
    this.nameInput = $('#invite-name', el);
    this.qr.addEventListener('error', () => { this.qr.hidden = true; });
    button.addEventListener('click', () => (this.el.hidden ? this.open(this.current()) : this.close()));
    $('#invite-copy', el).addEventListener('click', () => this.copy());
    this.remember.addEventListener('change', () => {
      if (this.remember.checked) onRemember(this.room);
      this.remember.disabled = this.remember.checked;
    });
    $('#invite-name-form', el).addEventListener('submit', (e) => {
      e.preventDefault();
      onName(this.room, this.nameInput.value); // says itself how it went
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.el.hidden) {
        this.close();
        this.button.focus();
      }
    });
    document.addEventListener('pointerdown', (e) => {
      if (!this.el.hidden && !this.el.contains(e.target) && !this.button.contains(e.target)) this.close();
    });
  }

  /** The room the popover is for: set by the controller through open(). */
  current() {
    return this.currentRoom?.() ?? this.room;
  }

  open(room) {
    if (!room) return;
    this.room = room;
    this.el.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.url.value = this.fns.link(room);
    this.label.textContent = this.fns.describe(room);
    // The server draws the QR code with its LAN address, so a phone can scan it even when this page is on localhost.
    // A link with a room key must never reach the server, not even to draw its QR code.
    const qr = this.fns.qr(room);
    this.qr.hidden = !qr;
    if (qr) this.qr.src = qr;
    const remembered = this.fns.keyState(room); // null: no key in the link
    this.rememberRow.hidden = remembered === null;
    this.remember.checked = !!remembered;
    this.remember.disabled = !!remembered;
    this.nameInput.value = this.fns.name(room);
    this.copy();
  }

  close() {
    this.el.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
  }

  async copy() {
    const link = this.url.value;
    try {
      await navigator.clipboard.writeText(link);
      this.fns.toast('Invite link copied. Anyone with the link can join this room.');
    } catch {
      this.url.focus();
      this.url.select();
      const ok = document.execCommand?.('copy');
      this.fns.toast(ok ? 'Invite link copied.' : 'Copy the selected invite link to share it.');
    }
  }
}
