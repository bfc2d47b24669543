// "Trust this server": with tls: auto the server has its own CA; a phone installs it once, then the https page and
// wss work without warnings (and the page is a secure context: notifications, WebCrypto).
import { h } from './dom.js';

/** The https address of this page, or null when the server has no TLS or the page already is https. */
export function secureUrl(info, loc) {
  const https = info?.tls?.enabled ? info.tls.https : null;
  if (!https || loc.protocol === 'https:') return null;
  return https.url.replace(/\/$/, '') + loc.pathname + loc.hash;
}

/** Fills every `[data-trust]` element with the CA download and the https link, or leaves it hidden. */
export function showTrust(doc, info, loc) {
  const ca = info?.tls?.ca;
  const secure = secureUrl(info, loc);
  if (!ca && !secure) return;
  for (const el of doc.querySelectorAll('[data-trust]')) {
    const parts = [];
    if (ca) {
      parts.push(h('a', { href: ca, download: 'parley-ca.crt', class: 'trust-ca' }, 'Trust this server'),
        ' (install its certificate once on each device)');
    }
    if (secure) {
      parts.push(ca ? ', then ' : '', h('a', { href: secure, class: 'trust-https' }, 'switch to the secure page'));
    }
    el.replaceChildren(...parts);
    el.hidden = false;
  }
}
