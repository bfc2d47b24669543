// The message box: Enter sends, Shift+Enter adds a line; typing signals are throttled by the caller.
import { $ } from './dom.js';

export class Composer {
  constructor(form, { onSend, onTyping }) {
    this.form = form;
    this.input = $('#input', form);
    this.counter = $('#counter', form);
    this.maxChars = Infinity;
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      this.updateCounter();
      onTyping(this.input.value.length > 0);
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value;
      if (!text.trim()) return;
      if (onSend(text) !== false) {
        this.input.value = '';
        this.autosize();
        this.updateCounter();
      }
    });
  }

  setRoom(room) {
    this.input.placeholder = `Message #${room}`;
  }

  setMaxChars(n) {
    this.maxChars = n;
  }

  focus() {
    this.input.focus();
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`;
    this.input.style.overflowY = this.input.scrollHeight > 200 ? 'auto' : 'hidden';
  }

  updateCounter() {
    const n = [...this.input.value].length;
    const near = n > this.maxChars * 0.9;
    this.counter.hidden = !near;
    this.counter.textContent = near ? `${n} / ${this.maxChars}` : '';
    this.counter.classList.toggle('over', n > this.maxChars);
  }
}
