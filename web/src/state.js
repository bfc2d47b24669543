// What the views show, as signals (@preact/signals): the controller writes them, components read them and redraw
// by themselves. Nothing here touches the DOM or the network.
import { computed, signal } from '@preact/signals';

export const me = signal(null); // {user, clientId}
/** Joined rooms, in the order they were joined: room ids and DM keys (`dm:alice:bob`). */
export const rooms = signal([]);
export const active = signal(null);
/** room → unread count (0 or absent: none) */
export const unread = signal({});
/** room → true when an unread message mentions me */
export const mentioned = signal({});
/** rooms the bridge carries to other sites */
export const bridged = signal(new Set());
/** [{user, status: 'online'|'away'|'offline', me}] */
export const people = signal([]);
/** how many more people are online than `people` lists (a room of thousands) */
export const peopleMore = signal(0);
/** room → display name, from the server (GET /api/rooms and each room's meta topic) */
export const names = signal({});
/** private room → members, from GET /api/private-rooms and my events topic */
export const privateRooms = signal({});
/** private room → its owner (who made it: the member who may remove others) */
export const roomOwners = signal({});

/** Unread messages in rooms other than the open one (for the ☰ button and the title). */
export const otherUnread = computed(() => {
  let total = 0;
  for (const [room, n] of Object.entries(unread.value)) if (room !== active.value) total += n > 0 ? n : 0;
  return total;
});
export const otherMentioned = computed(() => Object.keys(mentioned.value).some((r) => r !== active.value));
