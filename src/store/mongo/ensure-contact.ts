import { randomUUID } from 'node:crypto';
import { UNKNOWN_CONSENT } from '../../core/consent/state.js';
import type { ContactRef } from '../../core/identity.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { StoreCollections } from './collections.js';
import type { ContactDoc } from './documents.js';
import { isDuplicateKeyError } from './mongo-errors.js';

/** Enough for any real race: each lost round means another writer made progress. */
const MAX_ATTEMPTS = 8;

/**
 * Finds the contact a reference names, preferring the phone's contact when the phone and the
 * user id name two different contacts.
 */
export async function findContactDoc(
  collections: StoreCollections,
  ref: ContactRef,
): Promise<ContactDoc | null> {
  const [byPhone, byUser] = await findBoth(collections, ref);
  return byPhone ?? byUser;
}

/**
 * Finds or creates the contact and links an identifier it lacks. Race-safe across processes:
 * the unique indexes on `phone` and `userId` let only one insert or link win; the loser gets
 * E11000 (or matches nothing) and reads again, finding the winner's contact.
 *
 * Linking: a user id arriving with a known phone is added to that contact, and a phone
 * arriving with a known user id likewise, so consent follows the person. When the phone and
 * the user id already belong to two different contacts, nothing is merged: the phone's
 * contact is returned unchanged, and the other keeps its user id. Merging two ledgers is a
 * decision for a person (the DPO), not for a webhook.
 */
export async function ensureContactDoc(
  collections: StoreCollections,
  ref: ContactRef,
  now: number,
): Promise<ContactDoc> {
  if (!ref.phone && !ref.userId) {
    throw new ValidationError('invalid_contact', 'A contact needs a phone number or a user id.');
  }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const [byPhone, byUser] = await findBoth(collections, ref);
    const existing = byPhone ?? byUser;
    if (!existing) {
      const created = newContact(ref, now);
      try {
        await collections.contacts.insertOne(created);
        return created;
      } catch (error) {
        if (isDuplicateKeyError(error)) continue; // created concurrently: read it
        throw error;
      }
    }
    if (byPhone && byUser) return byPhone; // the same contact, or two we do not merge
    const missing = missingIdentifier(existing, ref);
    if (!missing) return existing;
    try {
      const linked = await collections.contacts.findOneAndUpdate(
        { _id: existing._id, [missing.field]: { $exists: false } },
        { $set: { [missing.field]: missing.value }, $max: { updatedAt: now } },
        { returnDocument: 'after' },
      );
      if (linked) return linked;
    } catch (error) {
      // The identifier was just given to another contact: read again.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new ConflictError(
    'The contact kept changing while it was being found or created; try again.',
    { phone: ref.phone !== undefined, userId: ref.userId !== undefined },
  );
}

async function findBoth(
  collections: StoreCollections,
  ref: ContactRef,
): Promise<[ContactDoc | null, ContactDoc | null]> {
  return Promise.all([
    ref.phone ? collections.contacts.findOne({ phone: ref.phone }) : null,
    ref.userId ? collections.contacts.findOne({ userId: ref.userId }) : null,
  ]);
}

/** The identifier the reference brings that the contact has no value for, if any. */
function missingIdentifier(
  contact: ContactDoc,
  ref: ContactRef,
): { field: 'phone' | 'userId'; value: string } | undefined {
  if (ref.phone && contact.phone === undefined) return { field: 'phone', value: ref.phone };
  if (ref.userId && contact.userId === undefined) return { field: 'userId', value: ref.userId };
  return undefined;
}

function newContact(ref: ContactRef, now: number): ContactDoc {
  return {
    _id: randomUUID(),
    ...(ref.phone ? { phone: ref.phone } : {}),
    ...(ref.userId ? { userId: ref.userId } : {}),
    consent: structuredClone(UNKNOWN_CONSENT), // never hand out the shared constant
    recentMessageIds: [],
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
}
