// Every kind of message the client knows, in one table: adding a kind is one entry here.
//   counts: a new one from someone else counts as unread and may notify (not reactions or edits, nor system notices)
//   shown:  it is a row of its own in the message list (events that change another message are not)
//   body:   how the row's text is drawn (views/bodies.js has the shared pieces)
//   fold:   for events: how it changes the message it targets (pure; see events.js)
import { fileBody, e2eBody, textBody, systemBody } from './views/bodies.js';
import { foldDelete, foldEdit, foldReaction } from './events.js';

export const KINDS = {
  text: { counts: true, shown: true, body: textBody },
  file: { counts: true, shown: true, body: fileBody },
  e2e: { counts: true, shown: true, body: e2eBody },
  system: { counts: false, shown: true, body: systemBody },
  reaction: { counts: false, shown: false, fold: foldReaction },
  edit: { counts: false, shown: false, fold: foldEdit },
  delete: { counts: false, shown: false, fold: foldDelete },
};

/** Whether its author can edit a message: a text, or a sealed text this browser opened (an edit is sealed too). */
export const editable = (msg) => msg?.type === 'text' || (msg?.type === 'e2e' && msg.e2eState === 'ok');

/** The kind of a message; an unknown type is drawn as text (a newer client's message still shows its text). */
export function kindOf(msg) {
  return Object.hasOwn(KINDS, msg?.type) ? KINDS[msg.type] : KINDS.text;
}
