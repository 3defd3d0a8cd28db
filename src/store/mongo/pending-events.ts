import type { ConsentEvent } from '../../core/consent/events.js';
import type { StoreCollections } from './collections.js';
import { compareEventDocs, toConsentEvent, type EventDoc } from './documents.js';
import { LEDGER_ORDER } from './indexes.js';
import { isOnlyDuplicateKeyErrors } from './mongo-errors.js';

/**
 * Copies events parked in `contacts.pendingEvents` into `consent_events`, then pulls them
 * from the contact. Idempotent: an event already copied (same `_id`) is a duplicate key and
 * is skipped, so a crash between the two writes neither loses nor duplicates an event.
 */
export async function flushPendingEvents(
  collections: StoreCollections,
  contactId: string,
  pending: readonly EventDoc[],
): Promise<void> {
  if (pending.length === 0) return;
  try {
    // Unordered: one event already present must not stop the others.
    await collections.events.insertMany([...pending], { ordered: false });
  } catch (error) {
    if (!isOnlyDuplicateKeyErrors(error)) throw error;
  }
  await collections.contacts.updateOne(
    { _id: contactId },
    { $pull: { pendingEvents: { _id: { $in: pending.map((event) => event._id) } } } },
  );
}

/**
 * The contact's ledger, oldest first: the `consent_events` documents plus any still pending on
 * the contact. Flushes what is pending on the way.
 */
export async function readLedger(
  collections: StoreCollections,
  contactId: string,
): Promise<ConsentEvent[]> {
  // The contact is read BEFORE the ledger: an event flushed and pulled in between is then in
  // the ledger read. The other order could miss it.
  const contact = await collections.contacts.findOne(
    { _id: contactId },
    { projection: { pendingEvents: 1 } },
  );
  const pending = contact?.pendingEvents ?? [];
  await flushPendingEvents(collections, contactId, pending);
  const stored = await collections.events.find({ contactId }).sort(LEDGER_ORDER).toArray();
  const byId = new Map(stored.map((doc) => [doc._id, doc]));
  for (const doc of pending) if (!byId.has(doc._id)) byId.set(doc._id, doc);
  return [...byId.values()].sort(compareEventDocs).map(toConsentEvent);
}
