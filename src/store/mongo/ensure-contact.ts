import { randomUUID } from 'node:crypto';
import { UNKNOWN_CONSENT } from '../../core/consent/state.js';
import type { ContactRef } from '../../core/identity.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { canMerge } from '../merge-rules.js';
import type { MergeOptions } from '../port.js';
import type { StoreCollections } from './collections.js';
import type { ContactDoc } from './documents.js';
import { finishMergesOf, mergeContactDocs, sideOf } from './merge-contacts.js';
import { isDuplicateKeyError } from './mongo-errors.js';

/** Enough for any real race: each lost round means another writer made progress. */
const MAX_ATTEMPTS = 8;

/**
 * Finds the contact a reference names, preferring the phone's contact when the phone and the
 * user id name two different contacts. A merge it meets on the way is finished first.
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
 * the user id already belong to two different contacts, the reference proves them one person:
 * with `merge`, they are merged (`merge-contacts.ts`); without it, or when each has its own
 * value of one identifier, the phone's contact is returned unchanged.
 */
export async function ensureContactDoc(
  collections: StoreCollections,
  ref: ContactRef,
  now: number,
  merge?: MergeOptions,
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
    if (byPhone && byUser) {
      if (!merge || !canMerge(sideOf(byPhone), sideOf(byUser))) return byPhone;
      const merged = await mergeContactDocs(collections, byPhone, byUser, merge, now);
      if (merged) return merged;
      continue; // one of them changed meanwhile: read again
    }
    const missing = missingIdentifier(existing, ref);
    if (!missing) return existing;
    try {
      const linked = await collections.contacts.findOneAndUpdate(
        {
          _id: existing._id,
          [missing.field]: { $exists: false },
          mergedInto: { $exists: false },
          mergingFrom: { $exists: false },
        },
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
    'contended',
    'The contact kept changing while it was being found or created; try again.',
    { phone: ref.phone !== undefined, userId: ref.userId !== undefined },
  );
}

async function findBoth(
  collections: StoreCollections,
  ref: ContactRef,
): Promise<[ContactDoc | null, ContactDoc | null]> {
  return Promise.all([
    ref.phone ? findBy(collections, 'phone', ref.phone) : null,
    ref.userId ? findBy(collections, 'userId', ref.userId) : null,
  ]);
}

/**
 * The contact holding this identifier, once any merge it takes part in is finished. An
 * identifier moving from a merged contact to the kept one is on neither for a moment: it is
 * then found under the absorbed contact's marker, so it is never given to a new contact.
 */
async function findBy(
  collections: StoreCollections,
  field: 'phone' | 'userId',
  value: string,
): Promise<ContactDoc | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const found = await collections.contacts
      .find({ $or: [{ [field]: value }, { [`mergedInto.${field}`]: value }] })
      .toArray();
    const merging = found.find((doc) => doc.mergedInto ?? doc.mergingFrom);
    if (!merging) return found[0] ?? null;
    await finishMergesOf(collections, merging);
  }
  throw new ConflictError(
    'contended',
    'A merge of this contact could not be finished; try again.',
    {
      field,
    },
  );
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
