import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../errors.js';
import { contactNotFound } from '../store-errors.js';
import type { HashIdentifiers } from '../port.js';
import {
  ERASED_CONTACT_FIELDS,
  ERASED_EVIDENCE_FIELDS,
  erasedEvent,
  erasureHashes,
  suppressionFor,
} from '../store-rules.js';
import type { StoreCollections } from './collections.js';
import { toEventDoc, type ContactDoc } from './documents.js';
import { finishMerge, finishMergesOf } from './merge-contacts.js';
import { eraseOutbox } from './outbox-log.js';
import { flushPendingEvents } from './pending-events.js';

/** Each lost round means a turn was saved in between; a few are plenty. */
const MAX_ATTEMPTS = 8;

/**
 * Erases a contact's personal data, in an order that survives a crash at any step and can be
 * run again to finish (a merge it takes part in is finished first, so the identifiers it
 * brings are erased, and hashed, with it):
 * 1. the suppression is written first, under the hash of every identifier the contact has, so
 *    the opt-out outlives them even if we stop here;
 * 2. the contact loses phone, user id, profile name, snapshot, hand-over, transcript and message ids, gains one
 *    `contact.erased` event (the first time only), and its version moves so a turn in flight
 *    cannot write the old data back;
 * 3. the ledger keeps types, times, sources and categories, but loses the quoted texts;
 * 4. outbound bodies and processed message ids go, and what waited in the outbox is logged as
 *    never sent (without its text) and leaves it.
 */
export async function eraseContactDocs(
  collections: StoreCollections,
  contactId: string,
  hashesOf: HashIdentifiers,
  now: number,
  outboundRetentionMs: number,
): Promise<void> {
  const id = await settleMerges(collections, contactId);
  const erased = await eraseContactDoc(collections, id, hashesOf, now);
  await flushPendingEvents(collections, id, erased.pendingEvents ?? []);

  await collections.events.updateMany(
    { contactId: id },
    {
      $unset: Object.fromEntries(ERASED_EVIDENCE_FIELDS.map((field) => [`evidence.${field}`, ''])),
    },
  );
  await collections.outbound.updateMany({ contactId: id }, { $unset: { body: '' } });
  await collections.processed.deleteMany({ contactId: id });
  await eraseOutbox(collections, id, now, outboundRetentionMs);
}

/**
 * The contact to erase once the merges it takes part in are finished: itself, or the contact
 * it was merged into. Merges into it that had begun are finished too.
 */
async function settleMerges(collections: StoreCollections, contactId: string): Promise<string> {
  const contact = await collections.contacts.findOne({ _id: contactId });
  if (!contact) throw contactNotFound(contactId);
  let id = contactId;
  if (contact.mergedInto) {
    await finishMergesOf(collections, contact);
    const stays = await collections.contacts.countDocuments({ _id: contactId });
    if (stays === 0) id = contact.mergedInto.contactId;
  }
  const begun = await collections.contacts
    .find({ 'mergedInto.contactId': id }, { projection: { _id: 1 } })
    .toArray();
  for (const absorbed of begun) await finishMerge(collections, absorbed._id);
  return id;
}

/** Steps 1 and 2, retried on a concurrent turn so the erased event's turn is exact. */
async function eraseContactDoc(
  collections: StoreCollections,
  contactId: string,
  hashesOf: HashIdentifiers,
  now: number,
): Promise<ContactDoc> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const contact = await collections.contacts.findOne({ _id: contactId });
    if (!contact) throw contactNotFound(contactId);
    if (contact.mergedInto ?? contact.mergingFrom) {
      await finishMergesOf(collections, contact);
      continue;
    }

    await keepSuppressions(collections, contact, erasureHashes(contact, hashesOf), now);

    const turn = contact.version + 1;
    const firstTime = contact.erasedAt === undefined;
    const erased = await collections.contacts.findOneAndUpdate(
      {
        _id: contactId,
        version: contact.version,
        // Linking an identifier does not move the version: match the ones hashed above.
        phone: contact.phone ?? { $exists: false },
        userId: contact.userId ?? { $exists: false },
        mergedInto: { $exists: false },
        mergingFrom: { $exists: false },
      },
      {
        $unset: {
          ...Object.fromEntries(ERASED_CONTACT_FIELDS.map((field) => [field, ''])),
          snapshot: '',
          screened: '',
        },
        $set: { recentMessageIds: [], updatedAt: now, ...(firstTime ? { erasedAt: now } : {}) },
        $inc: { version: 1 },
        ...(firstTime
          ? {
              $push: {
                pendingEvents: toEventDoc(
                  { ...erasedEvent(now), id: randomUUID(), contactId },
                  turn,
                  0,
                ),
              },
            }
          : {}),
      },
      { returnDocument: 'after' },
    );
    if (erased) return erased;
  }
  throw new ConflictError(
    'contended',
    `Contact ${contactId} kept changing while it was being erased; run the erasure again.`,
    { contactId },
  );
}

/**
 * Step 1: one suppression per identifier hash, upserted (`_id` is the hash), so running the
 * erasure again rewrites them rather than adding copies. The erasing write of the same attempt
 * matches the identifiers hashed here: one linked meanwhile sends the erasure round again, to
 * keep its hash too.
 */
async function keepSuppressions(
  collections: StoreCollections,
  contact: ContactDoc,
  hashes: readonly string[],
  now: number,
): Promise<void> {
  if (hashes.length === 0) return;
  await collections.suppressions.bulkWrite(
    hashes.map((hash) => {
      const { optedOut, marketingSuppressed, erasedAt } = suppressionFor(contact, hash, now);
      return {
        updateOne: {
          filter: { _id: hash },
          update: { $set: { optedOut, marketingSuppressed, erasedAt } },
          upsert: true,
        },
      };
    }),
    { ordered: false },
  );
}
