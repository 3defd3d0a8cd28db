import { erasedBeforeSending, outcomeOf, toLogEntry } from '../outbox-rules.js';
import type { OutboundEntry } from '../port.js';
import type { StoreCollections } from './collections.js';
import { fromOutboxDoc } from './documents.js';
import { isDuplicateKeyError } from './mongo-errors.js';

/**
 * The MongoDB outbound log's writes: an outcome filed (once, whatever happens), the text an
 * erased contact's entry must not keep, and what an erasure does to the outbox.
 */

/**
 * Files the entry in the outbound log with its outcome, or writes the outcome onto the one
 * already there (a completion repeated after a crash, or a late answer after an erasure).
 * Returns the contact it is filed under.
 */
export async function logOutcome(
  collections: StoreCollections,
  entry: OutboundEntry,
  now: number,
  retentionMs: number,
): Promise<string> {
  const { id, contactId, ...first } = toLogEntry(entry);
  const outcome = outcomeOf(entry);
  const update = {
    $setOnInsert: { contactId, ...withoutKeys(first, Object.keys(outcome)) },
    $set: { ...outcome, expiresAt: new Date(now + retentionMs) },
  };
  for (let attempt = 0; ; attempt += 1) {
    try {
      const logged = await collections.outbound.findOneAndUpdate({ _id: id }, update, {
        upsert: true,
        returnDocument: 'after',
        projection: { contactId: 1 },
      });
      return logged?.contactId ?? contactId;
    } catch (error) {
      // Two completions upserted at once: the other one's insert won; write onto it.
      if (!isDuplicateKeyError(error) || attempt > 0) throw error;
    }
  }
}

/**
 * A send that finishes after its contact was erased must not bring its text back. Checked
 * after the write: an erasure sets `erasedAt` before it removes the bodies, so either its
 * removal comes after this write, or this check sees `erasedAt`.
 */
export async function dropTextIfErased(collections: StoreCollections, entryId: string) {
  const entry = await collections.outbound.findOne(
    { _id: entryId },
    { projection: { contactId: 1 } },
  );
  if (!entry) return;
  const contact = await collections.contacts.findOne(
    { _id: entry.contactId, erasedAt: { $exists: true } },
    { projection: { _id: 1 } },
  );
  if (contact) await collections.outbound.updateOne({ _id: entryId }, { $unset: { body: '' } });
}

/**
 * Erasure's part: the queued entries are logged as never sent, without text, and only then
 * pulled from the outbox (a crash in between leaves them logged and queued; erasing again, or
 * any claim, finishes the job). The outbox then has no lease.
 */
export async function eraseOutbox(
  collections: StoreCollections,
  contactId: string,
  now: number,
  retentionMs: number,
): Promise<void> {
  const contact = await collections.contacts.findOne(
    { _id: contactId },
    { projection: { outbox: 1 } },
  );
  const queued = (contact?.outbox ?? []).map(fromOutboxDoc);
  for (const entry of queued) {
    await logOutcome(collections, erasedBeforeSending(entry, now), now, retentionMs);
  }
  await collections.contacts.updateOne(
    { _id: contactId },
    {
      $pull: { outbox: { _id: { $in: queued.map((entry) => entry.id) } } },
      $unset: { outboxLease: '' },
    },
  );
}

function withoutKeys<T extends object>(value: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => !keys.includes(key)),
  ) as Partial<T>;
}
