// Search: the box in the room header and a results panel; matches marked with <mark> built as elements.
import { $, h } from './dom.js';
import { dayLabel, snippetParts, timeOfDay } from '../text.js';

export class SearchView {
  constructor({ form, panel }, { onSearch, onPick }) {
    this.form = form;
    this.panel = panel;
    this.input = $('input', form);
    this.onPick = onPick;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = this.input.value.trim();
      if (q) onSearch(q);
      else this.close();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        this.input.value = '';
        this.close();
      }
    });
  }

  loading(q) {
    this.open(h('p', { class: 'muted' }, `Searching for “${q}”…`), q);
  }

  /** `note`: a line above the results (e.g. that only the messages kept offline were searched). */
  results(q, results, { note } = {}) {
    const noted = (content) => (note ? [h('p', { class: 'muted search-note' }, note), content] : [content]);
    if (results.length === 0) {
      this.open(noted(h('p', { class: 'muted' }, `No messages match “${q}”.`)), q);
      return;
    }
    this.open(noted(h('ol', { class: 'results' }, ...results.map((r) => h('li', {},
      h('button', { type: 'button', class: 'result', onclick: () => { this.close(); this.onPick(r); } },
        h('span', { class: 'result-meta' },
          h('span', { class: 'result-room' }, `#${r.room}`), ' · ',
          h('span', { class: 'from' }, r.from ?? r.message?.from ?? '?'), ' · ',
          h('span', { class: 'muted' }, r.ts ? `${dayLabel(r.ts)} ${timeOfDay(r.ts)}` : '')),
        h('span', { class: 'snippet' }, ...snippetParts(r.snippet ?? r.message?.text ?? '')
          .map((p) => (p.mark ? h('mark', {}, p.text) : p.text)))))))), q);
  }

  error(q, message) {
    this.open([h('p', { class: 'error' }, message)], q);
  }

  open(content, q) {
    this.panel.replaceChildren(
      h('div', { class: 'results-head' },
        h('strong', {}, `Search: ${q}`),
        h('button', { type: 'button', class: 'link', onclick: () => this.close() }, 'Close')),
      ...[content].flat());
    this.panel.hidden = false;
  }

  close() {
    this.panel.hidden = true;
    this.panel.replaceChildren();
  }
}
