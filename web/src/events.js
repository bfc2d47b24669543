// Message events: envelopes in a room's seq stream that change another message (its `target` id) instead of being
// shown themselves. Each fold is pure: it returns the changed copy of the target's fields, or null for no change.
// The server enforces who may do what (only the author edits; the author or an admin deletes; one reaction per user,
// emoji and message); a client folds what the server let through.

/** {"type":"reaction","target":ID,"emoji":"👍","op":"add"|"remove"} → reactions {"👍": ["alice"]} */
export function foldReaction(target, event) {
  const emoji = typeof event.emoji === 'string' ? event.emoji : null;
  if (!emoji || !event.from) return null;
  const reactions = { ...(target.reactions ?? {}) };
  const users = reactions[emoji] ?? [];
  if (event.op === 'remove') {
    if (!users.includes(event.from)) return null;
    const left = users.filter((u) => u !== event.from);
    if (left.length) reactions[emoji] = left;
    else delete reactions[emoji];
  } else {
    if (users.includes(event.from)) return null;
    reactions[emoji] = [...users, event.from];
  }
  return { reactions };
}

/**
 * {"type":"edit","target":ID,"text":…}: the author's new text, and when it was edited. In an encrypted room the edit
 * is sealed ({"e2e":…}, with the target's id as associated data): it becomes the message's sealed content, opened
 * like the message itself (e2e/rooms.js revealAll), so it is cleared of its old text and state here.
 */
export function foldEdit(target, event) {
  if (target.deleted) return null;
  if (target.from && event.from && target.from !== event.from) return null;
  const edited = event.ts ?? Date.now();
  if (event.e2e && typeof event.e2e === 'object') {
    if (target.type !== 'e2e') return null;
    return { e2e: event.e2e, text: undefined, e2eState: undefined, e2eVersion: undefined, edited };
  }
  if (typeof event.text !== 'string') return null;
  return { text: event.text, edited };
}

/** {"type":"delete","target":ID}: a tombstone ("message deleted"), its text gone. */
export function foldDelete(target) {
  if (target.deleted) return null;
  return { deleted: true, text: undefined, reactions: undefined, e2e: undefined };
}

/** Whether a message is an event about another message. */
export const isEvent = (msg) => typeof msg?.target === 'string' && ['reaction', 'edit', 'delete'].includes(msg.type);
