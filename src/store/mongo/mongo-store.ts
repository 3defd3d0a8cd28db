import type { MongoClient } from 'mongodb';
import { StoreUnavailableError } from '../../errors.js';
import type { OutboundEntry, Store } from '../port.js';
import { DEFAULT_PROCESSED_RETENTION_MS, statusesBefore } from '../store-rules.js';
import { openCollections, type StoreCollections } from './collections.js';
import { consentFunnel } from './consent-funnel.js';
import {
  toContactRecord,
  toOutboundDoc,
  toOutboundEntry,
  toSuppression,
  type ContactDoc,
  type OutboundDoc,
} from './documents.js';
import { ensureContactDoc, findContactDoc } from './ensure-contact.js';
import { eraseContactDocs } from './erase-contact.js';
import { CREATION_ORDER, ensureIndexes } from './indexes.js';
import { finishMergesOf } from './merge-contacts.js';
import { fileUnderKept } from './merged-contacts.js';
import { withStoreErrors } from './mongo-errors.js';
import { flushPendingEvents, readLedger } from './pending-events.js';
import { saveTurn } from './save-turn.js';
import type { DurableWriteConcern } from './write-concern.js';

/** Options of {@link createMongoStore}. */
export interface MongoStoreOptions {
  /** A client for the server; the store owns it from now on and `close()` closes it. */
  readonly client: MongoClient;
  readonly dbName: string;
  /**
   * The write concern of every write, for the server's topology (`readDurableWriteConcern`).
   * Set on the database, so every collection, a new one included, inherits it.
   */
  readonly durable: DurableWriteConcern;
  /** How long processed message ids are remembered, in ms (default 30 days). */
  readonly processedRetentionMs?: number;
  /**
   * Why the server is known to be gone without asking it (the embedded `mongod` exited), or
   * undefined. `ping` then fails at once instead of waiting for server selection to time out,
   * so `/readyz` says 503 as soon as it is known.
   */
  readonly knownUnavailable?: () => string | undefined;
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
 * Entry points use {@link prepareMongoStore}, which finds the write concern first.
 * @example
 * const durable = await readDurableWriteConcern(client);
 * const store = createMongoStore({ client, dbName: 'optin', durable });
 * await store.ensureIndexes();
 */
export function createMongoStore(options: MongoStoreOptions): MongoStore {
  const retentionMs = options.processedRetentionMs ?? DEFAULT_PROCESSED_RETENTION_MS;
  // The one place the write concern is set: collections inherit the database's.
  const db = options.client.db(options.dbName, { writeConcern: options.durable.writeConcern });
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

    consentFunnel: (query) =>
      withStoreErrors('consentFunnel', () => consentFunnel(collections, query)),

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
        const docs = await collections.outbound.find({ contactId }).sort(CREATION_ORDER).toArray();
        return docs.map(toOutboundEntry);
      }),

    exportContact: (contactId) =>
      withStoreErrors('exportContact', async () => {
        const contact = await settled(await collections.contacts.findOne({ _id: contactId }));
        if (!contact) return null;
        const [events, outbound, processed] = await Promise.all([
          readLedger(collections, contactId),
          collections.outbound.find({ contactId }).sort(CREATION_ORDER).toArray(),
          collections.processed.find({ contactId }).sort(CREATION_ORDER).toArray(),
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
        const gone = options.knownUnavailable?.();
        if (gone) {
          throw new StoreUnavailableError(`MongoDB is unavailable: ${gone}.`, {
            operation: 'ping',
          });
        }
        await db.command({ ping: 1 });
      }),

    close: () => options.client.close(),
  };
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
