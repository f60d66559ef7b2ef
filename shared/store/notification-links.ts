/**
 * Which finding or detection a notification is about, so that it is written
 * in the same transaction as the change that caused it. Read from
 * `data.findingId` / `data.eventId`+`data.ruleId` when the builder sets them,
 * otherwise from the id conventions of notify/types.ts:
 * "finding|<findingId>|<change>|<at>", "reminder|<findingId>|<at>",
 * "detection|<eventId>|<ruleId>". A notification about nothing in particular
 * (a digest) links to nothing and is written on its own.
 */
import type { Notification } from '../notify/types.js';

export function linkedFindingId(notification: Notification): string | null {
  const fromData = notification.data.findingId;
  if (typeof fromData === 'string') return fromData;
  const parts = notification.id.split('|');
  // findingIds themselves contain "|": strip the known prefix and the known trailing fields.
  if (parts[0] === 'finding' && parts.length >= 5) return parts.slice(1, -2).join('|');
  if (parts[0] === 'reminder' && parts.length >= 4) return parts.slice(1, -1).join('|');
  return null;
}

/** `<eventId>#<ruleId>` of the detection a notification is about, or null. */
export function linkedDetection(notification: Notification): string | null {
  const { eventId, ruleId } = notification.data;
  if (typeof eventId === 'string' && typeof ruleId === 'string') return `${eventId}#${ruleId}`;
  const parts = notification.id.split('|');
  if (parts[0] === 'detection' && parts.length === 3) return `${parts[1]}#${parts[2]}`;
  return null;
}
