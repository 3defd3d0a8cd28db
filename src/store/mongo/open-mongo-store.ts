/**
 * The MongoDB store of a running server: `MONGODB_URI`, or an embedded `mongod` with its data
 * under `DATA_DIR`. `main.ts` imports this module only when the store is MongoDB, so that a
 * `STORE=memory` server never loads the driver or `mongodb-memory-server`.
 */
import { MongoClient } from 'mongodb';
import type { AppConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../port.js';
import { EmbeddedMongoUnavailableError } from './embedded-mongo-unavailable-error.js';
import { prepareMongoStore } from './prepare-mongo-store.js';
import { startEmbeddedMongo } from './start-embedded-mongo.js';
import type { EmbeddedMongo } from './start-embedded-mongo.js';
import { superviseEmbeddedMongo } from './supervise-embedded-mongo.js';
import { describeWriteConcern } from './write-concern.js';

/** MongoDB cannot be used; the message says why and what to do, for a person. */
export class MongoStartupError extends Error {}

export interface OpenedMongoStore {
  readonly store: Store;
  readonly embedded?: EmbeddedMongo;
  /** Watches the embedded `mongod` (when there is one): `exit` is called if it dies. */
  readonly supervise: (exit: (code: number, why: string) => void) => void;
}

/** Starts (or reaches) MongoDB, prepares the store and says which write concern it uses. */
export async function openMongoStore(config: AppConfig, logger: Logger): Promise<OpenedMongoStore> {
  let embedded: EmbeddedMongo | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    process.stdout.write(`Starting the embedded MongoDB (data in ${config.dataDir})…\n`);
    try {
      embedded = await startEmbeddedMongo({ dataDir: config.dataDir, ...config.embeddedMongo });
    } catch (error) {
      if (error instanceof EmbeddedMongoUnavailableError)
        throw new MongoStartupError(error.message);
      throw error;
    }
    logger.info(
      { dataDir: embedded.dataDir, version: embedded.version, pid: embedded.pid },
      'embedded MongoDB started',
    );
    uri = embedded.uri;
  }
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const { store, durable } = await prepareMongoStore({
      client,
      dbName: config.mongodbDb,
      ...(embedded ? { knownUnavailable: embedded.lostReason } : {}),
    });
    logger.info(
      { topology: durable.topology, writeConcern: describeWriteConcern(durable) },
      `MongoDB write concern ${describeWriteConcern(durable)}: a write is acknowledged once it is in the journal${durable.topology === 'standalone' ? '' : ' of a majority of the members'}`,
    );
    const supervise = (exit: (code: number, why: string) => void) => {
      if (embedded) superviseEmbeddedMongo(embedded, { logger, exit });
    };
    return { store, supervise, ...(embedded ? { embedded } : {}) };
  } catch (error) {
    await client.close();
    await embedded?.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new MongoStartupError(
      `MongoDB at ${config.mongodbUri ? 'MONGODB_URI' : 'the embedded server'} cannot be used: ${reason}\n` +
        'Check MONGODB_URI, or set STORE=memory for a demo store that keeps nothing.',
    );
  }
}
