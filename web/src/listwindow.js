// Which stretch of a room's log the message list keeps in the page (pure: no DOM). The list holds a window of at most
// MAX_ROWS rows around what the reader sees, never across a gap in the log (roomlog.js), and moves it by CHUNK rows as
// the reader scrolls near one of its ends. Layout and diffing then cost the same with 100 messages loaded or 10,000.
// A window is {start, end}: indexes into log.items, end exclusive.
import { kindOf } from './kinds.js';

/** Rows drawn when a room opens at its newest message. */
export const TAIL_ROWS = 60;
/** Rows added when the reader scrolls near an end of the window, and drawn on either side of a message jumped to. */
export const CHUNK_ROWS = 40;
/** The most rows in the page: what is farthest from the reader goes first. */
export const MAX_ROWS = 160;

/** The newest rows: from `start` (kept while the window stays within MAX_ROWS) or the last TAIL_ROWS. */
export function tailWindow(log, start = null) {
  const end = log.items.length;
  const seg = log.segment(Math.max(0, end - 1));
  const from = Number.isInteger(start) && start >= seg.start && start < end ? start : Math.max(seg.start, end - TAIL_ROWS);
  return trim({ start: from, end }, end - 1);
}

/** CHUNK_ROWS on either side of the item at `index`, within its stretch of the log. */
export function windowAround(log, index) {
  const seg = log.segment(index);
  return { start: Math.max(seg.start, index - CHUNK_ROWS), end: Math.min(seg.end, index + CHUNK_ROWS + 1) };
}

/** The window grown by CHUNK_ROWS at the top and/or the bottom, within its stretch, then trimmed around `focus`. */
export function grow(log, { start, end }, { up = false, down = false }, focus) {
  const seg = log.segment(start);
  const grown = {
    start: up ? Math.max(seg.start, start - CHUNK_ROWS) : start,
    end: down ? Math.min(seg.end, end + CHUNK_ROWS) : end,
  };
  return trim(grown, focus);
}

/** At most MAX_ROWS rows, keeping `focus` (the row the reader looks at) and as much as fits around it. */
export function trim({ start, end }, focus, max = MAX_ROWS) {
  if (end - start <= max) return { start, end };
  const at = Math.min(Math.max(focus, start), end - 1);
  const from = Math.max(start, Math.min(at - Math.floor(max / 2), end - max));
  return { start: from, end: from + max };
}

/**
 * Where the "New messages" line goes: the index of the first message from someone else after `readUpTo` (the seq
 * read before the room was opened), or -1. A binary search, then a walk over one's own messages only.
 */
export function newLineIndex(log, readUpTo, me) {
  if (!Number.isInteger(readUpTo)) return -1;
  const items = log.items;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = items[mid];
    if (Number.isInteger(m.seq) && m.seq <= readUpTo) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < items.length; i++) {
    const m = items[i];
    if (!Number.isInteger(m.seq)) return -1;
    if (m.from !== me && kindOf(m).shown) return i;
  }
  return -1;
}

/** The shown message before `index` in its stretch of the log (for grouping and day separators), or null. */
export function shownBefore(log, index, segStart) {
  for (let i = index - 1; i >= segStart; i--) if (kindOf(log.items[i]).shown) return log.items[i];
  return null;
}
