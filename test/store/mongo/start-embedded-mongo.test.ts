import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EmbeddedMongoUnavailableError,
  startEmbeddedMongo,
} from '../../../src/store/mongo/index.js';
import { describeWithMongod } from '../../support/mongo-server.js';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function newRoot(): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'optin-embedded-'));
  return root;
}

// Each outcome is a test of its own, on a machine where that outcome is the right one: the
// data kept across a restart where a mongod binary is at hand (skipped, with the reason,
// elsewhere), and the error with its ways out where no binary can be had, made so here.
describeWithMongod('startEmbeddedMongo with a mongod', () => {
  it('keeps data across restarts in the data directory it creates', async () => {
    const dataDir = join(await newRoot(), 'nested', 'data');

    const first = await startEmbeddedMongo({ dataDir });
    const client = new MongoClient(first.uri);
    await client.db('optin').collection('probe').insertOne({ kept: true });
    await client.close();
    await first.stop();
    expect((await readdir(dataDir)).length).toBeGreaterThan(0);
    await writeFile(join(dataDir, 'marker'), 'kept');

    const second = await startEmbeddedMongo({ dataDir });
    const again = new MongoClient(second.uri);
    const found = await again.db('optin').collection('probe').findOne({ kept: true });
    await again.close();
    await second.stop();
    expect(found?.kept).toBe(true);
    expect(await readFile(join(dataDir, 'marker'), 'utf8')).toBe('kept');
  });
});

describe('startEmbeddedMongo without a mongod', () => {
  // MONGOMS_SYSTEM_BINARY names the binary to use and nothing else is looked for: pointed at a
  // file that does not exist, no mongod can be had, whatever this machine has cached.
  const saved = process.env.MONGOMS_SYSTEM_BINARY;
  beforeEach(() => {
    process.env.MONGOMS_SYSTEM_BINARY = join(tmpdir(), 'optin-no-such-dir', 'mongod');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.MONGOMS_SYSTEM_BINARY;
    else process.env.MONGOMS_SYSTEM_BINARY = saved;
  });

  it('fails naming MONGODB_URI, MONGOMS_SYSTEM_BINARY and STORE=memory, with the data directory made', async () => {
    const dataDir = join(await newRoot(), 'nested', 'data');

    const error: unknown = await startEmbeddedMongo({ dataDir }).then(
      async (mongo) => {
        await mongo.stop();
        return undefined;
      },
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(EmbeddedMongoUnavailableError);
    const unavailable = error as EmbeddedMongoUnavailableError;
    expect(unavailable.code).toBe('embedded_mongo_unavailable');
    expect(unavailable.message).toContain('optin-no-such-dir');
    expect(unavailable.message).toContain('MONGODB_URI');
    expect(unavailable.message).toContain('MONGOMS_SYSTEM_BINARY');
    expect(unavailable.message).toContain('STORE=memory');
    expect(unavailable.cause).toBeInstanceOf(Error);
    // The data directory is made before anything else, even when mongod cannot start.
    expect((await stat(dataDir)).isDirectory()).toBe(true);
    expect(await readdir(dataDir)).toEqual([]);
  });
});

describe('startEmbeddedMongo deadline', () => {
  it('gives up after startTimeoutMs instead of waiting on a download', async () => {
    const error: unknown = await startEmbeddedMongo({
      dataDir: join(await newRoot(), 'data'),
      startTimeoutMs: 1,
    }).then(
      async (mongo) => {
        await mongo.stop();
        return undefined;
      },
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(EmbeddedMongoUnavailableError);
    expect((error as EmbeddedMongoUnavailableError).reason).toContain('did not start within');
  });
});
