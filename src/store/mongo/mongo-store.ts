import type { MongoClient } from 'mongodb';
import { StoreUnavailableError } from '../../errors.js';
import type { Store } from '../port.js';
import { DEFAULT_OUTBOUND_RETENTION_MS } from '../outbox-rules.js';
import { DEFAULT_PROCESSED_RETENTION_MS, statusesBefore } from '../store-rules.js';
import { openCollections, type BeforeWrite } from './collections.js';
import { consentFunnel } from './consent-funnel.js';
import {
  fromOutboxDoc,
  toContactRecord,
  toOutboundEntry,
  toSuppression,
  type ContactDoc,
} from './documents.js';
import { ensureContactDoc, findContactDoc } from './ensure-contact.js';
import { eraseContactDocs } from './erase-contact.js';
import { CREATION_ORDER, ensureIndexes } from './indexes.js';
import { finishMergesOf } from './merge-contacts.js';
import { withStoreErrors } from './mongo-errors.js';
import { claimOutbox, completeOutbound, queueOutbound } from './outbox.js';
import { listFlowVersions, recordFlowVersion } from './flow-versions.js';
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
  /** How long the outbound log keeps an entry after its outcome, in ms (default 90 days). */
  readonly outboundRetentionMs?: number;
  /**
   * Called before each write with the collection and the driver method; a throw stops the write
   * before it is sent. Tests stop a store between two writes with it, as a crash would.
   */
  readonly beforeWrite?: BeforeWrite;
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
  const outboundRetentionMs = options.outboundRetentionMs ?? DEFAULT_OUTBOUND_RETENTION_MS;
  // The one place the write concern is set: collections inherit the database's (the outbox's
  // and the senders' too).
  const db = options.client.db(options.dbName, { writeConcern: options.durable.writeConcern });
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

    findOutbound: (waMessageId) =>
      withStoreErrors('findOutbound', async () => {
        // The unique index on `waMessageId` serves it.
        const doc = await collections.outbound.findOne({ waMessageId });
        return doc ? toOutboundEntry(doc) : null;
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
          collections.outbound.find({ contactId }).sort(CREATION_ORDER).toArray(),
          collections.contacts.findOne({ _id: contactId }, { projection: { outbox: 1 } }),
        ]);
        // The log, then what still waits in the outbox.
        return [...docs.map(toOutboundEntry), ...(contact?.outbox ?? []).map(fromOutboxDoc)];
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

    listHandovers: () =>
      withStoreErrors('listHandovers', async () => {
        const docs = await collections.contacts
          .find({
            'handover.since': { $exists: true },
            'handover.endedAt': { $exists: false },
            mergedInto: { $exists: false },
          })
          .sort({ 'handover.since': 1, _id: 1 })
          .toArray();
        return docs.map(toContactRecord);
      }),

    recordFlowVersion: (texts) =>
      withStoreErrors('recordFlowVersion', () => recordFlowVersion(collections, texts)),
    listFlowVersions: (flowId) =>
      withStoreErrors('listFlowVersions', () => listFlowVersions(collections, flowId)),

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
