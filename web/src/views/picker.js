// The reaction picker: a row of emoji under a message's ☺ button. Closes on a pick, Esc or a click elsewhere.
const EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '👀', '✅'];

export class ReactionPicker {
  constructor(el, { onPick }) {
    this.el = el;
    this.msg = null;
    for (const emoji of EMOJI) {
      const b = el.ownerDocument.createElement('button');
      b.type = 'button';
      b.textContent = emoji;
      b.dataset.emoji = emoji;
      b.addEventListener('click', () => {
        const { msg } = this;
        this.close();
        if (msg) onPick(msg, emoji);
      });
      el.append(b);
    }
    el.ownerDocument.addEventListener('keydown', (e) => { if (e.key === 'Escape') this.close(); });
    el.ownerDocument.addEventListener('pointerdown', (e) => {
      if (!this.el.hidden && !this.el.contains(e.target) && !e.target.closest?.('.act-react')) this.close();
    });
  }

  open(msg, button) {
    this.msg = msg;
    this.el.hidden = false;
    const box = button.getBoundingClientRect();
    const room = this.el.offsetParent?.getBoundingClientRect() ?? { left: 0, top: 0, width: innerWidth };
    const left = Math.min(box.left - room.left, room.width - this.el.offsetWidth - 8);
    this.el.style.left = `${Math.max(8, left)}px`;
    this.el.style.top = `${box.bottom - room.top + 4}px`;
    this.el.querySelector('button')?.focus();
  }

  close() {
    this.el.hidden = true;
    this.msg = null;
  }
}
