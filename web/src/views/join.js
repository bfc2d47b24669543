// The join screen: a name (remembered), the client id under "advanced", errors such as "that name is taken".
import { $ } from './dom.js';

export class JoinView {
  constructor(root, { onJoin }) {
    this.root = root;
    this.form = $('#join-form', root);
    this.name = $('#join-name', root);
    this.clientId = $('#join-client-id', root);
    this.error = $('#join-error', root);
    this.invite = $('#join-invite', root);
    this.button = $('#join-button', root);
    this.name.addEventListener('input', () => {
      const lower = this.name.value.toLowerCase();
      if (lower !== this.name.value) this.name.value = lower;
      const generated = /^[a-z0-9_-]*-web-([a-z2-7]{6})$/.exec(this.clientId.value);
      if (generated) this.clientId.value = `${lower.trim() || 'parley'}-web-${generated[1]}`;
      this.setError('');
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      onJoin({ user: this.name.value.trim(), clientId: this.clientId.value.trim() });
    });
  }

  show({ user, clientId, invitedTo, error }) {
    this.root.hidden = false;
    this.name.value = user ?? '';
    this.clientId.value = clientId ?? '';
    this.invite.hidden = !invitedTo;
    this.invite.textContent = invitedTo ? `You're invited to #${invitedTo}.` : '';
    this.setError(error ?? '');
    this.busy(false);
    this.name.focus();
  }

  hide() {
    this.root.hidden = true;
  }

  busy(on) {
    this.button.disabled = on;
    this.button.textContent = on ? 'Joining…' : 'Join';
  }

  setError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
    this.name.setAttribute('aria-invalid', text ? 'true' : 'false');
  }
}
