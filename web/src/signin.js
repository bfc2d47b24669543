// Who I am: the join form, claiming a name on first use (auth: open) or signing in (auth: accounts), the session
// cookie that REST changes need, and the MQTT client id (generated per tab, or typed under "Advanced").
import * as api from './api.js';
import { ID_RE, randomClientId, userNameProblem } from './ids.js';
import { store } from './store.js';

export class SignIn {
  /** `join`: the JoinView; `info()`: the server's /api/info; `invitedTo()`: a room from an invite link, or null. */
  constructor({ join, info, invitedTo, onSignedIn }) {
    this.join = join;
    this.info = info;
    this.invitedTo = invitedTo;
    this.onSignedIn = onSignedIn;
  }

  /** The join screen; the client id field shows only a typed one (the generated one is its placeholder). */
  showJoin({ user, error } = {}) {
    this.join.show({ user, clientId: store.chosenClientId() ?? '', invitedTo: this.invitedTo(), error });
  }

  /** The client id for a user: one typed under "Advanced" (kept), else one generated for this tab. */
  clientIdFor(user) {
    const chosen = store.chosenClientId();
    if (chosen) return chosen;
    let id = store.tabClientId();
    if (!id || (user && !id.startsWith(`${user}-web-`))) {
      id = randomClientId(user);
      store.setTabClientId(id);
    }
    return id;
  }

  /** Signs in again with the remembered name, or shows the join screen. */
  resume() {
    const user = store.user();
    if (user && !userNameProblem(user)) return this.signIn({ user, clientId: this.clientIdFor(user), interactive: false });
    this.showJoin({ user });
    return Promise.resolve();
  }

  onJoinForm({ user, clientId, password, signup }) {
    const problem = userNameProblem(user);
    if (problem) {
      this.join.setError(problem);
      return;
    }
    if (clientId && !ID_RE.test(clientId)) {
      this.join.setError('A client id has 1 to 64 letters, digits, - and _.');
      return;
    }
    store.setChosenClientId(clientId || null); // empty: generated for this tab (and it follows the name)
    if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().catch(() => {});
    this.signIn({ user, clientId: this.clientIdFor(user), interactive: true, password, signup });
  }

  /**
   * auth: accounts: signs in with the password (or creates the account) and keeps only the session token, which is
   * also the MQTT password; without a password, the kept token if the server still knows it. Null: show the form.
   */
  async accountSession({ user, password, signup }) {
    try {
      if (password) {
        const { token } = await (signup ? api.signup(user, password) : api.login(user, password));
        store.setSecret(user, token);
        return token;
      }
      const token = store.secret(user);
      if (token && (await api.session()).user === user) return token;
    } catch (e) {
      // the server is unreachable (the page opened from this device's copy): keep the token, MQTT checks it later
      if (!password && e.status === 0 && store.secret(user)) return store.secret(user);
      if (password) {
        this.showJoin({ user, error: `Could not sign in as “${user}”: ${e.message}` });
        return null;
      }
    }
    store.setSecret(user, null);
    this.showJoin({ user });
    return null;
  }

  /** Claims the name on first use (auth: open), or signs in (auth: accounts), then hands over to the chat. */
  async signIn({ user, clientId, interactive, password, signup }) {
    this.join.busy(true);
    const info = this.info();
    if (info.auth === 'accounts') {
      const token = await this.accountSession({ user, password, signup });
      if (token === null) return;
      store.setUser(user);
      this.onSignedIn({ user, clientId }, token, interactive);
      return;
    }
    let secret = store.secret(user);
    if (!secret && info.auth === 'open') {
      try {
        secret = (await api.claim(user)).secret ?? null;
        if (secret) store.setSecret(user, secret);
      } catch (e) {
        if (e.status === 409) {
          this.showJoin({ user, error: `The name “${user}” is taken. Pick another one.` });
          return;
        }
        if (e.status !== 404 && e.status !== 405) {
          // 404: this server has no claims; anything else is worth telling
          this.showJoin({ user, error: `Could not claim “${user}”: ${e.message}` });
          return;
        }
      }
    }
    // The secret also opens a web session (the HttpOnly cookie): changing a room, DMs' history and private rooms need it.
    if (secret) await api.login(user, secret).catch(() => {}); // without it chat still works; changes get a clear 401
    store.setUser(user);
    this.onSignedIn({ user, clientId }, secret, interactive);
  }

  /** Ends the web session (in auth: open the kept secret still proves the name; an account's token is dropped). */
  signOut(me) {
    if (me) api.logout();
    if (this.info()?.auth === 'accounts' && me) store.setSecret(me.user, null);
    this.showJoin({ user: me?.user });
  }
}
