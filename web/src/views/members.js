// The members of the open private room: who is in it, invite by name, leave. The button shows only in private rooms.
import { render } from 'preact';
import { effect } from '@preact/signals';
import { $ } from './dom.js';
import { html } from './html.js';
import * as state from '../state.js';

export class MembersPopover {
  constructor(el, { button, onInvite, onLeave }) {
    this.el = el;
    this.button = button;
    const input = $('#member-invite-name', el);
    button.addEventListener('click', () => { this.el.hidden = !this.el.hidden; });
    $('#member-invite-form', el).addEventListener('submit', async (e) => {
      e.preventDefault();
      if (await onInvite(state.active.value, input.value.trim().toLowerCase())) input.value = '';
    });
    $('#leave-private', el).addEventListener('click', () => {
      this.el.hidden = true;
      onLeave(state.active.value);
    });
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') this.el.hidden = true; });
    document.addEventListener('pointerdown', (e) => {
      if (!this.el.hidden && !this.el.contains(e.target) && !button.contains(e.target)) this.el.hidden = true;
    });
    effect(() => {
      const isPrivate = !!state.privateRooms.value[state.active.value];
      button.hidden = !isPrivate;
      if (!isPrivate) this.el.hidden = true;
    });
    render(html`<${Members} />`, $('#members-list', el));
  }
}

function Members() {
  const members = state.privateRooms.value[state.active.value] ?? [];
  const me = state.me.value?.user;
  return members.map((user) => html`<li key=${user} class="member" data-user=${user}>${user}${user === me ? html`<span class="muted"> (you)</span>` : null}</li>`);
}
