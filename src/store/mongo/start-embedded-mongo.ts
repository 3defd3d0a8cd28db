import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MongoBinary, MongoMemoryServer, errors } from 'mongodb-memory-server';
import { EmbeddedMongoUnavailableError } from './embedded-mongo-unavailable-error.js';

/** Options of {@link startEmbeddedMongo}. */
export interface EmbeddedMongoOptions {
  /** Where the database files live (created if missing, never deleted), e.g. `.data`. */
  readonly dataDir: string;
  /**
   * Give up after this long, in ms (default 60 s). The binary is normally fetched at
   * `npm install`; without a network the download's own retries and inactivity timeouts
   * could otherwise keep the server waiting for minutes.
   */
  readonly startTimeoutMs?: number;
}

/** A running embedded `mongod`. */
export interface EmbeddedMongo {
  /** Connection string for the driver, e.g. `mongodb://127.0.0.1:41235/`. */
  readonly uri: string;
  /** Stops `mongod` and keeps its data directory. */
  stop(): Promise<void>;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;

/**
 * Starts a `mongod` through mongodb-memory-server with its data kept on disk, so consent
 * survives a restart. Honours mongodb-memory-server's own `MONGOMS_*` settings, notably
 * `MONGOMS_SYSTEM_BINARY` (use this `mongod`) and `MONGOMS_DOWNLOAD_DIR`.
 * @throws EmbeddedMongoUnavailableError when it cannot start, naming the ways out.
 * @example
 * const mongo = await startEmbeddedMongo({ dataDir: '.data' });
 * const client = new MongoClient(mongo.uri);
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const dbPath = resolve(options.dataDir);
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  try {
    // mongodb-memory-server reads the directory before starting: it must exist.
    await mkdir(dbPath, { recursive: true });
  } catch (error) {
    throw new EmbeddedMongoUnavailableError(
      `its data directory ${dbPath} cannot be created (${describe(error)})`,
      { dataDir: dbPath },
      { cause: error },
    );
  }

  // A dbPath we pass is never a temporary directory of mongodb-memory-server's, and it only
  // deletes one of those, or the dbPath under `cleanup({ force: true })`, which we never ask.
  const server = new MongoMemoryServer({ instance: { dbPath, storageEngine: 'wiredTiger' } });
  // Find (or download) the binary first: a failure there is ours to report in one clear
  // message, where `server.start()` would first print its own stack trace to the console.
  // The binary is cached, so the start below finds it again at once.
  const starting = MongoBinary.getPath().then(() => server.start());
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`mongod did not start within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([starting, deadline]);
  } catch (error) {
    // Should the start still succeed after the deadline, stop that mongod: no orphan process.
    // Its outcome has nobody left to report to: the caller already has this error.
    starting.then(() => server.stop({ doCleanup: false })).catch(() => false);
    throw new EmbeddedMongoUnavailableError(describe(error), { dataDir: dbPath }, { cause: error });
  } finally {
    clearTimeout(timer);
  }

  return {
    uri: server.getUri(),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

/** One line on why the start failed, for the message a person reads. */
function describe(error: unknown): string {
  if (error instanceof errors.DownloadError) {
    return `no mongod binary was found and downloading one from ${error.url} failed (${error.msg.trim()})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().replace(/\.$/, '').slice(0, 300);
}
