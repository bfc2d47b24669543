// Typing: my own signals (at most one {"typing":true} per 3 s while typing, {"typing":false} after 4 s idle or when
// the box is cleared; none on send, since the message itself ends the others' indicator; none at all in a room with
// more people online than the server's typingMaxPeople, which delivers none there) and who else is typing in the open
// room (shown for 6 s unless renewed, until their message arrives).
import { typingText } from './text.js';

const TYPING_RESEND_MS = 3000;
const TYPING_IDLE_MS = 4000;
const TYPING_SHOW_MS = 6000;

export class Typing {
  /** `quiet(room)`: whether the room is too large for typing signals (the server would deliver them to nobody). */
  constructor(el, { publish, activeRoom, quiet = () => false }) {
    this.el = el;
    this.publish = publish;
    this.activeRoom = activeRoom;
    this.quiet = quiet;
    this.others = new Map(); // room → Map(user → expiresAt)
    this.sentAt = 0;
    this.room = null;
    this.idle = null;
    this.timer = null;
  }

  /** The user typed (or cleared) the message box in `room`. */
  typed(room, hasText) {
    if (!room) return;
    clearTimeout(this.idle);
    if (!hasText) {
      this.stop();
      return;
    }
    const now = Date.now();
    if (now - this.sentAt > TYPING_RESEND_MS && !this.quiet(room)) {
      this.sentAt = now;
      this.room = room;
      this.publish(room, true);
    }
    this.idle = setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  /**
   * The message was sent: the others clear my indicator when it arrives (`stopped`), so no {"typing":false} goes out;
   * in a busy room that would be a third delivery to everyone for each message.
   */
  sent() {
    clearTimeout(this.idle);
    this.sentAt = 0;
    this.room = null;
  }

  stop() {
    clearTimeout(this.idle);
    if (this.sentAt && this.room && !this.quiet(this.room)) this.publish(this.room, false);
    this.sentAt = 0;
    this.room = null;
  }

  /** A typing signal from someone in a room. */
  signal(room, signal, me) {
    const from = signal?.from;
    if (!from || from === me) return;
    let users = this.others.get(room);
    if (!users) this.others.set(room, (users = new Map()));
    if (signal.typing) users.set(from, Date.now() + TYPING_SHOW_MS);
    else users.delete(from);
    this.render();
  }

  /** Their message arrived: they stopped typing. */
  stopped(room, user) {
    if (this.others.get(room)?.delete(user)) this.render();
  }

  render() {
    clearTimeout(this.timer);
    const users = this.others.get(this.activeRoom()) ?? new Map();
    const now = Date.now();
    for (const [user, until] of users) if (until <= now) users.delete(user);
    this.el.textContent = typingText([...users.keys()].sort());
    if (users.size) this.timer = setTimeout(() => this.render(), 1000);
  }
}
