// The members of the open private room: who is in it (and who made it), invite by name, remove a member (the owner
// only), leave. The button shows only in private rooms; the list follows the server's membership events.
import { render } from 'preact';
import { effect } from '@preact/signals';
import { $ } from './dom.js';
import { html } from './html.js';
import * as state from '../state.js';

export class MembersPopover {
  constructor(el, { button, onInvite, onRemove, onLeave }) {
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
    render(html`<${Members} onRemove=${onRemove} />`, $('#members-list', el));
  }
}

function Members({ onRemove }) {
  const room = state.active.value;
  const members = state.privateRooms.value[room] ?? [];
  const owner = state.roomOwners.value[room];
  const me = state.me.value?.user;
  return members.map((user) => html`<li key=${user} class="member" data-user=${user}>
    <span class="member-name">${user}</span>${user === me ? html`<span class="muted"> (you)</span>` : null}${user === owner ? html`<span class="muted"> · made the room</span>` : null}
    ${owner === me && user !== me ? html`<button type="button" class="link remove-member" title=${`Remove ${user} from this room`}
      onClick=${() => onRemove(room, user)}>Remove</button>` : null}
  </li>`);
}
