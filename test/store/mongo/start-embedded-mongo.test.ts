import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EmbeddedMongoUnavailableError,
  startEmbeddedMongo,
} from '../../../src/store/mongo/index.js';

describe('startEmbeddedMongo', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  // This asserts what really happens on the machine running it: with a mongod to be had, the
  // data survives a restart; without one, the error names the three ways out. Never skipped.
  it('keeps data across restarts, or fails naming MONGODB_URI, MONGOMS_SYSTEM_BINARY and STORE=memory', async () => {
    root = await mkdtemp(join(tmpdir(), 'optin-embedded-'));
    const dataDir = join(root, 'nested', 'data');

    const first = await startEmbeddedMongo({ dataDir }).then(
      (mongo) => ({ started: true as const, mongo }),
      (error: unknown) => ({ started: false as const, error }),
    );

    expect(await readdir(dataDir)).toBeDefined(); // created even when mongod cannot start
    if (!first.started) {
      expect(first.error).toBeInstanceOf(EmbeddedMongoUnavailableError);
      const error = first.error as EmbeddedMongoUnavailableError;
      expect(error.code).toBe('embedded_mongo_unavailable');
      expect(error.message).toContain('MONGODB_URI');
      expect(error.message).toContain('MONGOMS_SYSTEM_BINARY');
      expect(error.message).toContain('STORE=memory');
      expect(error.cause).toBeInstanceOf(Error);
      return;
    }

    const client = new MongoClient(first.mongo.uri);
    await client.db('optin').collection('probe').insertOne({ kept: true });
    await client.close();
    await first.mongo.stop();
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

  it('gives up after startTimeoutMs instead of waiting on a download', async () => {
    root = await mkdtemp(join(tmpdir(), 'optin-embedded-'));

    const error: unknown = await startEmbeddedMongo({
      dataDir: join(root, 'data'),
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
