import { MongoBulkWriteError, MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/errors.js';
import { openCollections } from '../../../src/store/mongo/collections.js';
import type { EventDoc } from '../../../src/store/mongo/documents.js';
import { isUnavailableError, withStoreErrors } from '../../../src/store/mongo/mongo-errors.js';
import { flushPendingEvents } from '../../../src/store/mongo/pending-events.js';

// The real driver against a port where nothing listens: the errors are the driver's own.
describe('MongoDB error classification', () => {
  let client: MongoClient | undefined;
  afterEach(async () => {
    await client?.close();
  });

  /** Collections whose server cannot be reached, once a first operation has found that out. */
  async function unreachableCollections() {
    client = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 200 });
    const db = client.db('optin_unreachable');
    await db.command({ ping: 1 }).catch(() => undefined);
    return openCollections(db);
  }

  it('reads a bulk write the server could not take as unavailable, not as a write error', async () => {
    const collections = await unreachableCollections();

    const error: unknown = await collections.events
      .insertMany([pendingEvent()], { ordered: false })
      .catch((e: unknown) => e);

    // The driver wraps the reason a batch stopped in a MongoBulkWriteError without write errors.
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect((error as MongoBulkWriteError).writeErrors).toEqual([]);
    expect(isUnavailableError(error)).toBe(true);
  });

  it('answers a pending-event flush to an unreachable server with StoreUnavailableError (503)', async () => {
    const collections = await unreachableCollections();

    const flushed = withStoreErrors('listEvents', () =>
      flushPendingEvents(collections, 'c1', [pendingEvent()]),
    );

    await expect(flushed).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(flushed).rejects.toMatchObject({ context: { operation: 'listEvents' } });
  });
});

function pendingEvent(): EventDoc {
  return {
    _id: 'ev-1',
    contactId: 'c1',
    type: 'consent.revoked',
    occurredAt: 1000,
    recordedAt: 1000,
    source: 'whatsapp',
    evidence: {},
    turn: 1,
    position: 0,
  };
}
