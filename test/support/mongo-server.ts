import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { MongoBinary, errors } from 'mongodb-memory-server';
import { describe, inject, it } from 'vitest';
import {
  EmbeddedMongoUnavailableError,
  prepareMongoStore,
  startEmbeddedMongo,
} from '../../src/store/mongo/index.js';
import { PINNED_MONGOD_VERSION } from '../../src/store/mongo/mongod-version.js';

/** The run's MongoDB server as the test files see it (passed from the global setup). */
export type MongoForTests =
  | { readonly available: true; readonly uri: string }
  | { readonly available: false; readonly reason: string };

/** Whether a `mongod` binary is at hand for tests that start embedded servers of their own. */
export type MongodForTests =
  { readonly available: true } | { readonly available: false; readonly reason: string };

/** A MongoDB server for the run, or why there is none. */
export type TestMongo =
  | { readonly available: true; readonly uri: string; stop(): Promise<void> }
  | { readonly available: false; readonly reason: string };

/** Bounds the whole acquisition: a test run never hangs waiting for a server. */
const ACQUIRE_TIMEOUT_MS = 60_000;

/**
 * Finds a real `mongod` for the MongoDB tests: `MONGODB_URI` when set (each test then uses
 * its own database on it), otherwise one started by mongodb-memory-server in a temporary
 * directory (which honours `MONGOMS_SYSTEM_BINARY`). Never a mock. When neither works, says
 * why in a few words, so the suite can be skipped with that reason (or fail under
 * `REQUIRE_MONGO=1`).
 */
export async function acquireTestMongo(): Promise<TestMongo> {
  const uri = process.env.MONGODB_URI;
  if (uri) return useGivenServer(uri);

  const dataDir = await mkdtemp(join(tmpdir(), 'optin-test-mongo-'));
  try {
    const mongo = await withDownloadTries(() =>
      startEmbeddedMongo({ dataDir, startTimeoutMs: ACQUIRE_TIMEOUT_MS }),
    );
    return {
      available: true,
      uri: mongo.uri,
      stop: async () => {
        await mongo.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    if (!(error instanceof EmbeddedMongoUnavailableError)) throw error;
    return { available: false, reason: `no mongod — ${shortReason(error)}` };
  }
}

/**
 * Declares a suite that needs a real MongoDB server: it runs on the run's server (from the
 * global setup, `mongo-global-setup.ts`), or is skipped with the reason in its name, or fails
 * under `REQUIRE_MONGO=1` (CI with a server). Each suite should work in databases of its own.
 * @example
 * describeWithMongo('MongoDB store', (uri) => { describeStoreContract('MongoDB', () => open(uri)); });
 */
export function describeWithMongo(title: string, body: (uri: string) => void): void {
  const mongo = inject('mongo');
  if (!mongo.available && process.env.REQUIRE_MONGO === '1') {
    describe(title, () => {
      it('needs a MongoDB server (REQUIRE_MONGO=1)', () => {
        throw new Error(
          `${mongo.reason}. Set MONGODB_URI to a running server or MONGOMS_SYSTEM_BINARY to a local mongod.`,
        );
      });
    });
    return;
  }
  // Without a server the body is still declared, skipped with the reason in the suite's
  // name, so the report counts every test it could not run and says why.
  describe.skipIf(!mongo.available)(
    mongo.available
      ? title
      : `${title} (skipped: ${mongo.reason}; set MONGODB_URI or MONGOMS_SYSTEM_BINARY)`,
    () => body(mongo.available ? mongo.uri : ''),
  );
}

/** Looks for the `mongod` binary the embedded server would run (downloading it if it can). */
export async function probeMongodBinary(): Promise<MongodForTests> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no binary within 60 s')), ACQUIRE_TIMEOUT_MS);
  });
  try {
    await Promise.race([
      withDownloadTries(() => MongoBinary.getPath({ version: PINNED_MONGOD_VERSION })),
      deadline,
    ]);
    return { available: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { available: false, reason: `no mongod binary — ${message.replace(/\s+/g, ' ')}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Declares a suite that starts embedded `mongod`s of its own (the embedded server's life
 * cycle): it runs when a binary is at hand, or is skipped with the reason in its name, or fails
 * under `REQUIRE_MONGO=1`. Each test should give its servers a data directory of its own.
 */
export function describeWithMongod(title: string, body: () => void): void {
  const mongod = inject('mongod');
  if (!mongod.available && process.env.REQUIRE_MONGO === '1') {
    describe(title, () => {
      it('needs a mongod binary (REQUIRE_MONGO=1)', () => {
        throw new Error(`${mongod.reason}. Set MONGOMS_SYSTEM_BINARY to a local mongod.`);
      });
    });
    return;
  }
  describe.skipIf(!mongod.available)(
    mongod.available ? title : `${title} (skipped: ${mongod.reason}; set MONGOMS_SYSTEM_BINARY)`,
    body,
  );
}

/** Where mongodb-memory-server downloads mongod from, unless told otherwise. */
const DOWNLOAD_HOST = 'fastdl.mongodb.org';

/**
 * mongodb-memory-server tries a failed download of mongod three times, waiting 2 s and then
 * 4 s in between: where the download host does not even resolve (a machine without internet),
 * about 7 s of every test run before the first test, for nothing. There, unless the download
 * is configured otherwise (MONGOMS_MAX_RETRIES, a download URL or mirror, a system binary), it
 * is tried once. A cached binary is not downloaded at all, so it is found as before; a host that
 * resolves keeps every retry.
 */
async function withDownloadTries<T>(acquire: () => Promise<T>): Promise<T> {
  const configured = [
    'MONGOMS_MAX_RETRIES',
    'MONGOMS_DOWNLOAD_URL',
    'MONGOMS_DOWNLOAD_MIRROR',
    'MONGOMS_SYSTEM_BINARY',
  ].some((name) => process.env[name]);
  if (configured || (await hostResolves(DOWNLOAD_HOST))) return acquire();
  process.env.MONGOMS_MAX_RETRIES = '1';
  try {
    return await acquire();
  } finally {
    delete process.env.MONGOMS_MAX_RETRIES;
  }
}

/** False only when the name is unknown (ENOTFOUND); a temporary failure counts as resolving. */
async function hostResolves(host: string): Promise<boolean> {
  return lookup(host).then(
    () => true,
    (error: { code?: string }) => error.code !== 'ENOTFOUND',
  );
}

async function useGivenServer(uri: string): Promise<TestMongo> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.db('admin').command({ ping: 1 });
    return { available: true, uri, stop: () => Promise.resolve() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { available: false, reason: `MONGODB_URI does not answer — ${message}` };
  } finally {
    await client.close();
  }
}

function shortReason(error: EmbeddedMongoUnavailableError): string {
  if (error.cause instanceof errors.DownloadError) {
    return `download failed: ${error.cause.msg.replace(/\s+/g, ' ').trim()}`;
  }
  return error.reason;
}

/** How long a test store remembers processed message ids: longer than any test clock is old. */
const TEST_RETENTION_MS = 100 * 365 * 24 * 60 * 60 * 1000;

/**
 * A MongoDB store in a fresh database of its own on `uri`, prepared as the server prepares it
 * (durable write concern, indexes), and how to drop it afterwards. `client` defaults to a new
 * one on `uri`; give one to watch its commands or to reach the server through a proxy.
 */
export async function openMongoStore(uri: string, prefix: string, client?: MongoClient) {
  const storeClient = client ?? new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  const dbName = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  // Tests run on fixed clocks in the past (2026-03, even 1970): with the default 30-day
  // retention their processed ids would already be expired, and the server's TTL monitor could
  // delete one between a write and the check that follows. A century keeps them for the test.
  const { store, durable } = await prepareMongoStore({
    client: storeClient,
    dbName,
    processedRetentionMs: TEST_RETENTION_MS,
  });
  return {
    client: storeClient,
    dbName,
    store,
    durable,
    dispose: async () => {
      await storeClient.db(dbName).dropDatabase();
      await store.close();
    },
  };
}
