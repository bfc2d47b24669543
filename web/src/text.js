// Pure text helpers (no DOM): links, mentions, search snippets, times and days.

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Splits message text into parts: {type:'text', text}, {type:'link', text, href} (http/https only, trailing
 * punctuation left out) and {type:'mention', text, user}. Nothing else can become a link: `javascript:` and the
 * like stay text.
 */
export function tokenize(text, mentionRe = /@([a-z0-9][a-z0-9_-]{0,31})\b/g, links = true) {
  const parts = [];
  const pushText = (s) => {
    if (!s) return;
    let last = 0;
    for (const m of s.matchAll(mentionRe)) {
      if (m.index > 0 && /[\w@]/.test(s[m.index - 1])) continue;
      if (m.index > last) parts.push({ type: 'text', text: s.slice(last, m.index) });
      parts.push({ type: 'mention', text: m[0], user: m[1] });
      last = m.index + m[0].length;
    }
    if (last < s.length) parts.push({ type: 'text', text: s.slice(last) });
  };
  let last = 0;
  for (const m of links ? String(text).matchAll(URL_RE) : []) {
    let candidate = m[0];
    const trail = candidate.match(TRAILING);
    if (trail) candidate = candidate.slice(0, -trail[0].length);
    const href = safeHref(candidate);
    if (!href) continue;
    pushText(text.slice(last, m.index));
    parts.push({ type: 'link', text: candidate, href });
    last = m.index + candidate.length;
  }
  pushText(String(text).slice(last));
  return parts;
}

/**
 * The @mention being typed at the caret: {prefix, start, end} (start at the @), or null. "@al|" → prefix "al";
 * an @ inside a word (an e-mail address) is not a mention.
 */
export function mentionQuery(text, caret) {
  const before = String(text).slice(0, caret);
  const m = /(^|[^\w@])@([a-z0-9_-]{0,32})$/.exec(before);
  if (!m) return null;
  const start = caret - m[2].length - 1;
  let end = caret;
  while (end < text.length && /[a-z0-9_-]/.test(text[end])) end++;
  return { prefix: m[2], start, end };
}

/** Splits text into strings and {mention: user, text: '@user'} parts. */
export function splitMentions(s) {
  return tokenize(s, undefined, false).map((p) => (p.type === 'mention' ? { mention: p.user, text: p.text } : p.text));
}

/** The normalised href when `s` is an absolute http(s) URL, else null. */
export function safeHref(s) {
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** True when `text` mentions `user` as @user. */
export function mentions(text, user) {
  if (!user || !text) return false;
  return tokenize(String(text)).some((p) => p.type === 'mention' && p.user === user);
}

/** Splits a search snippet on U+0002 (start of a match) and U+0003 (end) into {text, mark} parts. */
export function snippetParts(snippet) {
  const parts = [];
  let mark = false;
  let buf = '';
  for (const ch of String(snippet ?? '')) {
    if (ch === '\u0002' || ch === '\u0003') {
      if (buf) parts.push({ text: buf, mark });
      buf = '';
      mark = ch === '\u0002';
    } else {
      buf += ch;
    }
  }
  if (buf) parts.push({ text: buf, mark });
  return parts;
}

// Formatters are made once: toLocaleTimeString(…) builds a new one on every call, which is slow in a list of messages.
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const FULL = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
});

/** `14:05` in the browser's locale. */
export function timeOfDay(ms) {
  return Number.isFinite(ms) ? TIME.format(ms) : '';
}

/** Date and time in the browser's locale, as `Date.toLocaleString()` writes it (for tooltips). */
export function fullTime(ms) {
  return Number.isFinite(ms) ? FULL.format(ms) : '';
}

/** A day key (local time), for day separators. */
export function dayKey(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** "Today", "Yesterday" or a date such as "Monday, 24 November 2025". */
export function dayLabel(ms, now = Date.now()) {
  if (dayKey(ms) === dayKey(now)) return 'Today';
  if (dayKey(ms) === dayKey(now - 86_400_000)) return 'Yesterday';
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return new Date(ms).toLocaleDateString(undefined, {
    weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** "alice is typing…", "alice and bob are typing…", "3 people are typing…", or "" for nobody. */
export function typingText(users) {
  if (users.length === 0) return '';
  if (users.length === 1) return `${users[0]} is typing…`;
  if (users.length === 2) return `${users[0]} and ${users[1]} are typing…`;
  return `${users.length} people are typing…`;
}
