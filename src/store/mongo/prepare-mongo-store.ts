import { createMongoStore, type MongoStore, type MongoStoreOptions } from './mongo-store.js';
import { withStoreErrors } from './mongo-errors.js';
import { readDurableWriteConcern, type DurableWriteConcern } from './write-concern.js';

/** A MongoDB store ready to serve, and the write concern it writes with. */
export interface PreparedMongoStore {
  readonly store: MongoStore;
  readonly durable: DurableWriteConcern;
}

/**
 * The start-up step of every entry point (the server, the simulator, the tests): asks the
 * server its topology for the durable write concern, creates the store with it, and creates
 * the indexes. Throws `StoreUnavailableError` when the server cannot be reached.
 * @example
 * const { store, durable } = await prepareMongoStore({ client: new MongoClient(uri), dbName: 'optin' });
 */
export async function prepareMongoStore(
  options: Omit<MongoStoreOptions, 'durable'>,
): Promise<PreparedMongoStore> {
  const durable = await withStoreErrors('hello', () => readDurableWriteConcern(options.client));
  const store = createMongoStore({ ...options, durable });
  await store.ensureIndexes();
  return { store, durable };
}
