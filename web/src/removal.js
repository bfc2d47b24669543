// What an administrator's kick or ban says, read from the broker's reason strings. The server writes them in one
// place (chat.parley.chat.AdminRemoval): a kick is DISCONNECT 0x98 "disconnected by an administrator"; a ban is
// DISCONNECT 0x98 or CONNACK 0x8A "banned by an administrator until <ISO-8601 instant>".

const BANNED = 'banned by an administrator until ';
export const ADMINISTRATIVE_ACTION = 0x98;
export const BANNED_CODE = 0x8a;

/** The Date a ban ends, from a reason string or a `banned-until` user property, or null. */
export function bannedUntil(reasonString, userProperties) {
  const property = userProperties?.['banned-until'];
  const iso = typeof property === 'string' ? property
    : Array.isArray(property) ? property[0]
      : typeof reasonString === 'string' && reasonString.startsWith(BANNED) ? reasonString.slice(BANNED.length).trim()
        : null;
  if (!iso) return null;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * What a DISCONNECT or CONNACK packet (MQTT.js shape) says about an administrator's action:
 * `{kind: 'kicked'}`, `{kind: 'banned', until: Date|null}`, or null for anything else.
 */
export function removalOf(packet) {
  if (!packet || (packet.cmd !== 'disconnect' && packet.cmd !== 'connack')) return null;
  const code = packet.reasonCode;
  if (code !== ADMINISTRATIVE_ACTION && code !== BANNED_CODE) return null;
  const until = bannedUntil(packet.properties?.reasonString, packet.properties?.userProperties);
  if (code === BANNED_CODE || until) return { kind: 'banned', until };
  return { kind: 'kicked' };
}
