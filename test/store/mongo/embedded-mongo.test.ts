import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterEach, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/errors.js';
import {
  EmbeddedMongoUnavailableError,
  prepareMongoStore,
  startEmbeddedMongo,
  type EmbeddedMongo,
} from '../../../src/store/mongo/index.js';
import type { MongodExit } from '../../../src/store/mongo/mongod-exit.js';
import { DATA_VERSION_FILE, readDataVersion } from '../../../src/store/mongo/mongod-version.js';
import { describeWithMongod } from '../../support/mongo-server.js';

// Real mongods, each in a data directory of its own: the embedded server's life around
// crashes, restarts and a second server. Skipped, with the reason, where no mongod binary is.
describeWithMongod('embedded mongod life cycle', () => {
  let root: string | undefined;
  const running: EmbeddedMongo[] = [];
  const clients: MongoClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    for (const mongo of running.splice(0)) await mongo.stop();
    if (root) await rm(root, { recursive: true, force: true });
    root = undefined;
  });

  async function start(dataDir: string, options: { startTimeoutMs?: number } = {}) {
    const mongo = await startEmbeddedMongo({ dataDir, ...options });
    running.push(mongo);
    return mongo;
  }

  async function newDataDir(): Promise<string> {
    root = await mkdtemp(join(tmpdir(), 'optin-embedded-life-'));
    return join(root, 'data');
  }

  function connect(uri: string): MongoClient {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
    clients.push(client);
    return client;
  }

  it('keeps a journaled write through a kill -9 of mongod and a restart', async () => {
    const dataDir = await newDataDir();
    const first = await start(dataDir);
    const { store } = await prepareMongoStore({ client: connect(first.uri), dbName: 'optin' });
    const contact = await store.ensureContact({ phone: '+14155550105' }, 1000);
    await store.saveTurn({
      contactId: contact.id,
      expectedVersion: 0,
      patch: {},
      events: [
        {
          type: 'consent.revoked',
          occurredAt: 2000,
          recordedAt: 2000,
          source: 'whatsapp',
          evidence: { replyText: 'STOP' },
        },
      ],
      messageId: 'wamid.stop',
      now: 2000,
    });

    const lost = new Promise<MongodExit>((resolve) => first.onLost(resolve));
    process.kill(first.pid ?? 0, 'SIGKILL');
    await lost;

    const second = await start(dataDir);
    const again = await prepareMongoStore({ client: connect(second.uri), dbName: 'optin' });
    const found = await again.store.findContact({ phone: '+14155550105' });
    expect(found?.consent.status).toBe('opted_out');
    expect(found?.recentMessageIds).toEqual(['wamid.stop']);
  });

  it('notices mongod dying: says how, and the store answers 503 at once', async () => {
    const mongo = await start(await newDataDir());
    const { store } = await prepareMongoStore({
      client: connect(mongo.uri),
      dbName: 'optin',
      knownUnavailable: mongo.lostReason,
    });
    await store.ping();
    const lost = new Promise<MongodExit>((resolve) => mongo.onLost(resolve));

    process.kill(mongo.pid ?? 0, 'SIGKILL');

    expect(await lost).toEqual({ code: null, signal: 'SIGKILL' });
    expect(mongo.lostReason()).toContain('killed by SIGKILL');
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    const late: MongodExit[] = [];
    mongo.onLost((exit) => late.push(exit)); // a listener added afterwards still hears it
    expect(late).toEqual([{ code: null, signal: 'SIGKILL' }]);
  });

  it('does not report the stop it was asked for', async () => {
    const mongo = await start(await newDataDir());
    const lost: MongodExit[] = [];
    mongo.onLost((exit) => lost.push(exit));

    await mongo.stop();

    expect(lost).toEqual([]);
    expect(mongo.lostReason()).toBeUndefined();
  });

  it.skipIf(process.platform !== 'linux')(
    'runs mongod in a process group of its own, which a Ctrl-C to the server does not reach',
    async () => {
      const mongo = await start(await newDataDir());
      const groupOf = async (pid: number) => {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      };
      expect(await groupOf(mongo.pid ?? 0)).not.toBe(await groupOf(process.pid));
      expect(await groupOf(mongo.pid ?? 0)).toBe(mongo.pid);
    },
  );

  it('caps the WiredTiger cache', async () => {
    const dataDir = await newDataDir();
    const mongo = await startEmbeddedMongo({ dataDir, cacheSizeMb: 300 });
    running.push(mongo);
    const status = await connect(mongo.uri).db('admin').command({ serverStatus: 1 });
    const cache = (status['wiredTiger'] as { cache: Record<string, number> }).cache;
    // 300 MiB asks for 0.293 GB; mongod rounds it to whole bytes.
    expect(cache['maximum bytes configured']).toBeGreaterThan(290 * 1024 * 1024);
    expect(cache['maximum bytes configured']).toBeLessThan(310 * 1024 * 1024);
  });

  it('records its version in DATA_DIR', async () => {
    const dataDir = await newDataDir();
    const mongo = await start(dataDir);
    expect(mongo.dataDir).toBe(dataDir);
    expect(await readDataVersion(dataDir)).toBe(mongo.version);
  });

  it('refuses data a newer mongod wrote, in words, before starting mongod', async () => {
    const dataDir = await newDataDir();
    await start(dataDir).then((mongo) => mongo.stop());
    running.splice(0);
    await writeFile(join(dataDir, DATA_VERSION_FILE), '{"mongodVersion": "99.0.0"}');

    const error: unknown = await startEmbeddedMongo({ dataDir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EmbeddedMongoUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain(`The data in ${dataDir} was last opened by MongoDB 99.0.0`);
    expect(message).toContain('UPGRADE PROBLEM');
    expect(await readDataVersion(dataDir)).toBe('99.0.0'); // untouched
  });

  it('says another mongod holds DATA_DIR when a second server starts on it', async () => {
    const dataDir = await newDataDir();
    const first = await start(dataDir);

    // Room for a few launches on a busy machine: the retries, not the deadline, end the start.
    const error: unknown = await startEmbeddedMongo({ dataDir, startTimeoutMs: 8000 }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(EmbeddedMongoUnavailableError);
    expect((error as Error).message).toContain(`another mongod holds ${dataDir}`);
    await connect(first.uri).db('admin').command({ ping: 1 }); // the first one goes on
    expect(await readdir(dataDir)).toContain('mongod.lock');
  });
});
