import { randomUUID } from 'node:crypto';
import type { MongoClient, UpdateFilter } from 'mongodb';
import type { ContactPatch, OutboundEntry, SaveTurnInput, Store } from '../port.js';
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
import { openCollections, type StoreCollections } from './collections.js';
import {
  toContactRecord,
  toEventDoc,
  toOutboundDoc,
  toOutboundEntry,
  toSuppression,
  type ContactDoc,
  type OutboundDoc,
} from './documents.js';
import { ensureContactDoc, findContactDoc } from './ensure-contact.js';
import { eraseContactDocs } from './erase-contact.js';
import { ensureIndexes } from './indexes.js';
import { finishMergesOf } from './merge-contacts.js';
import { fileUnderKept } from './merged-contacts.js';
import { isDuplicateKeyError, withStoreErrors } from './mongo-errors.js';
import { flushPendingEvents, readLedger } from './pending-events.js';

/** Options of {@link createMongoStore}. */
export interface MongoStoreOptions {
  /** A client for the server; the store owns it from now on and `close()` closes it. */
  readonly client: MongoClient;
  readonly dbName: string;
  /** How long processed message ids are remembered, in ms (default 30 days). */
  readonly processedRetentionMs?: number;
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
  const db = options.client.db(options.dbName);
  const collections = openCollections(db);

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

    recordOutbound: (entry) =>
      withStoreErrors('recordOutbound', () => recordOutbound(collections, entry)),

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
        const docs = await collections.outbound
          .find({ contactId })
          .sort({ createdAt: 1, _id: 1 })
          .toArray();
        return docs.map(toOutboundEntry);
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
          outbound: outbound.map(toOutboundEntry),
          processedMessageIds: processed.map((doc) => doc._id),
        };
      }),

    eraseContact: (contactId, hashesOf, now) =>
      withStoreErrors('eraseContact', () =>
        eraseContactDocs(collections, contactId, hashesOf, now),
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
  const update: UpdateFilter<ContactDoc> = {
    $set: { ...toPatchDoc(input.patch), updatedAt: now },
    $inc: { version: 1 },
  };
  const push: Record<string, unknown> = {};
  if (events.length > 0) push.pendingEvents = { $each: events };
  if (messageId !== undefined) {
    push.recentMessageIds = { $each: [messageId], $slice: -RECENT_MESSAGE_IDS_LIMIT };
  }
  if (Object.keys(push).length > 0) update.$push = push;

  let saved: ContactDoc | null;
  try {
    saved = await collections.contacts.findOneAndUpdate(
      {
        _id: contactId,
        version: expectedVersion,
        // A contact in the middle of a merge takes no turn until the merge is finished.
        mergedInto: { $exists: false },
        mergingFrom: { $exists: false },
        ...(messageId === undefined ? {} : { recentMessageIds: { $ne: messageId } }),
      },
      update,
      { returnDocument: 'after' },
    );
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

/**
 * Records or replaces the entry with this id (the caller records `sending` first, then `sent`
 * with the WhatsApp message id or `failed`), except its contact: an entry stays with the
 * contact it was first filed under, and one filed under a contact merged away meanwhile (the
 * send began before the merge) moves to the contact it went into.
 */
async function recordOutbound(collections: StoreCollections, entry: OutboundEntry) {
  const { _id, contactId, ...fields } = toOutboundDoc(entry);
  const absent = OUTBOUND_OPTIONAL_FIELDS.filter((field) => fields[field] === undefined);
  const present = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<OutboundDoc>;
  const stored = await collections.outbound.findOneAndUpdate(
    { _id },
    {
      $set: present,
      $setOnInsert: { contactId },
      ...(absent.length === 0
        ? {}
        : { $unset: Object.fromEntries(absent.map((field) => [field, ''])) }),
    },
    { upsert: true, returnDocument: 'after', projection: { contactId: 1 } },
  );
  const filedUnder = stored?.contactId ?? contactId;
  await fileUnderKept(collections, filedUnder, (from, to) =>
    collections.outbound.updateOne({ _id, contactId: from }, { $set: { contactId: to } }),
  );
  if (present.body !== undefined) await dropTextIfErased(collections, _id);
}

/**
 * A send that finishes after its contact was erased must not bring its text back. Checked
 * after the write: an erasure sets `erasedAt` before it removes the bodies, so either its
 * removal comes after this write, or this check sees `erasedAt`.
 */
async function dropTextIfErased(collections: StoreCollections, entryId: string) {
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

/** What a replaced outbound entry loses when the new one lacks it: replace, not patch. */
const OUTBOUND_OPTIONAL_FIELDS = [
  'waMessageId',
  'body',
  'template',
  'category',
  'errorCode',
  'errorTitle',
] as const satisfies readonly (keyof OutboundEntry)[];

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
