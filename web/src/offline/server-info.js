// The server's /api/info, kept for the next start: a page opened while the server is unreachable starts from the
// last one it saw (its name, limits, where MQTT listens) and shows what it has kept, instead of an error page.
import * as api from '../api.js';
import { store } from '../store.js';

/** `{info, offline}`: the server's answer (kept), else the kept one (offline: true); throws when there is neither. */
export async function serverInfo() {
  try {
    const info = await api.info();
    store.setInfo(info);
    return { info, offline: false };
  } catch (e) {
    const kept = store.info();
    const usable = kept && typeof kept === 'object' && typeof kept.ws?.url === 'string' && typeof kept.prefix === 'string';
    if (usable) return { info: kept, offline: true };
    throw e;
  }
}
