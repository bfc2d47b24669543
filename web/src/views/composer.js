// The message box: Enter sends, Shift+Enter adds a line; typing signals are throttled by the caller. Typing "@al"
// offers the names that fit (↑/↓ to pick, Enter or Tab to take one, Esc to close). A reply or an edit shows above the
// box ("Replying to …", "Editing", Esc cancels); ↑ in an empty box edits my last message.
import { $ } from './dom.js';
import { summary } from '../markdown.js';
import { mentionQuery } from '../text.js';

export class Composer {
  constructor(form, { onSend, onTyping, mentionable = () => [], onEditLast = () => {}, onFiles = () => {} }) {
    this.form = form;
    this.context = null; // {kind: 'reply'|'edit', msg}
    const doc = form.ownerDocument;
    this.contextEl = doc.getElementById('compose-context');
    this.contextText = doc.getElementById('compose-context-text');
    doc.getElementById('compose-context-cancel')?.addEventListener('click', () => this.clearContext());
    this.input = $('#input', form);
    this.counter = $('#counter', form);
    this.list = $('#mention-list', form);
    this.mentionable = mentionable;
    this.maxChars = Infinity;
    this.matches = [];
    this.selected = 0;
    this.input.addEventListener('keydown', (e) => {
      if (this.matches.length && this.mentionKey(e)) return;
      if (e.key === 'Escape' && this.context) {
        e.preventDefault();
        this.clearContext();
        return;
      }
      if (e.key === 'ArrowUp' && this.input.value === '' && !this.context) {
        e.preventDefault();
        onEditLast();
        return;
      }
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      this.updateCounter();
      this.updateMentions();
      onTyping(this.input.value.length > 0);
    });
    this.input.addEventListener('blur', () => setTimeout(() => this.closeMentions(), 150));
    this.takeFiles(form, onFiles);
    this.list?.addEventListener('mousedown', (e) => {
      const li = e.target.closest('li');
      if (!li) return;
      e.preventDefault();
      this.pick(li.dataset.user);
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value;
      if (!text.trim()) return;
      if (onSend(text, this.context) !== false) {
        this.input.value = '';
        this.autosize();
        this.updateCounter();
        this.closeMentions();
        this.clearContext();
      }
    });
  }

  /** The ways files come in: the attach button, pasting into the box, dropping on the room. */
  takeFiles(form, onFiles) {
    const picker = $('#attach-input', form);
    $('#attach', form)?.addEventListener('click', () => picker?.click());
    picker?.addEventListener('change', () => {
      if (picker.files.length) onFiles([...picker.files]);
      picker.value = ''; // the same file may be picked again
    });
    this.input.addEventListener('paste', (e) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length === 0) return; // text: pasted as usual
      e.preventDefault();
      onFiles(files);
    });
    const zone = form.closest('.room') ?? form;
    const carriesFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    let depth = 0;
    zone.addEventListener('dragenter', (e) => {
      if (!carriesFiles(e)) return;
      depth++;
      zone.classList.add('dropping');
    });
    zone.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) zone.classList.remove('dropping');
    });
    zone.addEventListener('dragover', (e) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // allows the drop
      e.dataTransfer.dropEffect = 'copy';
    });
    zone.addEventListener('drop', (e) => {
      depth = 0;
      zone.classList.remove('dropping');
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      e.preventDefault();
      onFiles(files);
    });
  }

  setRoom(label) {
    this.input.placeholder = `Message ${label}`;
    this.clearContext();
  }

  /** Answers `msg`: the next message carries replyTo. */
  replyTo(msg) {
    this.setContext({ kind: 'reply', msg }, `Replying to ${msg.from}: ${summary(msg.text, 60)}`);
  }

  /** Edits my message `msg`: its text in the box; sending publishes an edit. */
  startEdit(msg) {
    this.setContext({ kind: 'edit', msg }, 'Editing your message (Esc cancels)');
    this.input.value = msg.text ?? '';
    this.autosize();
    this.updateCounter();
  }

  setContext(context, label) {
    this.context = context;
    if (this.contextEl) {
      this.contextEl.hidden = false;
      this.contextText.textContent = label;
    }
    this.input.focus();
  }

  clearContext() {
    const wasEdit = this.context?.kind === 'edit';
    this.context = null;
    if (this.contextEl) this.contextEl.hidden = true;
    if (wasEdit) {
      this.input.value = '';
      this.autosize();
      this.updateCounter();
    }
  }

  setMaxChars(n) {
    this.maxChars = n;
  }

  focus() {
    this.input.focus();
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`;
    this.input.style.overflowY = this.input.scrollHeight > 200 ? 'auto' : 'hidden';
  }

  updateCounter() {
    const n = [...this.input.value].length;
    const near = n > this.maxChars * 0.9;
    this.counter.hidden = !near;
    this.counter.textContent = near ? `${n} / ${this.maxChars}` : '';
    this.counter.classList.toggle('over', n > this.maxChars);
  }

  // ---- @mention autocomplete ----

  updateMentions() {
    if (!this.list) return;
    const q = mentionQuery(this.input.value, this.input.selectionStart);
    this.matches = q === null ? [] : this.mentionable(q.prefix).slice(0, 8);
    this.query = q;
    this.selected = 0;
    this.drawMentions();
  }

  drawMentions() {
    this.list.hidden = this.matches.length === 0;
    this.list.replaceChildren(...this.matches.map((user, i) => {
      const li = this.list.ownerDocument.createElement('li');
      li.role = 'option';
      li.dataset.user = user;
      li.textContent = `@${user}`;
      li.setAttribute('aria-selected', String(i === this.selected));
      return li;
    }));
  }

  /** Handles a key while names are offered; true when it was theirs. */
  mentionKey(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = this.matches.length;
      this.selected = (this.selected + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.drawMentions();
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      e.preventDefault();
      this.pick(this.matches[this.selected]);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      this.closeMentions();
      return true;
    }
    return false;
  }

  pick(user) {
    const { start, end } = this.query;
    const v = this.input.value;
    this.input.value = `${v.slice(0, start)}@${user} ${v.slice(end)}`;
    const caret = start + user.length + 2;
    this.input.setSelectionRange(caret, caret);
    this.closeMentions();
    this.input.focus();
  }

  closeMentions() {
    this.matches = [];
    if (this.list) this.list.hidden = true;
  }
}
