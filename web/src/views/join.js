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
    this.account = $('#join-account', root);
    this.password = $('#join-password', root);
    this.signup = $('#join-signup', root);
    this.signupRow = $('#join-signup-row', root);
    this.nameHint = $('#join-name-hint', root);
    this.accounts = false;
    this.name.addEventListener('input', () => {
      const lower = this.name.value.toLowerCase();
      if (lower !== this.name.value) this.name.value = lower;
      this.setError('');
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      onJoin({
        user: this.name.value.trim(), clientId: this.clientId.value.trim(),
        password: this.accounts ? this.password.value : undefined, signup: this.accounts && this.signup.checked,
      });
      this.password.value = '';
    });
  }

  show({ user, clientId, invitedTo, error }) {
    this.root.hidden = false;
    this.name.value = user ?? '';
    this.clientId.value = clientId ?? ''; // only a typed one: empty means one generated for this tab
    this.invite.hidden = !invitedTo;
    this.invite.textContent = invitedTo ? `You're invited to #${invitedTo}.` : '';
    this.setError(error ?? '');
    this.busy(false);
    this.name.focus();
  }

  /** auth: accounts: ask for a password too (and offer to create the account when the server allows it). */
  setAccounts(on, signup) {
    this.accounts = on;
    this.account.hidden = !on;
    this.signupRow.hidden = !(on && signup);
    this.password.autocomplete = 'current-password';
    this.signup.addEventListener('change', () => {
      this.password.autocomplete = this.signup.checked ? 'new-password' : 'current-password';
    });
    if (on) this.nameHint.textContent = 'This server has accounts: sign in with your name and password.';
  }

  hide() {
    this.root.hidden = true;
  }

  busy(on) {
    this.button.disabled = on;
    this.button.textContent = on ? 'Joining…' : this.accounts ? 'Sign in' : 'Join';
  }

  setError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
    this.name.setAttribute('aria-invalid', text ? 'true' : 'false');
  }
}
