import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { MongoBinary, MongoInstance, errors } from 'mongodb-memory-server';
import { EmbeddedMongoUnavailableError } from './embedded-mongo-unavailable-error.js';
import { embeddedMongodOptions } from './embedded-mongod-options.js';
import { describeMongodExit, watchMongodExit, type MongodExit } from './mongod-exit.js';
import { explainLaunchFailure, isDbPathInUse, retryWhileDbPathInUse } from './mongod-launch.js';
import {
  PINNED_MONGOD_VERSION,
  checkDataVersion,
  parseMongodVersion,
  readDataVersion,
  recordDataVersion,
} from './mongod-version.js';

/** Options of {@link startEmbeddedMongo}. */
export interface EmbeddedMongoOptions {
  /** Where the database files live (created if missing, never deleted); absolute, e.g. `/srv/bot/.data`. */
  readonly dataDir: string;
  /**
   * Give up after this long, in ms (default 60 s): finding (or downloading) the binary, then
   * `mongod` replaying its journal after a crash, then waiting for a previous `mongod` to let go
   * of DATA_DIR. Without a network the download's own retries could otherwise last minutes.
   */
  readonly startTimeoutMs?: number;
  /** The WiredTiger cache of the embedded `mongod`, in MiB (default 512). */
  readonly cacheSizeMb?: number;
}

/** A running embedded `mongod`. */
export interface EmbeddedMongo {
  /** Connection string for the driver, e.g. `mongodb://127.0.0.1:41235/`. */
  readonly uri: string;
  /** The absolute data directory. */
  readonly dataDir: string;
  /** The version of the running `mongod`, as recorded in DATA_DIR. */
  readonly version: string;
  /** The `mongod` process id. */
  readonly pid: number | undefined;
  /** Why `mongod` is gone, when it exited without being asked to stop; undefined while it runs. */
  readonly lostReason: () => string | undefined;
  /**
   * Calls `listener` once if `mongod` exits without being asked to stop (killed, crashed):
   * the store can then serve nothing until the process is restarted.
   */
  onLost(listener: (exit: MongodExit) => void): void;
  /** Stops `mongod` (after the store is closed) and keeps its data directory. */
  stop(): Promise<void>;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;
const DEFAULT_CACHE_SIZE_MB = 512;

/**
 * Starts a `mongod` of the pinned version ({@link PINNED_MONGOD_VERSION}) with its data kept
 * on disk, so consent survives a restart. Honours mongodb-memory-server's `MONGOMS_*` settings,
 * notably `MONGOMS_SYSTEM_BINARY` (use this `mongod`) and `MONGOMS_DOWNLOAD_DIR`. Before it
 * starts, the binary's version is checked against the one recorded in DATA_DIR; while another
 * `mongod` holds DATA_DIR (one still shutting down after a crash) it waits and tries again.
 * @throws EmbeddedMongoUnavailableError when it cannot start, saying why and what to do.
 * @example
 * const mongo = await startEmbeddedMongo({ dataDir: '/srv/bot/.data' });
 * const client = new MongoClient(mongo.uri);
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const dbPath = resolve(options.dataDir);
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const context = { dataDir: dbPath };
  try {
    await mkdir(dbPath, { recursive: true });
  } catch (error) {
    throw new EmbeddedMongoUnavailableError(
      `its data directory ${dbPath} cannot be created (${oneLine(error)})`,
      context,
      { cause: error },
    );
  }

  const deadlineAt = Date.now() + timeoutMs;
  let abandoned = false;
  // Should the deadline fire while a previous mongod still holds DATA_DIR, that is the reason.
  let heldBy: unknown;
  const starting = (async () => {
    // Find (or download) the binary first: a failure there is ours to report in one message.
    const binaryPath = await MongoBinary.getPath({ version: PINNED_MONGOD_VERSION });
    const version = await mongodVersion(binaryPath);
    const verdict = checkDataVersion({
      recorded: await readDataVersion(dbPath),
      binary: version,
      binaryPath,
      dataDir: dbPath,
    });
    if (!verdict.ok) throw new DataVersionMismatch(verdict.problem);
    const instance = await retryWhileDbPathInUse(
      async () => {
        if (abandoned) throw new Error('the start was abandoned');
        const launched = new MongoInstance(
          embeddedMongodOptions({
            dbPath,
            port: await freePort(),
            binaryPath,
            version,
            launchTimeoutMs: deadlineAt - Date.now(),
            cacheSizeMb: options.cacheSizeMb ?? DEFAULT_CACHE_SIZE_MB,
          }),
        );
        await launched.start();
        return launched;
      },
      {
        budgetMs: timeoutMs,
        now: Date.now,
        sleep: (ms) => sleep(ms),
        onRetry: (error) => {
          heldBy = error;
        },
      },
    );
    return { instance, version };
  })();

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new StartDeadline(`mongod did not start within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
  let started: Awaited<typeof starting>;
  try {
    started = await Promise.race([starting, deadline]);
  } catch (error) {
    abandoned = true;
    // Should the start still succeed after the deadline, stop that mongod: no orphan process.
    // Its outcome has nobody left to report to: the caller already has this error.
    starting.then(({ instance }) => instance.stop()).catch(() => false);
    throw startFailure(error instanceof StartDeadline && heldBy ? heldBy : error, dbPath);
  } finally {
    clearTimeout(timer);
  }

  const { instance, version } = started;
  let stopping = false;
  let lost: MongodExit | undefined;
  const listeners: ((exit: MongodExit) => void)[] = [];
  watchMongodExit(
    instance,
    () => stopping,
    (exit) => {
      lost = exit;
      for (const listener of listeners) listener(exit);
    },
  );
  try {
    await recordDataVersion(dbPath, version, new Date());
  } catch (error) {
    stopping = true;
    await instance.stop();
    throw new EmbeddedMongoUnavailableError(
      `the mongod version cannot be recorded in ${dbPath} (${oneLine(error)})`,
      context,
      { cause: error },
    );
  }
  return {
    uri: `mongodb://127.0.0.1:${String(instance.instanceOpts.port)}/`,
    dataDir: dbPath,
    version,
    pid: instance.mongodProcess?.pid,
    lostReason: () => (lost ? describeMongodExit(lost) : undefined),
    onLost: (listener) => {
      // Lost before anyone listened (while the server was still starting): say so at once.
      if (lost) listener(lost);
      else listeners.push(listener);
    },
    stop: async () => {
      stopping = true;
      await instance.stop();
    },
  };
}

/** The data in DATA_DIR is of a version the binary cannot open (said in words). */
class DataVersionMismatch extends Error {}

/** The start took longer than `startTimeoutMs`. */
class StartDeadline extends Error {}

/** The error the caller gets: why, in words, and what to do. */
function startFailure(error: unknown, dataDir: string): EmbeddedMongoUnavailableError {
  const context = { dataDir };
  if (error instanceof DataVersionMismatch) {
    return new EmbeddedMongoUnavailableError(
      'the mongod version does not match the data',
      context,
      { cause: error, advice: error.message },
    );
  }
  if (error instanceof errors.DownloadError) {
    return new EmbeddedMongoUnavailableError(
      `no mongod binary was found and downloading one from ${error.url} failed (${error.msg.trim()})`,
      context,
      { cause: error },
    );
  }
  const reason = explainLaunchFailure(error, dataDir);
  return new EmbeddedMongoUnavailableError(reason, context, {
    cause: error,
    ...(isDbPathInUse(error) ? { advice: 'Only one server may use a DATA_DIR at a time.' } : {}),
  });
}

/** The version `mongod --version` prints. */
async function mongodVersion(binaryPath: string): Promise<string> {
  const { stdout } = await promisify(execFile)(binaryPath, ['--version'], { timeout: 30_000 });
  const version = parseMongodVersion(stdout);
  if (!version) {
    throw new Error(`${binaryPath} --version did not print a "db version": is it a mongod?`);
  }
  return version;
}

/** A port free on 127.0.0.1 right now (should another process take it first, mongod says so). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().replace(/\.$/, '').slice(0, 300);
}
