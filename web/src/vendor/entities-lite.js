// Stands in for the `entities` package inside markdown-it (build.mjs aliases it): markdown-it only decodes character
// references in link targets and code-fence info strings, and the full table of named references is ~10 KB gzipped.
// Numeric references and the common named ones are decoded; any other reference is left as typed.
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** `&amp;` → `&`, `&#65;` / `&#x41;` → `A`; unknown or invalid references come back unchanged. */
export function decodeHTMLStrict(ref) {
  const m = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]+));$/.exec(ref);
  if (!m) return ref;
  if (m[3]) return NAMED[m[3]] ?? ref;
  const code = m[1] ? Number(m[1]) : parseInt(m[2], 16);
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
}
