import type { InboundMessage } from '../core/conversation/inbound.js';
import type { ContactRecord, Store } from '../store/port.js';

/**
 * What a turn checks about the contact it read before deciding, at the least cost: whether the
 * message was applied already, and whether an identifier of the contact has yet to be looked up
 * among the opt-outs erased contacts left behind.
 */

/**
 * True when the message was applied before. The contact read carries its latest message ids;
 * only a message no newer than the latest one applied (a redelivery, or one delivered late)
 * may be an older one, and only then are the processed ids asked.
 */
export async function alreadyApplied(
  store: Store,
  contact: ContactRecord,
  message: InboundMessage,
): Promise<boolean> {
  if (contact.recentMessageIds.includes(message.messageId)) return true;
  if (contact.lastInboundAt === undefined || message.timestamp > contact.lastInboundAt) {
    return false;
  }
  return store.isProcessed(message.messageId);
}

/** True when the contact has an identifier not yet looked up among erased contacts' opt-outs. */
export function unscreened(contact: ContactRecord): boolean {
  const screened = contact.screened ?? [];
  return identifiersOf(contact).some((field) => !screened.includes(field));
}

/** The identifiers the contact has, by field. */
export function identifiersOf(contact: ContactRecord): ('phone' | 'userId')[] {
  return [
    ...(contact.phone === undefined ? [] : (['phone'] as const)),
    ...(contact.userId === undefined ? [] : (['userId'] as const)),
  ];
}
