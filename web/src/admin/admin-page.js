// The admin page (/#/admin): asks for the admin token, then shows the running server and steers it.
import { h } from '../views/dom.js';
import * as api from '../api.js';
import { AdminApi } from './admin-api.js';
import { drawTraffic } from './chart.js';
import { bytes, clock, duration, originRows } from './format.js';
import { Integrations } from './integrations.js';

const TOKEN_KEY = 'parley.adminToken';
const REFRESH_MS = 2000;
const CONFIRM_MS = 4000;

export class AdminPage {
  constructor(doc) {
    this.doc = doc;
    this.root = doc.getElementById('admin');
    this.timer = null;
    this.optional = { bridge: true, claims: true, bots: true }; // sections whose routes this server may not have
    this.armed = false; // a destructive button waits for its second click
    this.clicks = 0; // clicks on the page's buttons: a refresh started before one draws nothing
    this.refreshes = 0; // refreshes started: only the newest draws
  }

  async start() {
    this.doc.getElementById('app').classList.add('in-admin');
    this.root.hidden = false;
    this.doc.title = 'Parley admin';
    try {
      const info = await api.info();
      this.serverName = info.name;
      this.accountsMode = info.auth === 'accounts';
    } catch {
      this.serverName = 'Parley';
    }
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) this.open(token);
    else this.askToken();
  }

  askToken(error) {
    this.stop();
    const input = h('input', { id: 'admin-token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
    const form = h('form', { id: 'admin-login', class: 'join-card admin-login', novalidate: true },
      h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, 'P'), this.serverName),
      h('h1', {}, 'Admin'),
      h('label', { for: 'admin-token' }, 'Admin token'),
      input,
      h('p', { class: 'hint' }, 'Printed once when the server first started; also in the data dir as admin-token.'),
      error ? h('p', { id: 'admin-login-error', class: 'error', role: 'alert' }, error) : null,
      h('button', { type: 'submit', class: 'primary' }, 'Open'),
      h('p', { class: 'hint' }, h('a', { href: '#/' }, 'Back to the chat')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const token = input.value.trim();
      if (token) this.open(token);
    });
    this.root.replaceChildren(h('div', { class: 'join' }, form));
    input.focus();
  }

  async open(token) {
    this.admin = new AdminApi(token);
    try {
      await this.admin.stats();
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      this.askToken(e.status === 401 ? 'That token is not the admin token.' : e.message);
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    this.layout();
    await this.refresh();
    // not while one is on its way: on a slow server each would replace the last and none would draw
    this.timer = setInterval(() => { if (!this.body?.hasAttribute('aria-busy')) this.refresh(); }, REFRESH_MS);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  layout() {
    const signOut = h('button', { type: 'button', class: 'ghost small', id: 'admin-sign-out' }, 'Sign out');
    signOut.addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      this.askToken();
    });
    this.cards = h('div', { class: 'admin-cards', id: 'admin-stats' });
    this.chart = h('div', { class: 'admin-chart', id: 'admin-chart' });
    this.clientsBody = h('tbody', { id: 'admin-clients' });
    this.roomsBody = h('tbody', { id: 'admin-rooms' });
    this.bridgeBox = h('div', { id: 'admin-bridge' });
    this.claimsList = h('ul', { id: 'admin-claims', class: 'admin-claims' });
    this.status = h('p', { class: 'error', role: 'alert', id: 'admin-error', hidden: true });
    this.bridgeSection = section('Bridge', this.bridgeBox);
    this.claimsSection = section('Claimed names', this.claimsList);
    this.usersBody = h('tbody', { id: 'admin-users' });
    this.usersSection = section('Accounts', this.newAccountForm(),
      table(['User', 'Created', ''], this.usersBody));
    this.usersSection.hidden = !this.accountsMode;
    this.integrations = new Integrations(this);
    this.botsSection = this.integrations.section();
    this.root.replaceChildren(
      h('header', { class: 'admin-header' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }, 'P'),
        h('h1', {}, `${this.serverName} admin`),
        h('a', { href: '#/', class: 'small' }, 'Chat'),
        signOut),
      this.status,
      this.body = h('div', { class: 'admin-body' },
        this.cards,
        section('Messages per second (last 2 minutes)', this.chart,
          h('p', { class: 'legend small muted' }, h('span', { class: 'key in' }), 'in ', h('span', { class: 'key out' }), 'out')),
        section('Connections', table(['Client', 'User', 'Address', 'Transport', 'Since', 'Subscriptions', 'In / out', ''], this.clientsBody)),
        section('Rooms', table(['Room', 'Messages', 'Last message', ''], this.roomsBody)),
        this.usersSection,
        this.botsSection,
        this.bridgeSection,
        this.claimsSection));
  }

  async refresh() {
    if (this.armed) return; // a destructive button waits for its second click
    const started = ++this.refreshes;
    const clicks = this.clicks;
    this.body.setAttribute('aria-busy', 'true');
    try {
      const [stats, clients, rooms] = await Promise.all([this.admin.stats(), this.admin.clients(), this.admin.rooms()]);
      const bots = await this.loadOptional('bots', () => this.integrations.load(), this.botsSection);
      const bridge = await this.loadOptional('bridge', () => this.admin.bridge(), this.bridgeSection);
      const users = this.accountsMode ? (await this.admin.users()).users : null;
      const claims = await this.loadOptional('claims', () => this.admin.claims(), this.claimsSection);
      // A click while the answers were on their way (drawing now would replace an armed button and lose its first
      // click, or bring back a row just removed), or a newer refresh: this one's answers are out of date.
      if (this.armed || clicks !== this.clicks || started !== this.refreshes) return;
      this.renderStats(stats);
      this.renderClients(clients.clients);
      this.renderRooms(rooms.rooms);
      if (bots) this.integrations.render(bots);
      if (bridge) this.renderBridge(bridge);
      if (users) this.renderUsers(users);
      if (claims) this.renderClaims(claims);
      this.status.hidden = true;
    } catch (e) {
      if (e.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        this.askToken('The admin token was refused.');
        return;
      }
      this.showError(`Could not refresh: ${e.message}`);
    } finally {
      if (started === this.refreshes) this.body?.removeAttribute('aria-busy');
    }
  }

  /** What an optional feature's section shows, or null when this server has no such feature (its section hides). */
  async loadOptional(name, load, sectionEl) {
    if (!this.optional[name]) return null;
    try {
      const data = await load();
      sectionEl.hidden = false;
      return data;
    } catch (e) {
      if (e.status === 404) {
        this.optional[name] = false;
        sectionEl.hidden = true;
        return null;
      }
      throw e;
    }
  }

  showError(message) {
    this.status.textContent = message;
    this.status.hidden = false;
  }

  renderStats(s) {
    const card = (label, value, id) => h('div', { class: 'admin-card', dataset: { stat: id } },
      h('span', { class: 'value' }, value), h('span', { class: 'label' }, label));
    // null on a web node: the connections and their traffic are the broker's (docs/scale.md)
    const broker = (n) => (n === null || n === undefined ? 'at the broker' : String(n));
    this.cards.replaceChildren(
      card('connections', broker(s.connections), 'connections'),
      card('in msg/s', broker(s.messagesInPerSecond), 'in'),
      card('out msg/s', broker(s.messagesOutPerSecond), 'out'),
      card('stored messages', s.storedMessages.toLocaleString(), 'stored'),
      card('database', bytes(s.databaseBytes), 'database'),
      ...(s.files ? [card(`${s.files.count.toLocaleString()} shared files`, bytes(s.files.bytes), 'files')] : []),
      card('uptime', duration(s.uptimeSeconds), 'uptime'),
      card(`heap of ${bytes(s.heap.maxBytes)}`, bytes(s.heap.usedBytes), 'heap'));
    drawTraffic(this.chart, s.traffic ?? []);
  }

  renderClients(clients) {
    if (clients.length === 0) {
      this.clientsBody.replaceChildren(emptyRow(8, 'Nobody is connected.'));
      return;
    }
    this.clientsBody.replaceChildren(...clients.map((c) => h('tr', { dataset: { client: c.clientId } },
      h('td', { class: 'mono' }, c.clientId),
      h('td', {}, c.user ?? h('span', { class: 'muted' }, 'anonymous')),
      h('td', { class: 'mono' }, c.address ?? '–'),
      h('td', {}, `${c.transport} · MQTT ${c.protocolVersion}`),
      h('td', {}, clock(c.connectedSince)),
      h('td', { class: 'subs', title: c.subscriptions.join('\n') }, String(c.subscriptions.length)),
      h('td', {}, `${c.messagesIn} / ${c.messagesOut}`),
      h('td', { class: 'actions' },
        this.action('Kick', 'kick', () => this.admin.kick(c.clientId)),
        this.action('Ban 10m', 'ban', () => this.admin.kick(c.clientId, '10m'))))));
  }

  renderRooms(rooms) {
    if (rooms.length === 0) {
      this.roomsBody.replaceChildren(emptyRow(4, 'No stored messages yet.'));
      return;
    }
    this.roomsBody.replaceChildren(...rooms.map((r) => h('tr', { dataset: { room: r.room } },
      h('td', {}, r.kind === 'dm' ? h('span', {}, '✉ ', r.room.slice(3).replace(':', ' ↔ ')) : `#${r.room}`),
      h('td', {}, r.count.toLocaleString()),
      h('td', {}, new Date(r.lastTs).toLocaleString()),
      h('td', { class: 'actions' }, this.confirmAction('Delete history', () => this.admin.deleteRoom(r.room))))));
  }

  renderBridge(b) {
    const toggle = this.action(b.enabled ? 'Disable' : 'Enable', 'bridge-toggle', () => this.admin.setBridge({ enabled: !b.enabled }));
    const state = !b.enabled ? 'off' : b.connected ? 'connected' : 'disconnected';
    this.bridgeBox.replaceChildren(h('dl', { class: 'admin-facts' },
      fact('State', h('span', { class: `pill ${state}` }, state)),
      fact('Remote', b.url ?? '–'),
      fact('Prefix', b.remotePrefix ?? b.prefix ?? '–'),
      fact('Rooms', Array.isArray(b.rooms) ? b.rooms.join(', ') || '–' : String(b.rooms ?? '–')),
      fact('Queued', String(b.queueDepth ?? b.queued ?? 0)),
      fact('In / out', `${b.messagesIn ?? 0} / ${b.messagesOut ?? 0}`),
      fact('Repairs', `${b.repairsRequested ?? 0} asked, ${b.repairsAnswered ?? 0} answered, ${b.recovered ?? 0} messages recovered`),
      b.lastError ? fact('Last error', b.lastError) : null),
    this.originsTable(originRows(b.origins)), toggle);
  }

  /** Per other site and room: the last counter held here with none missing, and any open gap. */
  originsTable(rows) {
    const body = h('tbody', { id: 'admin-bridge-origins' }, ...(rows.length === 0
      ? [emptyRow(4, 'No other site heard from yet.')]
      : rows.map((r) => h('tr', { dataset: { origin: r.origin, room: r.room } },
        h('td', { title: r.origin }, r.origin),
        h('td', {}, `#${r.room}`),
        h('td', {}, r.held.toLocaleString()),
        h('td', { class: r.open ? 'gap open' : 'gap' }, r.gap)))));
    return table(['Site', 'Room', 'Last held', 'Gap'], body);
  }

  renderClaims(c) {
    const claims = c.claims ?? [];
    if (claims.length === 0) {
      this.claimsList.replaceChildren(h('li', { class: 'muted' }, 'No names are claimed.'));
      return;
    }
    this.claimsList.replaceChildren(...claims.map((claim) => {
      const user = typeof claim === 'string' ? claim : claim.user;
      return h('li', { dataset: { user } }, h('span', {}, user),
        this.confirmAction('Release', () => this.admin.releaseClaim(user)));
    }));
  }

  /** Name + password + "Add account"; the password field is cleared whatever happens. */
  newAccountForm() {
    const user = h('input', { id: 'admin-new-user', placeholder: 'name', autocomplete: 'off', spellcheck: 'false', required: true });
    const password = h('input', { id: 'admin-new-password', type: 'password', placeholder: 'password', autocomplete: 'new-password', required: true });
    const form = h('form', { id: 'admin-new-account', class: 'admin-inline-form' }, user, password,
      h('button', { type: 'submit', class: 'small' }, 'Add account'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await this.admin.addUser(user.value.trim(), password.value);
        user.value = '';
        await this.refresh();
      } catch (err) {
        this.showError(`Add account failed: ${err.message}`);
      } finally {
        password.value = '';
      }
    });
    return form;
  }

  renderUsers(users) {
    if (users.length === 0) {
      this.usersBody.replaceChildren(emptyRow(3, 'No accounts yet: add one here or with parley user add.'));
      return;
    }
    this.usersBody.replaceChildren(...users.map((u) => h('tr', { dataset: { user: u.user } },
      h('td', {}, u.user),
      h('td', {}, u.created ? new Date(u.created).toLocaleString() : '–'),
      h('td', { class: 'actions' },
        this.action('Reset password', 'reset', () => this.resetPassword(u.user)),
        this.confirmAction('Remove', () => this.admin.removeUser(u.user))))));
  }

  async resetPassword(user) {
    const password = this.doc.defaultView.prompt(`New password for ${user} (their sessions end):`);
    if (password) await this.admin.resetPassword(user, password);
  }

  /** A button that runs `work`, then refreshes; failures show in the error line. */
  action(label, kind, work) {
    const button = h('button', { type: 'button', class: `ghost small ${kind}` }, label);
    button.addEventListener('click', async () => {
      this.clicks++;
      button.disabled = true;
      try {
        await work();
        await this.refresh();
      } catch (e) {
        this.showError(`${label} failed: ${e.message}`);
        button.disabled = false;
      }
    });
    return button;
  }

  /** A destructive button: the first click arms it ("Sure?"), a second one within a few seconds runs it. */
  confirmAction(label, work) {
    const button = h('button', { type: 'button', class: 'ghost small danger' }, label);
    let armed = null;
    button.addEventListener('click', async () => {
      this.clicks++;
      if (!armed) {
        button.textContent = 'Sure?';
        this.armed = true; // the periodic refresh would replace this button and forget the first click
        armed = setTimeout(() => { armed = null; this.armed = false; button.textContent = label; }, CONFIRM_MS);
        return;
      }
      clearTimeout(armed);
      this.armed = false;
      button.disabled = true;
      try {
        await work();
        await this.refresh();
      } catch (e) {
        this.showError(`${label} failed: ${e.message}`);
        button.disabled = false;
      }
    });
    return button;
  }
}

function section(title, ...content) {
  return h('section', { class: 'admin-section' }, h('h2', {}, title), ...content);
}

function table(headings, body) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'admin-table' }, h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', {}, t)))), body));
}

function emptyRow(columns, text) {
  return h('tr', {}, h('td', { colspan: columns, class: 'muted' }, text));
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}
