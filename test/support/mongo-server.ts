import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { errors } from 'mongodb-memory-server';
import { EmbeddedMongoUnavailableError, startEmbeddedMongo } from '../../src/store/mongo/index.js';

/** A MongoDB server for a test file, or why there is none. */
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
    const mongo = await startEmbeddedMongo({ dataDir, startTimeoutMs: ACQUIRE_TIMEOUT_MS });
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

/** True when unavailability must fail the run instead of skipping (CI with a server). */
export function isMongoRequired(): boolean {
  return process.env.REQUIRE_MONGO === '1';
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
