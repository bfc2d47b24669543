// The admin REST API (/api/admin/*): fetch with the admin bearer token and Parley's one error shape.
import { ApiError } from '../api.js';

export class AdminApi {
  constructor(token) {
    this.token = token;
  }

  async request(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, 'unreachable', `cannot reach the server (${e.message})`);
    }
    if (res.status === 204) return null;
    let json = null;
    try {
      json = await res.json();
    } catch {
      // not JSON: handled below
    }
    if (!res.ok) {
      throw new ApiError(res.status, json?.error ?? `http_${res.status}`, json?.message ?? `${res.status} ${res.statusText}`);
    }
    return json;
  }

  stats() { return this.request('GET', '/api/admin/stats'); }
  clients() { return this.request('GET', '/api/admin/clients'); }
  kick(clientId, ban) {
    const q = ban ? `?ban=${encodeURIComponent(ban)}` : '';
    return this.request('DELETE', `/api/admin/clients/${encodeURIComponent(clientId)}${q}`);
  }
  rooms() { return this.request('GET', '/api/admin/rooms'); }
  deleteRoom(room) { return this.request('DELETE', `/api/admin/rooms/${encodeURIComponent(room)}`); }
  claims() { return this.request('GET', '/api/admin/claims'); }
  releaseClaim(user) { return this.request('DELETE', `/api/admin/claims/${encodeURIComponent(user)}`); }
  users() { return this.request('GET', '/api/admin/users'); }
  addUser(user, password) { return this.request('POST', '/api/admin/users', { user, password }); }
  resetPassword(user, password) {
    return this.request('PUT', `/api/admin/users/${encodeURIComponent(user)}/password`, { password });
  }
  removeUser(user) { return this.request('DELETE', `/api/admin/users/${encodeURIComponent(user)}`); }
  bridge() { return this.request('GET', '/api/admin/bridge'); }
  bots() { return this.request('GET', '/api/admin/bots'); }
  addBot(name, rooms) { return this.request('POST', '/api/admin/bots', { name, rooms }); }
  rotateBot(name) { return this.request('POST', `/api/admin/bots/${encodeURIComponent(name)}/token`); }
  revokeBot(name) { return this.request('DELETE', `/api/admin/bots/${encodeURIComponent(name)}/token`); }
  removeBot(name) { return this.request('DELETE', `/api/admin/bots/${encodeURIComponent(name)}`); }
  hooks() { return this.request('GET', '/api/admin/hooks'); }
  addHook(room, bot) { return this.request('POST', '/api/admin/hooks', bot ? { room, bot } : { room }); }
  removeHook(id) { return this.request('DELETE', `/api/admin/hooks/${id}`); }
  outgoingHooks() { return this.request('GET', '/api/admin/outgoing-hooks'); }
  addOutgoingHook(change) { return this.request('POST', '/api/admin/outgoing-hooks', change); }
  removeOutgoingHook(id) { return this.request('DELETE', `/api/admin/outgoing-hooks/${id}`); }
  setBridge(change) { return this.request('PUT', '/api/admin/bridge', change); }
}
