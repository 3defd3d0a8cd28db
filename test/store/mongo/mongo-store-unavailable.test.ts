import { MongoClient, MongoServerSelectionError } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/errors.js';
import { request, startTestServer } from '../../support/test-server.js';
import {
  createMongoStore,
  durableWriteConcernFor,
  type MongoStore,
} from '../../../src/store/mongo/index.js';

// Runs the real driver against a port where nothing listens: no server and no mock needed.
describe('MongoDB store without a reachable server', () => {
  let store: MongoStore | undefined;
  afterEach(async () => {
    await store?.close();
  });

  function unreachableStore(knownUnavailable?: () => string | undefined): MongoStore {
    const client = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 200 });
    store = createMongoStore({
      client,
      dbName: 'optin_unreachable',
      durable: durableWriteConcernFor('standalone'),
      ...(knownUnavailable ? { knownUnavailable } : {}),
    });
    return store;
  }

  it('answers ping with StoreUnavailableError, keeping the driver error as cause', async () => {
    const error: unknown = await unreachableStore()
      .ping()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).code).toBe('store_unavailable');
    expect((error as StoreUnavailableError).context).toEqual({ operation: 'ping' });
    expect((error as Error).cause).toBeInstanceOf(MongoServerSelectionError);
  });

  it('maps reads and writes the same way, so a webhook can answer 503', async () => {
    const unreachable = unreachableStore();

    await expect(unreachable.getContact('c1')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(unreachable.ensureContact({ phone: '+34600123456' }, 0)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(
      unreachable.saveTurn({ contactId: 'c1', expectedVersion: 0, patch: {}, events: [], now: 0 }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(unreachable.ensureIndexes()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('does no I/O until asked', () => {
    expect(() => unreachableStore()).not.toThrow();
  });

  describe('when the embedded mongod is known to be gone', () => {
    const killed = 'the embedded MongoDB (mongod) was killed by SIGKILL';

    it('fails ping at once, saying why, without asking the server', async () => {
      const error: unknown = await unreachableStore(() => killed)
        .ping()
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toBe(`MongoDB is unavailable: ${killed}.`);
      // No driver error behind it: the server was not asked.
      expect((error as Error).cause).toBeUndefined();
    });

    it('makes GET /readyz answer 503 store_unavailable with the reason', async () => {
      let gone: string | undefined;
      const t = await startTestServer({ store: unreachableStore(() => gone) });
      try {
        gone = killed;
        const response = await request(`${t.url}/readyz`);
        expect(response.status).toBe(503);
        expect(response.json).toEqual({
          code: 'store_unavailable',
          message: `MongoDB is unavailable: ${killed}.`,
        });
      } finally {
        await t.close();
      }
    });
  });
});
