import { createRequire } from 'node:module';
import {
  MongoBulkWriteError,
  MongoClient,
  MongoErrorLabel,
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  type MongoError,
} from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/errors.js';
import { openCollections } from '../../../src/store/mongo/collections.js';
import type { EventDoc } from '../../../src/store/mongo/documents.js';
import {
  isUnavailableError,
  isUnknownWriteOutcome,
  withStoreErrors,
} from '../../../src/store/mongo/mongo-errors.js';
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

/** The driver's connection-pool errors: not exported by `mongodb`, constructed from its own module. */
const poolErrors = createRequire(import.meta.url)('mongodb/lib/cmap/errors.js') as {
  WaitQueueTimeoutError: new (message: string, address: string) => MongoError;
  PoolClosedError: new (pool: { address: string }) => MongoError;
  PoolClearedError: new (pool: { address: string }, message?: string) => MongoNetworkError;
};

describe('MongoDB errors the driver raises without a server answer', () => {
  it('reads a wait-queue timeout (every pooled connection busy) as unavailable', () => {
    const error = new poolErrors.WaitQueueTimeoutError(
      'Timed out while checking out a connection from connection pool',
      '127.0.0.1:27017',
    );
    expect(isUnavailableError(error)).toBe(true);
  });

  it('reads a closed pool (the client is shutting down) as unavailable', () => {
    expect(isUnavailableError(new poolErrors.PoolClosedError({ address: '127.0.0.1:27017' }))).toBe(
      true,
    );
  });

  it('reads an error by the labels the driver or server gave it, whatever its code', () => {
    for (const label of [
      MongoErrorLabel.RetryableWriteError,
      MongoErrorLabel.ResetPool,
      MongoErrorLabel.SystemOverloadedError,
    ]) {
      const error = new MongoServerError({ errmsg: 'try later', code: 1, errorLabels: [label] });
      expect(isUnavailableError(error)).toBe(true);
    }
  });

  it('does not read a wrong request as unavailable', () => {
    expect(isUnavailableError(new MongoServerError({ errmsg: 'bad', code: 2 }))).toBe(false);
    expect(isUnavailableError(new Error('not MongoDB'))).toBe(false);
  });
});

describe('a write whose outcome is unknown', () => {
  it('is one whose connection failed after the request left', () => {
    expect(isUnknownWriteOutcome(new MongoNetworkError('connection 3 to 127.0.0.1 closed'))).toBe(
      true,
    );
  });

  it('is not one the driver says performed no write', () => {
    const error = new MongoNetworkError('connection closed');
    error.addErrorLabel(MongoErrorLabel.NoWritesPerformed);
    expect(isUnknownWriteOutcome(error)).toBe(false);
  });

  it('is not one that failed before sending: server selection, or a pool cleared at checkout', () => {
    const selection = new MongoServerSelectionError('no server', {
      type: 'Unknown',
      servers: new Map(),
    } as never);
    expect(isUnknownWriteOutcome(selection)).toBe(false);
    expect(
      isUnknownWriteOutcome(new poolErrors.PoolClearedError({ address: '127.0.0.1:27017' }, 'x')),
    ).toBe(false);
  });

  it('is not a server error: the server answered, so nothing was written', () => {
    expect(isUnknownWriteOutcome(new MongoServerError({ errmsg: 'x', code: 11000 }))).toBe(false);
  });
});
