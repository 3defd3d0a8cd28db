import type { Filter, UpdateFilter } from 'mongodb';
import { contactNotFound } from '../store-errors.js';
import { businessWroteAt, mergedLease, storedLease } from '../outbox-rules.js';
import type { ContactRecord, LeaseRequest, OutboundEntry, OutboxProgress } from '../port.js';
import type { StoreCollections } from './collections.js';
import { toContactRecord, toOutboxDoc, type ContactDoc } from './documents.js';
import { finishMergesOf } from './merge-contacts.js';
import { fileUnderKept } from './merged-contacts.js';
import { dropTextIfErased, logOutcome } from './outbox-log.js';

/**
 * The MongoDB store's outbox. Queued entries live on the contact document (`contacts.outbox`),
 * so a turn's replies are written in the turn's own single-document write, and the lease
 * (`contacts.outboxLease`) is taken, extended and released by single-document writes that also
 * see the outbox: a release only happens on an empty outbox, so an entry queued meanwhile is
 * never left without a sender. An outcome moves the entry to `outbound` (upsert by id, then a
 * pull): a crash in between leaves it in both, and the sender that takes over finds it already
 * logged and only pulls it (`claimOutbox`).
 */

/** Matches a contact whose lease the request may take: none, expired, or its own. */
export function leaseOpenFilter(lease: LeaseRequest): Filter<ContactDoc> {
  return {
    $or: [
      { 'outboxLease.owner': { $exists: false } },
      { 'outboxLease.until': { $lte: lease.now } },
      { 'outboxLease.owner': lease.owner },
    ],
  };
}

/**
 * The update that appends `entries` to a contact's outbox: with the lease when `lease` is
 * given (the filter must then hold {@link leaseOpenFilter}), else keeping the lease field there
 * (the `until: 0` marker when nobody holds it) for the sweep to find.
 */
export function queueUpdate(
  contactId: string,
  entries: readonly OutboundEntry[],
  lease: LeaseRequest | undefined,
): Pick<UpdateFilter<ContactDoc>, '$push' | '$set' | '$max'> {
  const docs = entries.map((entry) => toOutboxDoc(entry, contactId));
  return {
    ...(docs.length > 0 ? { $push: { outbox: { $each: docs } } } : {}),
    ...(lease
      ? { $set: { outboxLease: storedLease(lease) } }
      : { $max: { 'outboxLease.until': 0 } }),
  };
}

/**
 * The update with the time of the business's own messages (`ContactRecord.businessWroteAt`):
 * the entries it sends of its own accord (`recheck`), not the bot's replies.
 */
function businessWrote(
  update: ReturnType<typeof queueUpdate>,
  entries: readonly OutboundEntry[],
): ReturnType<typeof queueUpdate> {
  const at = businessWroteAt(entries);
  return at === undefined ? update : { ...update, $max: { ...update.$max, businessWroteAt: at } };
}

/** Appends to a contact's outbox (`Store.queueOutbound`). */
export async function queueOutbound(
  collections: StoreCollections,
  contactId: string,
  entries: readonly OutboundEntry[],
  lease: LeaseRequest | undefined,
): Promise<ContactRecord> {
  let id = contactId;
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const base: Filter<ContactDoc> = {
      _id: id,
      erasedAt: { $exists: false },
      mergedInto: { $exists: false },
    };
    // With the lease if it is free, else without it: the holder sends these after its own.
    for (const withLease of lease ? [true, false] : [false]) {
      const queued = await collections.contacts.findOneAndUpdate(
        withLease && lease ? { ...base, ...leaseOpenFilter(lease) } : base,
        businessWrote(queueUpdate(id, entries, withLease ? lease : undefined), entries),
        { returnDocument: 'after' },
      );
      if (queued) return toContactRecord(queued);
    }
    const current = await collections.contacts.findOne({ _id: id });
    if (!current) {
      const kept = await keptIdOf(collections, id);
      if (kept === id) break;
      id = kept;
      continue;
    }
    if (current.erasedAt !== undefined) break;
    await finishMergesOf(collections, current);
  }
  throw contactNotFound(contactId);
}

/** Takes a contact's outbox lease (`Store.claimOutbox`). */
export async function claimOutbox(
  collections: StoreCollections,
  contactId: string,
  lease: LeaseRequest,
): Promise<ContactRecord | null> {
  let id = contactId;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const current = await collections.contacts.findOne({ _id: id });
    if (!current) {
      const kept = await keptIdOf(collections, id);
      if (kept === id) return null;
      id = kept;
      continue;
    }
    if (current.mergedInto ?? current.mergingFrom) {
      await finishMergesOf(collections, current);
      continue;
    }
    const outbox = current.outbox ?? [];
    if (outbox.length === 0) {
      // A lease left on an empty outbox (a sender stopped between its last two writes).
      await collections.contacts.updateOne(
        { _id: id, 'outbox.0': { $exists: false }, ...leaseOpenFilter(lease) },
        { $unset: { outboxLease: '' } },
      );
      return null;
    }
    // Entries whose outcome was logged by a sender that stopped before pulling them.
    const logged = await collections.outbound
      .find({ _id: { $in: outbox.map((entry) => entry._id) } }, { projection: { _id: 1 } })
      .toArray();
    if (logged.length > 0) {
      await collections.contacts.updateOne(
        { _id: id },
        { $pull: { outbox: { _id: { $in: logged.map((doc) => doc._id) } } } },
      );
    }
    const claimed = await collections.contacts.findOneAndUpdate(
      {
        _id: id,
        'outbox.0': { $exists: true },
        mergedInto: { $exists: false },
        mergingFrom: { $exists: false },
        ...leaseOpenFilter(lease),
      },
      { $set: { outboxLease: storedLease(lease) } },
      { returnDocument: 'after' },
    );
    return claimed ? toContactRecord(claimed) : null;
  }
  return null;
}

/** Records an outcome and moves the entry out of the outbox (`Store.completeOutbound`). */
export async function completeOutbound(
  collections: StoreCollections,
  entry: OutboundEntry,
  lease: LeaseRequest,
  retentionMs: number,
): Promise<OutboxProgress> {
  const filedUnder = await logOutcome(collections, entry, lease.now, retentionMs);
  const owned = {
    _id: entry.contactId,
    'outbox._id': entry.id,
    'outboxLease.owner': lease.owner,
    mergedInto: { $exists: false },
    mergingFrom: { $exists: false },
    // An erasure under way: the path below drops the text the log entry was filed with.
    erasedAt: { $exists: false },
  };
  // The common case in one write: the caller's own outbox, its last entry (released) ...
  const released = await collections.contacts.findOneAndUpdate(
    { ...owned, outbox: { $size: 1 } },
    { $unset: { outbox: '', outboxLease: '' } },
    { returnDocument: 'after' },
  );
  if (released) return { contact: toContactRecord(released), held: false };
  // ... or not its last (extended).
  const extended = await collections.contacts.findOneAndUpdate(
    owned,
    { $pull: { outbox: { _id: entry.id } }, $set: { outboxLease: storedLease(lease) } },
    { returnDocument: 'after' },
  );
  if (extended) {
    if ((extended.outbox ?? []).length > 0)
      return { contact: toContactRecord(extended), held: true };
    // Emptied meanwhile by another completion: release, unless something was queued since.
    return progressOf(collections, entry.contactId, lease);
  }
  // Anything else: a merge moved it, an erasure took it, or another sender holds the lease.
  await fileUnderKept(collections, filedUnder, (from, to) =>
    collections.outbound.updateOne({ _id: entry.id, contactId: from }, { $set: { contactId: to } }),
  );
  await dropTextIfErased(collections, entry.id);
  await collections.contacts.updateMany(
    { 'outbox._id': entry.id },
    { $pull: { outbox: { _id: entry.id } } },
  );
  return progressOf(collections, await keptIdOf(collections, entry.contactId), lease);
}

/** After an unusual completion: release or extend the caller's lease on what holds the rest. */
async function progressOf(
  collections: StoreCollections,
  contactId: string,
  lease: LeaseRequest,
): Promise<OutboxProgress> {
  const open = { _id: contactId, ...leaseOpenFilter(lease) };
  const released = await collections.contacts.findOneAndUpdate(
    { ...open, 'outbox.0': { $exists: false } },
    { $unset: { outboxLease: '' } },
    { returnDocument: 'after' },
  );
  if (released) return { contact: toContactRecord(released), held: false };
  const extended = await collections.contacts.findOneAndUpdate(
    { ...open, 'outbox.0': { $exists: true }, mergedInto: { $exists: false } },
    { $set: { outboxLease: storedLease(lease) } },
    { returnDocument: 'after' },
  );
  if (extended) return { contact: toContactRecord(extended), held: true };
  const current = await collections.contacts.findOne({ _id: contactId });
  return { contact: current ? toContactRecord(current) : null, held: false };
}

/**
 * A merge's part (step 4 of `mergeContactDocs`): the absorbed contact's queued entries join
 * the kept contact's outbox after its own, and its lease goes with them unless the kept
 * contact's outbox has a holder. Idempotent: entries already there, or already logged (sent
 * meanwhile), are not added again.
 */
export async function mergeOutboxes(
  collections: StoreCollections,
  keptId: string,
  absorbed: ContactDoc,
): Promise<void> {
  const queued = absorbed.outbox ?? [];
  if (queued.length === 0) return;
  const logged = await collections.outbound
    .find({ _id: { $in: queued.map((entry) => entry._id) } }, { projection: { _id: 1 } })
    .toArray();
  const done = new Set(logged.map((doc) => doc._id));
  const moving = queued
    .filter((entry) => !done.has(entry._id))
    .map((entry) => ({ ...entry, contactId: keptId }));
  if (moving.length === 0) return;
  const kept = await collections.contacts.findOne(
    { _id: keptId, 'outbox._id': { $nin: moving.map((entry) => entry._id) } },
    { projection: { outboxLease: 1 } },
  );
  if (!kept) return; // moved already
  const lease = mergedLease(
    kept.outboxLease?.owner === undefined
      ? undefined
      : { owner: kept.outboxLease.owner, until: kept.outboxLease.until },
    absorbed.outboxLease?.owner === undefined
      ? undefined
      : { owner: absorbed.outboxLease.owner, until: absorbed.outboxLease.until },
  );
  await collections.contacts.updateOne(
    { _id: keptId, 'outbox._id': { $nin: moving.map((entry) => entry._id) } },
    {
      $push: { outbox: { $each: moving } },
      ...(lease ? { $set: { outboxLease: lease } } : { $max: { 'outboxLease.until': 0 } }),
    },
  );
}

/** The contact that holds what was filed under `contactId` now (itself unless merged away). */
async function keptIdOf(collections: StoreCollections, contactId: string): Promise<string> {
  let id = contactId;
  await fileUnderKept(collections, contactId, (_from, to) => {
    id = to;
    return Promise.resolve();
  });
  return id;
}
