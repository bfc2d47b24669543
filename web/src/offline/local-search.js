// Search over messages held here (offline): every word of the query must appear in a message's text (or its file's
// name), case-insensitively. Results are shaped like the server's (GET /api/search), so one view shows both.

const MARK_START = '\u0002';
const MARK_END = '\u0003';
const SNIPPET_CHARS = 120;

/** `{room, seq, from, ts, snippet, message}` for the messages matching `q`, newest first, at most `limit`. */
export function searchMessages(messages, q, limit = 30) {
  const words = String(q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const results = [];
  for (const m of messages) {
    if (!m || typeof m !== 'object' || m.deleted || (m.type && m.type !== 'text' && m.type !== 'file')) continue;
    const text = typeof m.text === 'string' && m.text ? m.text : typeof m.file?.name === 'string' ? m.file.name : '';
    const lower = text.toLowerCase();
    if (!words.every((w) => lower.includes(w))) continue;
    results.push({ room: m.room, seq: m.seq, from: m.from, ts: m.ts, snippet: snippet(text, words), message: m });
  }
  results.sort((a, b) => (b.ts ?? 0) - (a.ts ?? 0) || (b.seq ?? 0) - (a.seq ?? 0));
  return results.slice(0, limit);
}

/** The text around the first match, with every match marked (U+0002 … U+0003, as the server marks them). */
export function snippet(text, words) {
  const lower = text.toLowerCase();
  const first = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0));
  const start = Math.max(0, first - SNIPPET_CHARS / 3);
  const part = text.slice(start, start + SNIPPET_CHARS);
  const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return (start > 0 ? '…' : '') + part.replace(pattern, (m) => MARK_START + m + MARK_END)
    + (start + SNIPPET_CHARS < text.length ? '…' : '');
}
