import { randomUUID } from 'node:crypto';
import type { Filter, MongoClient, UpdateFilter } from 'mongodb';
import type { ContactPatch, SaveTurnInput, Store } from '../port.js';
import {
  contactMerging,
  contactNotFound,
  duplicateMessage,
  identifierTaken,
  versionConflict,
} from '../store-errors.js';
import {
  DEFAULT_PROCESSED_RETENTION_MS,
  RECENT_MESSAGE_IDS_LIMIT,
  statusesBefore,
  toStoredPatch,
} from '../store-rules.js';
import { DEFAULT_OUTBOUND_RETENTION_MS } from '../outbox-rules.js';
import { openCollections, type BeforeWrite, type StoreCollections } from './collections.js';
import {
  fromOutboxDoc,
  toContactRecord,
  toEventDoc,
  toOutboundEntry,
  toSuppression,
  type ContactDoc,
} from './documents.js';
import { ensureContactDoc, findContactDoc } from './ensure-contact.js';
import { eraseContactDocs } from './erase-contact.js';
import { ensureIndexes } from './indexes.js';
import { finishMergesOf } from './merge-contacts.js';
import { fileUnderKept } from './merged-contacts.js';
import { isDuplicateKeyError, withStoreErrors } from './mongo-errors.js';
import {
  claimOutbox,
  completeOutbound,
  leaseOpenFilter,
  queueOutbound,
  queueUpdate,
} from './outbox.js';
import { flushPendingEvents, readLedger } from './pending-events.js';

/** Options of {@link createMongoStore}. */
export interface MongoStoreOptions {
  /** A client for the server; the store owns it from now on and `close()` closes it. */
  readonly client: MongoClient;
  readonly dbName: string;
  /** How long processed message ids are remembered, in ms (default 30 days). */
  readonly processedRetentionMs?: number;
  /** How long the outbound log keeps an entry after its outcome, in ms (default 90 days). */
  readonly outboundRetentionMs?: number;
  /**
   * Called before each write with the collection and the driver method; a throw stops the write
   * before it is sent. Tests stop a store between two writes with it, as a crash would.
   */
  readonly beforeWrite?: BeforeWrite;
}

/** The MongoDB {@link Store}, plus the start-up step that creates its indexes. */
export interface MongoStore extends Store {
  /** Creates the collections' indexes (idempotent). Await it once before serving. */
  ensureIndexes(): Promise<void>;
}

/**
 * Creates the MongoDB store on the official driver. Works on a standalone server (the
 * embedded one) as well as a replica set: it needs no transactions. Each turn is one
 * single-document `findOneAndUpdate` guarded by the contact's version, so two server
 * instances on one database never lose an update. Does no I/O until called.
 * @example
 * const store = createMongoStore({ client: new MongoClient(uri), dbName: 'optin' });
 * await store.ensureIndexes();
 */
export function createMongoStore(options: MongoStoreOptions): MongoStore {
  const retentionMs = options.processedRetentionMs ?? DEFAULT_PROCESSED_RETENTION_MS;
  const outboundRetentionMs = options.outboundRetentionMs ?? DEFAULT_OUTBOUND_RETENTION_MS;
  const db = options.client.db(options.dbName);
  const collections = openCollections(db, options.beforeWrite);

  /**
   * Returns the contact, copying its pending events into the ledger first. A contact in the
   * middle of a merge is read again once the merge is finished (null: it was merged away).
   */
  const settled = async (doc: ContactDoc | null) => {
    let current = doc;
    if (current && (current.mergedInto ?? current.mergingFrom)) {
      await finishMergesOf(collections, current);
      current = await collections.contacts.findOne({ _id: current._id });
    }
    if (!current) return null;
    await flushPendingEvents(collections, current._id, current.pendingEvents ?? []);
    return toContactRecord(current);
  };

  return {
    ensureIndexes: () => withStoreErrors('ensureIndexes', () => ensureIndexes(collections)),

    findContact: (ref) =>
      withStoreErrors('findContact', async () => settled(await findContactDoc(collections, ref))),

    ensureContact: (ref, now, merge) =>
      withStoreErrors('ensureContact', async () =>
        toContactRecord(await ensureContactDoc(collections, ref, now, merge)),
      ),

    getContact: (id) =>
      withStoreErrors('getContact', async () =>
        settled(await collections.contacts.findOne({ _id: id })),
      ),

    saveTurn: (input) =>
      withStoreErrors('saveTurn', () => saveTurn(collections, input, retentionMs)),

    listEvents: (contactId) =>
      withStoreErrors('listEvents', () => readLedger(collections, contactId)),

    isProcessed: (messageId) =>
      withStoreErrors('isProcessed', async () => {
        const found = await collections.processed.findOne(
          { _id: messageId },
          { projection: { _id: 1 } },
        );
        return found !== null;
      }),

    queueOutbound: (contactId, entries, lease) =>
      withStoreErrors('queueOutbound', () => queueOutbound(collections, contactId, entries, lease)),

    claimOutbox: (contactId, lease) =>
      withStoreErrors('claimOutbox', () => claimOutbox(collections, contactId, lease)),

    completeOutbound: (entry, lease) =>
      withStoreErrors('completeOutbound', () =>
        completeOutbound(collections, entry, lease, outboundRetentionMs),
      ),

    renewOutboxLease: (contactId, lease) =>
      withStoreErrors('renewOutboxLease', async () => {
        const release = lease.until <= lease.now;
        const renewed = await collections.contacts.updateOne(
          { _id: contactId, 'outboxLease.owner': lease.owner },
          release
            ? { $set: { 'outboxLease.until': 0 }, $unset: { 'outboxLease.owner': '' } }
            : { $set: { 'outboxLease.until': lease.until } },
        );
        return renewed.matchedCount > 0;
      }),

    findDueOutboxes: (now, limit) =>
      withStoreErrors('findDueOutboxes', async () => {
        // `until: 0` marks an outbox nobody holds; an expired lease is one its sender left.
        const due = await collections.contacts
          .find({ 'outboxLease.until': { $lte: now } }, { projection: { _id: 1 } })
          .sort({ 'outboxLease.until': 1 })
          .limit(limit)
          .toArray();
        return due.map((doc) => doc._id);
      }),

    touchSender: (id, until, now) =>
      withStoreErrors('touchSender', async () => {
        await collections.senders.updateOne(
          { _id: id },
          { $set: { until, expiresAt: new Date(until) } },
          { upsert: true },
        );
        const live = await collections.senders
          .find({ until: { $gt: now } }, { projection: { _id: 1 } })
          .sort({ _id: 1 })
          .toArray();
        return live.map((doc) => doc._id);
      }),

    updateOutboundStatus: (waMessageId, update) =>
      withStoreErrors('updateOutboundStatus', async () => {
        const updated = await collections.outbound.findOneAndUpdate(
          { waMessageId, status: { $in: statusesBefore(update.status) } },
          {
            $set: {
              status: update.status,
              ...(update.errorCode === undefined ? {} : { errorCode: update.errorCode }),
              ...(update.errorTitle === undefined ? {} : { errorTitle: update.errorTitle }),
            },
            $max: { updatedAt: update.at },
          },
          { returnDocument: 'after' },
        );
        // Not updated: either unknown (null) or already further along (returned unchanged).
        const doc = updated ?? (await collections.outbound.findOne({ waMessageId }));
        return doc ? toOutboundEntry(doc) : null;
      }),

    listOutbound: (contactId) =>
      withStoreErrors('listOutbound', async () => {
        const [docs, contact] = await Promise.all([
          collections.outbound.find({ contactId }).sort({ createdAt: 1, _id: 1 }).toArray(),
          collections.contacts.findOne({ _id: contactId }, { projection: { outbox: 1 } }),
        ]);
        return [...docs.map(toOutboundEntry), ...(contact?.outbox ?? []).map(fromOutboxDoc)];
      }),

    exportContact: (contactId) =>
      withStoreErrors('exportContact', async () => {
        const contact = await settled(await collections.contacts.findOne({ _id: contactId }));
        if (!contact) return null;
        const [events, outbound, processed] = await Promise.all([
          readLedger(collections, contactId),
          collections.outbound.find({ contactId }).sort({ createdAt: 1, _id: 1 }).toArray(),
          collections.processed.find({ contactId }).sort({ createdAt: 1, _id: 1 }).toArray(),
        ]);
        return {
          contact,
          events,
          outbound: [...outbound.map(toOutboundEntry), ...(contact.outbox ?? [])],
          processedMessageIds: processed.map((doc) => doc._id),
        };
      }),

    eraseContact: (contactId, hashesOf, now) =>
      withStoreErrors('eraseContact', () =>
        eraseContactDocs(collections, contactId, hashesOf, now, outboundRetentionMs),
      ),

    findSuppressions: (hashes) =>
      withStoreErrors('findSuppressions', async () => {
        if (hashes.length === 0) return [];
        // `_id` is the hash: the default `_id` index serves this lookup.
        const docs = await collections.suppressions
          .find({ _id: { $in: [...hashes] } })
          .sort({ _id: 1 })
          .toArray();
        return docs.map(toSuppression);
      }),

    ping: () =>
      withStoreErrors('ping', async () => {
        await db.command({ ping: 1 });
      }),

    close: () => options.client.close(),
  };
}

/**
 * One turn in one single-document write: the patch, the version increment, the message id
 * and the turn's events (parked in `pendingEvents`) commit together or not at all. Only then
 * are the events copied to `consent_events` and the message id to `processed_messages`.
 *
 * Throws `ConflictError` when nothing matched: `context.duplicate` is `true` when the message
 * was already applied (drop it), otherwise the version moved (reload and run the turn again).
 */
async function saveTurn(collections: StoreCollections, input: SaveTurnInput, retentionMs: number) {
  const { contactId, expectedVersion, messageId, now } = input;
  const turn = expectedVersion + 1;
  const events = input.events.map((event, position) =>
    toEventDoc({ ...event, id: randomUUID(), contactId }, turn, position),
  );
  const outbox = input.outbox ?? [];
  /** The write, with the outbox lease when it is to be taken, else without it. */
  const updateWith = (lease: SaveTurnInput['lease']): UpdateFilter<ContactDoc> => {
    const queued = outbox.length > 0 ? queueUpdate(contactId, outbox, lease) : {};
    const patch = toPatchDoc(input.patch);
    const update: UpdateFilter<ContactDoc> = {
      $set: { ...patch, ...queued.$set, updatedAt: now },
      $inc: { version: 1 },
      ...(queued.$max ? { $max: queued.$max } : {}),
      // Events written without the projection's place leave it unknown: project anew next time.
      ...(events.length > 0 && patch.consentThrough === undefined
        ? { $unset: { consentThrough: '' } }
        : {}),
    };
    const push: Record<string, unknown> = { ...queued.$push };
    if (events.length > 0) push.pendingEvents = { $each: events };
    if (messageId !== undefined) {
      push.recentMessageIds = { $each: [messageId], $slice: -RECENT_MESSAGE_IDS_LIMIT };
    }
    if (Object.keys(push).length > 0) update.$push = push;
    return update;
  };
  const filter: Filter<ContactDoc> = {
    _id: contactId,
    version: expectedVersion,
    // A contact in the middle of a merge takes no turn until the merge is finished.
    mergedInto: { $exists: false },
    mergingFrom: { $exists: false },
    ...(messageId === undefined ? {} : { recentMessageIds: { $ne: messageId } }),
  };

  let saved: ContactDoc | null = null;
  try {
    // With the outbox lease when it is free (the common case: one write), else without it: its
    // holder sends these replies after the ones it is sending.
    const leases = input.lease && outbox.length > 0 ? [input.lease, undefined] : [undefined];
    for (const lease of leases) {
      saved = await collections.contacts.findOneAndUpdate(
        lease ? { ...filter, ...leaseOpenFilter(lease) } : filter,
        updateWith(lease),
        { returnDocument: 'after' },
      );
      if (saved) break;
    }
  } catch (error) {
    if (isDuplicateKeyError(error)) {
      const field = error.keyPattern && 'phone' in error.keyPattern ? 'phone' : 'userId';
      throw identifierTaken(contactId, field);
    }
    throw error;
  }
  if (!saved) throw await explainMiss(collections, input);

  // Committed. What follows only copies data the contact document already holds durably; a
  // failure here is repaired by the next read or write of this contact (readers merge and
  // flush `pendingEvents`; `recentMessageIds` still guards against the message), so it must
  // not turn a saved turn into an error that would make the caller run it again.
  await Promise.allSettled([
    flushPendingEvents(collections, contactId, saved.pendingEvents ?? []),
    messageId === undefined
      ? undefined
      : recordProcessed(collections, messageId, contactId, now, retentionMs),
  ]);
  return toContactRecord(saved);
}

/** The turn's message id, under the contact its contact went into should a merge come first. */
async function recordProcessed(
  collections: StoreCollections,
  messageId: string,
  contactId: string,
  now: number,
  retentionMs: number,
) {
  await collections.processed.insertOne({
    _id: messageId,
    contactId,
    createdAt: now,
    expiresAt: new Date(now + retentionMs),
  });
  await fileUnderKept(collections, contactId, (from, to) =>
    collections.processed.updateOne(
      { _id: messageId, contactId: from },
      { $set: { contactId: to } },
    ),
  );
}

/** Why a guarded turn write matched nothing. */
async function explainMiss(collections: StoreCollections, input: SaveTurnInput) {
  const current = await collections.contacts.findOne(
    { _id: input.contactId },
    { projection: { version: 1, recentMessageIds: 1, mergedInto: 1, mergingFrom: 1 } },
  );
  if (!current) return contactNotFound(input.contactId);
  if (input.messageId !== undefined && current.recentMessageIds.includes(input.messageId)) {
    return duplicateMessage(input.contactId, input.messageId);
  }
  if (current.mergedInto ?? current.mergingFrom) return contactMerging(input.contactId);
  return versionConflict(input.contactId, input.expectedVersion, current.version);
}

/** The patch as `$set` fields: absent fields stay as they are; the snapshot is stored as JSON. */
function toPatchDoc(patch: ContactPatch): Partial<ContactDoc> {
  const { fields, snapshotJson } = toStoredPatch(patch);
  return snapshotJson === undefined ? fields : { ...fields, snapshot: snapshotJson };
}
