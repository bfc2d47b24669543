// Numbers as the admin page shows them.

/** 1536 → "1.5 KB"; bytes in powers of 1024. */
export function bytes(n) {
  if (!Number.isFinite(n) || n < 0) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** 93784 → "1d 2h", 3725 → "1h 2m", 65 → "1m 5s". */
export function duration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** A time of day for "connected since": "14:03:27". */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * The Bridge card's gap-repair rows, one per other site and room: the last counter held with none missing, and the
 * open gap ("3 missing", "repairing 3") or "complete". Sites in order, then rooms.
 */
export function originRows(origins) {
  if (!Array.isArray(origins)) return [];
  return [...origins]
    .sort((a, b) => String(a.origin).localeCompare(String(b.origin)) || String(a.room).localeCompare(String(b.room)))
    .map((o) => {
      const missing = Number(o.missing) || 0;
      const gap = missing <= 0 ? 'complete' : `${o.repairing ? 'repairing ' : ''}${missing.toLocaleString()} missing`;
      return { origin: String(o.origin), room: String(o.room), held: Number(o.held) || 0, gap, open: missing > 0 };
    });
}
