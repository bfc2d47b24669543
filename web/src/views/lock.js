// The passphrase form of an end-to-end encrypted room: "unlock" a room that is encrypted, or "create" (encrypt a new
// room). The passphrase goes to the controller and nowhere else.
import { $ } from './dom.js';

export class LockPanel {
  constructor(form, { onSubmit, onCancel }) {
    this.form = form;
    this.text = $('#lock-text', form);
    this.input = $('#lock-pass', form);
    this.remember = $('#lock-remember', form);
    this.button = $('#lock-button', form);
    this.cancel = $('#lock-cancel', form);
    this.error = $('#lock-error', form);
    this.mode = null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const passphrase = this.input.value;
      if (this.mode === 'unlock' && !passphrase) return;
      onSubmit({ mode: this.mode, passphrase, remember: this.remember.checked });
    });
    this.cancel.addEventListener('click', () => onCancel());
  }

  /** Shows the form; `cancellable`: a Cancel button (not when the room can't be used without a passphrase). */
  show(mode, room, cancellable = mode === 'create') {
    this.mode = mode;
    this.form.hidden = false;
    this.error.hidden = true;
    this.input.value = '';
    this.cancel.hidden = !cancellable;
    this.input.placeholder = mode === 'create' ? 'Passphrase (empty: a random key in the invite link)'
      : 'Passphrase, or the invite link with its key';
    this.text.textContent = mode === 'create'
      ? `Encrypt #${room} end to end: messages are sealed in this browser; the server stores only ciphertext.`
      : `#${room} is end-to-end encrypted. Enter its passphrase to read and write.`;
    this.button.textContent = mode === 'create' ? 'Encrypt room' : 'Unlock';
    this.input.focus();
  }

  busy(on) {
    this.button.disabled = on;
    this.input.disabled = on;
  }

  setError(message) {
    this.error.textContent = message;
    this.error.hidden = false;
    this.input.value = ''; // a refused passphrase: type it again
    this.input.focus();
  }

  hide() {
    this.form.hidden = true;
    this.mode = null;
  }
}
