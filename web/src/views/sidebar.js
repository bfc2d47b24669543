// The sidebar: who I am, the room list with unread counts, join-by-name, new random room, who is online. The lists
// are Preact components over the signals in state.js: they redraw themselves, row by keyed row.
import { render } from 'preact';
import { effect } from '@preact/signals';
import { $ } from './dom.js';
import { html } from './html.js';
import * as state from '../state.js';
import { dmPeer, isDm, roomLabel } from '../roomkeys.js';

export class Sidebar {
  constructor(root, { onOpen, onJoinRoom, onNewRoom, onLeave, onSignOut, onPerson, onNewPrivate }) {
    this.root = root;
    const form = $('#join-room-form', root);
    const input = $('#join-room-name', root);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (onJoinRoom(input.value)) input.value = '';
    });
    $('#new-room', root).addEventListener('click', () => onNewRoom());
    const dmInput = $('#new-dm-name', root);
    $('#new-dm-form', root).addEventListener('submit', (e) => {
      e.preventDefault();
      const name = dmInput.value.trim().replace(/^@/, '').toLowerCase();
      if (name && onPerson(name) !== false) dmInput.value = '';
    });
    const privateInput = $('#private-room-name', root);
    $('#private-room-form', root).addEventListener('submit', async (e) => {
      e.preventDefault();
      if (await onNewPrivate(privateInput.value)) {
        privateInput.value = '';
        $('#private-room', root).open = false;
      }
    });
    $('#sign-out', root).addEventListener('click', () => onSignOut());
    render(html`<${RoomList} onOpen=${onOpen} onLeave=${onLeave} dms=${false} />`, $('#rooms', root));
    render(html`<${RoomList} onOpen=${onOpen} onLeave=${onLeave} dms=${true} />`, $('#dms', root));
    render(html`<${People} onPerson=${onPerson} />`, $('#people', root));
    const me = $('#me-name', root);
    const client = $('#me-client', root);
    effect(() => {
      me.textContent = state.me.value?.user ?? '';
      client.textContent = state.me.value?.clientId ?? ''; // kept for tools and tests, not shown
    });
  }
}

/** Rooms (or DMs) with their unread badges; the open one marked. */
function RoomList({ onOpen, onLeave, dms }) {
  const active = state.active.value;
  const unread = state.unread.value;
  const mentioned = state.mentioned.value;
  const me = state.me.value?.user;
  const list = state.rooms.value.filter((room) => isDm(room) === dms);
  if (dms && list.length === 0) return html`<li class="muted small empty-dms">Click a name under Online to write to them.</li>`;
  return list.map((room) => {
    const n = room === active ? 0 : (unread[room] ?? 0);
    const label = dms ? dmPeer(room, me) : roomLabel(room, state.names.value);
    const isPrivate = !!state.privateRooms.value[room];
    return html`<li key=${room} class=${room === active ? 'room-item active' : 'room-item'}>
      <a class="room-link" href=${`#/r/${room}`} aria-current=${room === active ? 'page' : undefined} data-room=${room}
         onClick=${(e) => { e.preventDefault(); onOpen(room); }}>
        <span class="hash" aria-hidden="true">${dms ? '@' : isPrivate ? '🔒' : '#'}</span>
        <span class="room-name" title=${label !== room ? room : undefined}>${label}</span>
        ${state.bridged.value.has(room) ? html`<span class="bridged-badge" title="Bridged: shared with other sites through a public broker">bridged</span>` : null}
        ${n > 0 ? html`<span class=${mentioned[room] ? 'badge mention' : 'badge'} aria-label=${`${n} unread`}>${n > 99 ? '99+' : String(n)}</span>` : null}
      </a>
      <button type="button" class="leave" title=${`Leave ${dms ? '@' : '#'}${label}`} aria-label=${`Leave ${dms ? '@' : '#'}${label}`}
        onClick=${() => onLeave(room)}>×</button>
    </li>`;
  });
}

/** Who is online; a name opens a direct message with them. */
function People({ onPerson }) {
  const people = state.people.value;
  const more = state.peopleMore.value;
  if (people.length === 0) return html`<li class="muted">Nobody else yet</li>`;
  const rows = people.map(({ user, status, me }) => html`<li key=${user} class=${`person ${status}`} data-user=${user}>
    <span class="dot" aria-hidden="true"></span>
    ${me ? html`<span class="person-name">${user}</span><span class="muted"> (you)</span>`
      : html`<button type="button" class="person-name link" title=${`Message ${user}`} onClick=${() => onPerson(user)}>${user}</button>`}
    ${status === 'away' ? html`<span class="muted"> away</span>` : null}
  </li>`);
  // cut off from the server nobody is known to be online, not even those counted (the key is no user name: a space)
  const online = people[0]?.status !== 'offline';
  if (more > 0) rows.push(html`<li key=" more" class="muted people-more">and ${more.toLocaleString('en')} more${online ? ' online' : ''}</li>`);
  return rows;
}
