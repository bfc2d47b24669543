// The sidebar: who I am, the room list with unread counts, join-by-name, new random room, who is online.
import { $, h } from './dom.js';

export class Sidebar {
  constructor(root, { onOpen, onJoinRoom, onNewRoom, onLeave, onSignOut }) {
    this.root = root;
    this.roomsEl = $('#rooms', root);
    this.peopleEl = $('#people', root);
    this.meEl = $('#me-name', root);
    this.clientEl = $('#me-client', root);
    this.onOpen = onOpen;
    this.onLeave = onLeave;
    const form = $('#join-room-form', root);
    const input = $('#join-room-name', root);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (onJoinRoom(input.value)) input.value = '';
    });
    $('#new-room', root).addEventListener('click', () => onNewRoom());
    $('#sign-out', root).addEventListener('click', () => onSignOut());
  }

  setMe(user, clientId) {
    this.meEl.textContent = user;
    this.clientEl.textContent = clientId;
  }

  /** rooms: [{room, unread, mention, bridged}], active: room id. */
  renderRooms(rooms, active) {
    this.roomsEl.replaceChildren(...rooms.map(({ room, unread, mention, bridged }) => h('li', { class: room === active ? 'room-item active' : 'room-item' },
      h('a', {
        class: 'room-link',
        href: `#/r/${room}`,
        'aria-current': room === active ? 'page' : null,
        dataset: { room },
        onclick: (e) => { e.preventDefault(); this.onOpen(room); },
      },
      h('span', { class: 'hash', 'aria-hidden': 'true' }, '#'),
      h('span', { class: 'room-name' }, room),
      bridged ? h('span', { class: 'bridged-badge', title: 'Bridged: shared with other sites through a public broker' }, 'bridged') : null,
      unread > 0 ? h('span', { class: mention ? 'badge mention' : 'badge', 'aria-label': `${unread} unread` }, unread > 99 ? '99+' : String(unread)) : null),
      h('button', { type: 'button', class: 'leave', title: `Leave #${room}`, 'aria-label': `Leave #${room}`, onclick: () => this.onLeave(room) }, '×'))));
  }

  /** people: [{user, status, me}] */
  renderPeople(people) {
    if (people.length === 0) {
      this.peopleEl.replaceChildren(h('li', { class: 'muted' }, 'Nobody else yet'));
      return;
    }
    this.peopleEl.replaceChildren(...people.map(({ user, status, me }) => h('li', { class: `person ${status}`, dataset: { user } },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'person-name' }, user),
      me ? h('span', { class: 'muted' }, ' (you)') : null,
      status === 'away' ? h('span', { class: 'muted' }, ' away') : null)));
  }
}
