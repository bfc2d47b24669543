// The admin page's bots and webhooks: lists with their last deliveries, forms to make them, and the one place where a
// new token, webhook URL or secret is shown (once: the server keeps only a hash, or never shows it again).
import { h } from '../views/dom.js';

/** `page`: the AdminPage, for its API, its buttons (action, confirmAction), its error line and refresh. */
export class Integrations {
  constructor(page) {
    this.page = page;
    this.botsBody = h('tbody', { id: 'admin-bots' });
    this.hooksBody = h('tbody', { id: 'admin-hooks' });
    this.outgoingBody = h('tbody', { id: 'admin-outgoing-hooks' });
    this.secret = h('div', { id: 'admin-secret', class: 'admin-secret', role: 'status', hidden: true });
  }

  /** The section, made once; `render` refreshes its tables. */
  section() {
    return h('section', { class: 'admin-section', id: 'admin-integrations' },
      h('h2', {}, 'Bots and webhooks'),
      this.secret,
      h('h3', {}, 'Bots'),
      this.form('admin-new-bot', [['name', 'bot name'], ['rooms', 'rooms (comma-separated, empty: any)']], 'Add bot',
        ({ name, rooms }) => this.page.admin.addBot(name, list(rooms))
          .then((bot) => this.show(`Token of ${bot.name}, shown once`, bot.token))),
      table(['Bot', 'Rooms', 'Token', 'Created', ''], this.botsBody),
      h('h3', {}, 'Incoming webhooks'),
      this.form('admin-new-hook', [['room', 'room'], ['bot', 'bot (default: webhook)']], 'Add webhook',
        ({ room, bot }) => this.page.admin.addHook(room, bot || undefined)
          .then((hook) => this.show(`URL of the webhook for #${hook.room}, shown once`, hook.url))),
      table(['#', 'Room', 'Bot', 'Created', ''], this.hooksBody),
      h('h3', {}, 'Outgoing webhooks'),
      this.form('admin-new-outgoing', [['url', 'http://host:port/path'], ['room', 'room (its messages)'],
        ['bot', 'bot (its mentions)']], 'Add outgoing webhook',
      ({ url, room, bot }) => this.page.admin.addOutgoingHook({ url, room: room || undefined, bot: bot || undefined })
        .then((hook) => this.show(`Signing secret of outgoing webhook ${hook.id}, shown once`, hook.secret))),
      table(['#', 'URL', 'Gets', 'Last delivery', 'Delivered / dropped', 'Queued', ''], this.outgoingBody));
  }

  /** Loads what the section shows; the page draws it with render once every section's answer is in. */
  async load() {
    const [bots, hooks, outgoing] = await Promise.all([this.page.admin.bots(), this.page.admin.hooks(),
      this.page.admin.outgoingHooks()]);
    return { bots: bots.bots, hooks: hooks.hooks, outgoing: outgoing.hooks };
  }

  render({ bots, hooks, outgoing }) {
    this.renderBots(bots);
    this.renderHooks(hooks);
    this.renderOutgoing(outgoing);
  }

  renderBots(bots) {
    if (bots.length === 0) {
      this.botsBody.replaceChildren(emptyRow(5, 'No bots yet: add one here or with parley bot add.'));
      return;
    }
    const { page } = this;
    this.botsBody.replaceChildren(...bots.map((b) => h('tr', { dataset: { bot: b.name } },
      h('td', {}, b.name),
      h('td', {}, b.rooms.length ? b.rooms.map((r) => `#${r}`).join(' ') : h('span', { class: 'muted' }, 'any')),
      h('td', {}, b.hasToken ? 'yes' : h('span', { class: 'muted' }, 'none')),
      h('td', {}, new Date(b.created).toLocaleString()),
      h('td', { class: 'actions' },
        page.action(b.hasToken ? 'Rotate token' : 'Give token', 'rotate',
          () => page.admin.rotateBot(b.name).then((t) => this.show(`New token of ${b.name}, shown once`, t.token))),
        b.hasToken ? page.confirmAction('Revoke', () => page.admin.revokeBot(b.name)) : null,
        page.confirmAction('Remove', () => page.admin.removeBot(b.name))))));
  }

  renderHooks(hooks) {
    if (hooks.length === 0) {
      this.hooksBody.replaceChildren(emptyRow(5, 'No incoming webhooks.'));
      return;
    }
    this.hooksBody.replaceChildren(...hooks.map((k) => h('tr', { dataset: { hook: k.id } },
      h('td', {}, String(k.id)), h('td', {}, `#${k.room}`), h('td', {}, k.bot),
      h('td', {}, new Date(k.created).toLocaleString()),
      h('td', { class: 'actions' }, this.page.confirmAction('Remove', () => this.page.admin.removeHook(k.id))))));
  }

  renderOutgoing(hooks) {
    if (hooks.length === 0) {
      this.outgoingBody.replaceChildren(
        emptyRow(7, 'No outgoing webhooks (they go only where webhook-targets allows).'));
      return;
    }
    this.outgoingBody.replaceChildren(...hooks.map((k) => h('tr', { dataset: { outgoing: k.id } },
      h('td', {}, String(k.id)),
      h('td', { class: 'mono' }, k.url),
      h('td', {}, [k.room ? `#${k.room}` : null, k.bot ? `@${k.bot}` : null].filter(Boolean).join(' ')),
      h('td', { class: 'last-delivery' }, lastDelivery(k)),
      h('td', {}, `${k.delivered} / ${k.failed}`),
      h('td', {}, String(k.queued)),
      h('td', { class: 'actions' },
        this.page.confirmAction('Remove', () => this.page.admin.removeOutgoingHook(k.id))))));
  }

  /** Shows a value the server will not show again, with a button that hides it. */
  show(label, value) {
    const hide = h('button', { type: 'button', class: 'ghost small' }, 'Done');
    hide.addEventListener('click', () => { this.secret.hidden = true; });
    this.secret.replaceChildren(h('span', {}, `${label}: `),
      h('code', { class: 'mono', id: 'admin-secret-value' }, value), ' ', hide);
    this.secret.hidden = false;
  }

  /** An inline form of text fields; the work gets {field: value} and the page refreshes after it. */
  form(id, fields, submit, work) {
    const inputs = Object.fromEntries(fields.map(([name, placeholder]) => [name,
      h('input', { name, placeholder, autocomplete: 'off', spellcheck: 'false' })]));
    const form = h('form', { id, class: 'admin-inline-form' }, ...Object.values(inputs),
      h('button', { type: 'submit', class: 'small' }, submit));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await work(Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.value.trim()])));
        Object.values(inputs).forEach((input) => { input.value = ''; });
        await this.page.refresh();
      } catch (err) {
        this.page.showError(`${submit} failed: ${err.message}`);
      }
    });
    return form;
  }
}

/** "ok · 200 · 14:03:27", "HTTP 500: busy · 14:03:27", or "never". */
export function lastDelivery(hook) {
  if (!hook.lastAt) return 'never';
  const when = new Date(hook.lastAt).toLocaleTimeString();
  return hook.lastError ? `${hook.lastError} · ${when}` : `ok · ${hook.lastStatus} · ${when}`;
}

function list(text) {
  return text.split(',').map((r) => r.trim().replace(/^#/, '')).filter(Boolean);
}

function table(headings, body) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'admin-table' }, h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', {}, t)))), body));
}

function emptyRow(columns, text) {
  return h('tr', {}, h('td', { colspan: columns, class: 'muted' }, text));
}
