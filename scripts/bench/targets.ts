/**
 * The three servers of `npm run bench`, each on 127.0.0.1 with a free port: a fake WhatsApp
 * Cloud API that only counts sends (in a worker thread), the real bot server from
 * `createServer` and a bare restify server that does the least any webhook receiver must (read,
 * verify, parse), both on the main thread.
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import restify from 'restify';
import type { Server } from 'restify';
import { createCloudApiClient, verifySignature } from '../../src/channels/whatsapp/index.js';
import { assembleDeps } from '../../src/assemble-deps.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { formatFlowIssue } from '../../src/errors.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  rawBodyOf,
  readBody,
  readJsonBody,
} from '../../src/http/body/index.js';
import { createServer, WEBHOOK_PATH } from '../../src/http/index.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics/index.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import { createMemoryStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import type { CloudApiReady, CloudApiWorkerData } from './cloud-api-worker.js';
import { startTsWorker } from './ts-worker.js';

/** A server under load: its base URL and how to stop it. */
export interface BenchTarget {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/** The fake Cloud API: counts what the bot sends and answers each send with a fresh id. */
export interface CountingCloudApi extends BenchTarget {
  /** The graph base to configure, `{url}/v23.0`. */
  readonly graphUrl: string;
  /** `POST …/messages` received so far: the replies the bot sent to customers. */
  sends(): number;
}

/** The real bot server, plus a way to wait for its turns and sends to finish. */
export interface BotTarget extends BenchTarget {
  /** Resolves when every turn and send under way has settled, or after `timeoutMs`: true if drained. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Store calls since the last call of this, by method: the round trips a database would see. */
  takeStoreCalls(): Record<string, number>;
}

/** How the bot server is set up for the benchmark; printed beside the results. */
export interface BotTargetOptions {
  readonly graphUrl: string;
  readonly appSecret: string;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  readonly flowsDir: string;
  /** Outbound pacing: sends per second per business number. */
  readonly perNumberPerSecond: number;
  /** Outbound pacing: one send per customer per this interval after the burst (must be > 0). */
  readonly perCustomerIntervalMs: number;
  /** Level of the bot's JSON log, written to stderr (`error` keeps the table readable). */
  readonly logLevel: string;
}

/**
 * Starts the fake Cloud API in a worker thread of its own (`cloud-api-worker.ts`), so the
 * bot's thread does only the bot's work; its send counter is shared memory.
 */
export async function startCountingCloudApi(): Promise<CountingCloudApi> {
  const counter = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const sends = new Int32Array(counter);
  const worker = startTsWorker(new URL('./cloud-api-worker.ts', import.meta.url), {
    sends: counter,
  } satisfies CloudApiWorkerData);
  const { port } = await new Promise<CloudApiReady>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the fake Cloud API exited (${code}) early`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    graphUrl: `${url}/v23.0`,
    sends: () => Atomics.load(sends, 0),
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/**
 * Starts the bot wired like `src/main.ts` (memory store, the flows of `flowsDir`, the Cloud API
 * client and the outbox sender), with pacing from `options` and the simulator off.
 */
export async function startBotTarget(options: BotTargetOptions): Promise<BotTarget> {
  const config = loadConfig({
    NODE_ENV: 'production',
    STORE: 'memory',
    HOST: '127.0.0.1',
    PORT: '0',
    FLOWS_DIR: options.flowsDir,
    WHATSAPP_APP_SECRET: options.appSecret,
    WHATSAPP_VERIFY_TOKEN: 'bench-verify-token',
    WHATSAPP_ACCESS_TOKEN: options.accessToken,
    WHATSAPP_PHONE_NUMBER_ID: options.phoneNumberId,
    WHATSAPP_GRAPH_URL: options.graphUrl,
    PHONE_HASH_KEY: 'bench-phone-hash-key',
    SIMULATOR: 'off',
    LOG_LEVEL: options.logLevel,
  });
  const logger = createLogger({ level: config.logLevel, destination: process.stderr });
  const counted = countStoreCalls(createMemoryStore());
  const store = counted.store;
  const { flows: loaded, issues } = await loadFlowsDir(config.flowsDir);
  if (issues.length > 0) {
    throw new Error(
      `The flows in ${config.flowsDir}/ do not pass their checks (run npm run flows:check):\n` +
        issues.map((issue) => `  ${formatFlowIssue(issue)}`).join('\n'),
    );
  }
  const flows = createFlowCatalog(
    loaded.map((f) => prepareFlow(f.definition, f.file)),
    config.defaultFlowId,
  );
  const clock = systemClock;
  const metrics = createMetrics({ collectDefaults: true });
  const client = createCloudApiClient({
    graphUrl: config.whatsapp.graphUrl,
    accessToken: options.accessToken,
  });
  // Pacing is set from the options, not the environment: its schema caps it at real limits.
  const deps = assembleDeps({
    config,
    store,
    flows,
    clock,
    logger,
    metrics,
    client,
    pacing: {
      perNumberPerSecond: options.perNumberPerSecond,
      perCustomerIntervalMs: options.perCustomerIntervalMs,
    },
  });
  const { turns, sender } = deps;
  await sender.start();
  const server = createServer(deps);
  const url = await listen(server.server);
  const settle = async () => {
    await turns.idle();
    await sender.idle();
  };
  return {
    url,
    takeStoreCalls: () => counted.take(),
    async drain(timeoutMs) {
      const timeout = sleep(timeoutMs, false, { ref: false });
      return Promise.race([settle().then(() => true), timeout]);
    },
    async close() {
      await closeRestify(server);
      await settle();
      await sender.stop(1_000);
      await store.close();
    },
  };
}

/**
 * The store, counting the calls made to it by method (a `Proxy`, so every method of the port is
 * counted, those added later too).
 */
function countStoreCalls(inner: Store): { store: Store; take(): Record<string, number> } {
  let counts: Record<string, number> = {};
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        counts[property] = (counts[property] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    take() {
      const taken = counts;
      counts = {};
      return taken;
    },
  };
}

/**
 * Starts the baseline: restify with the bot's own body reader, then on the webhook path only
 * the signature check over the raw bytes and `JSON.parse`, answered 200.
 */
export async function startBareTarget(appSecret: string): Promise<BenchTarget> {
  const server = restify.createServer({ name: 'bench-bare' });
  server.use(readBody(DEFAULT_MAX_BODY_BYTES));
  server.post(WEBHOOK_PATH, (req, res, next) => {
    if (!verifySignature(rawBodyOf(req), req.header('x-hub-signature-256'), appSecret)) {
      res.send(401, { code: 'invalid_signature' });
      next();
      return;
    }
    try {
      readJsonBody(req);
    } catch {
      res.send(400, { code: 'invalid_json' }); // Never expected: every benchmark body is JSON.
      next();
      return;
    }
    res.send(200, { status: 'received' });
    next();
  });
  const url = await listen(server.server);
  return { url, close: () => closeRestify(server) };
}

async function listen(server: HttpServer): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function closeRestify(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.server.closeAllConnections();
    server.close(() => resolve());
  });
}
