import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EmbeddedMongoUnavailableError,
  startEmbeddedMongo,
  type EmbeddedMongo,
} from '../../../src/store/mongo/index.js';
import type { MongodExit } from '../../../src/store/mongo/mongod-exit.js';
import { readDataVersion } from '../../../src/store/mongo/mongod-version.js';

const STAND_IN = fileURLToPath(new URL('../../support/stand-in-mongod', import.meta.url));

/** The process group of a process (Linux: field 5 of /proc/<pid>/stat). */
async function processGroup(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

// How startEmbeddedMongo starts, checks and watches the mongod PROCESS, with a stand-in that
// prints mongod's start-up lines (test/support/stand-in-mongod). What a real mongod does with
// the data is tested in embedded-mongo.test.ts, wherever a mongod binary is at hand.
describe.skipIf(process.platform !== 'linux')(
  'embedded mongod start-up and watch (stand-in mongod process)',
  () => {
    let root: string;
    let dataDir: string;
    let argsLog: string;
    const running: EmbeddedMongo[] = [];
    // The variables these tests set, restored one by one afterwards: `process.env` itself is
    // never replaced, since other test files may share this process (vitest `isolate: false`)
    // and Node's own writes (`process.loadEnvFile`) go to the real environment object.
    const VARIABLES = [
      'MONGOMS_SYSTEM_BINARY',
      'STAND_IN_MONGOD_ARGS',
      'STAND_IN_MONGOD_DELAY_S',
      'STAND_IN_MONGOD_VERSION',
      'STAND_IN_MONGOD_LOCKED',
    ] as const;
    const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), 'optin-stand-in-'));
      dataDir = join(root, 'data');
      argsLog = join(root, 'args.log');
      // mongodb-memory-server reads its settings from the environment when it starts mongod.
      process.env.MONGOMS_SYSTEM_BINARY = STAND_IN;
      process.env.STAND_IN_MONGOD_ARGS = argsLog;
    });
    afterEach(async () => {
      for (const mongo of running.splice(0)) await mongo.stop();
      for (const name of VARIABLES) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      await rm(root, { recursive: true, force: true });
    });

    async function start(options: { startTimeoutMs?: number; cacheSizeMb?: number } = {}) {
      const mongo = await startEmbeddedMongo({ dataDir, startTimeoutMs: 10_000, ...options });
      running.push(mongo);
      return mongo;
    }

    async function launches(): Promise<string[]> {
      return (await readFile(argsLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    }

    it('starts mongod in its own process group with the cache cap, and records its version', async () => {
      const mongo = await start({ cacheSizeMb: 1024 });

      expect(mongo.version).toBe('8.2.6');
      expect(mongo.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await readDataVersion(dataDir)).toBe('8.2.6');
      expect(await processGroup(mongo.pid ?? 0)).toBe(mongo.pid);
      expect(await processGroup(mongo.pid ?? 0)).not.toBe(await processGroup(process.pid));
      const [args] = await launches();
      expect(args).toContain(`--dbpath ${dataDir}`);
      expect(args).toContain('--wiredTigerCacheSizeGB 1');
    });

    it('waits for a mongod slower than mongodb-memory-server’s own 10 s launch timeout', async () => {
      // A journal replay after a crash on a large DATA_DIR: ready after 11 s.
      process.env.STAND_IN_MONGOD_DELAY_S = '11';

      const mongo = await start({ startTimeoutMs: 30_000 });

      expect(mongo.lostReason()).toBeUndefined();
      expect(await launches()).toHaveLength(1);
    }, 40_000);

    it('reports mongod killed while running, once, and not a stop it asked for', async () => {
      const mongo = await start();
      const lost = new Promise<MongodExit>((resolve) => mongo.onLost(resolve));

      process.kill(mongo.pid ?? 0, 'SIGKILL');

      expect(await lost).toEqual({ code: null, signal: 'SIGKILL' });
      expect(mongo.lostReason()).toContain('was killed by SIGKILL');

      const next = await start();
      const stopped: MongodExit[] = [];
      next.onLost((exit) => stopped.push(exit));
      await next.stop();
      expect(stopped).toEqual([]);
    });

    it('refuses an older mongod than the data’s before launching it', async () => {
      await start().then((mongo) => mongo.stop());
      running.splice(0);
      process.env.STAND_IN_MONGOD_VERSION = '8.0.4';

      const error: unknown = await start().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EmbeddedMongoUnavailableError);
      expect((error as Error).message).toContain('was last opened by MongoDB 8.2.6');
      expect((error as Error).message).toContain(`(${STAND_IN}) is 8.0.4`);
      expect(await launches()).toHaveLength(1); // only the first start ran a mongod
      expect(await readDataVersion(dataDir)).toBe('8.2.6');
    });

    it('tries again while DATA_DIR is held, then says another mongod holds it', async () => {
      process.env.STAND_IN_MONGOD_LOCKED = '1';

      // Room for a few launches on a busy machine: the retries, not the deadline, end the start.
      const error: unknown = await start({ startTimeoutMs: 4000 }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EmbeddedMongoUnavailableError);
      expect((error as Error).message).toContain(`another mongod holds ${dataDir}`);
      expect((await launches()).length).toBeGreaterThan(1);
      expect(await readdir(dataDir)).not.toContain('optin-mongod-version.json');
    });
  },
);
