// Who the sidebar lists: me, then the people online (DM peers' own presence and the people of my open rooms), online
// before away, by name. A room of thousands would make that list thousands long, unreadable and slow to sort and draw
// on every presence digest: past PEOPLE_SHOWN it keeps every DM peer (all of them, even past PEOPLE_SHOWN) and the
// first of the rest by name, and counts the others.

/** The most people listed; the rest are a count ("and 9,900 more online"). */
export const PEOPLE_SHOWN = 100;

// One collator in the browser's language: the order of localeCompare(), far cheaper per comparison.
const byName = new Intl.Collator().compare;

/**
 * `dmPeers`: user → {status} (their own presence); `roomUsers`: everyone in my open rooms (a Set);
 * returns {shown: [{user, status, me}], more}: the list (me first) and how many were left out.
 */
export function peopleList({ me, connected, dmPeers, roomUsers, most = PEOPLE_SHOWN }) {
  const peers = [];
  const seen = new Set([me]);
  for (const [user, p] of dmPeers) {
    if (p.status === 'offline' || seen.has(user)) continue;
    seen.add(user);
    peers.push({ user, status: p.status === 'away' ? 'away' : 'online' });
  }
  let others = [];
  for (const user of roomUsers) {
    if (seen.has(user)) continue;
    seen.add(user);
    others.push({ user, status: 'online' });
  }
  let more = 0;
  const room = Math.max(0, most - peers.length);
  if (others.length > room) {
    others.sort((a, b) => byName(a.user, b.user));
    more = others.length - room;
    others = others.slice(0, room);
  }
  const shown = peers.concat(others);
  shown.sort((a, b) => (a.status === b.status ? byName(a.user, b.user) : a.status === 'online' ? -1 : 1));
  // cut off from the server, this page cannot know who is still there: nobody is shown as present until it is back
  if (!connected) for (const person of shown) person.status = 'offline';
  shown.unshift({ user: me, status: connected ? 'online' : 'offline', me: true });
  return { shown, more };
}
