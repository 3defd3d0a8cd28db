import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Server } from 'restify';
import { request as send } from 'undici';
import { assembleDeps } from '../../src/assemble-deps.js';
import type { AssembleOptions } from '../../src/assemble-deps.js';
import { createCloudApiClient, signBody } from '../../src/channels/whatsapp/index.js';
import type {
  CloudApiClient,
  OutboxSender,
  OutboxSenderOptions,
  Scheduler,
} from '../../src/channels/whatsapp/index.js';
import { loadConfig } from '../../src/config.js';
import type { AppConfig } from '../../src/config.js';
import { createManualClock } from '../../src/core/clock.js';
import type { ManualClock } from '../../src/core/clock.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import { createServer } from '../../src/http/create-server.js';
import type { ServerDeps } from '../../src/http/server-deps.js';
import { createLogger, createSilentLogger } from '../../src/logger.js';
import type { Logger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics/index.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import type { CompiledFlow } from '../../src/service/flow-catalog.js';
import { StoreUnavailableError } from '../../src/errors.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { Store } from '../../src/store/port.js';
import { startFakeCloudApi } from './fake-cloud-api.js';
import type { FakeCloudApi } from './fake-cloud-api.js';
import { BUSINESS_NUMBER_ID } from './whatsapp-payloads.js';

export const TEST_APP_SECRET = 'test-app-secret';
export const TEST_VERIFY_TOKEN = 'test-verify-token';
export const TEST_ACCESS_TOKEN = 'test-access-token';
/** 2026-01-01T10:00:30Z: just after the payload builders' default message time. */
export const TEST_START_TIME = Date.parse('2026-01-01T10:00:30Z');

export interface TestServerOverrides {
  /** A store to use instead of a fresh memory store (it is not closed by `close()`). */
  readonly store?: Store;
  /** Environment on top of the test defaults (e.g. `{ API_KEYS: 'crm:…' }`). */
  readonly env?: Record<string, string>;
  readonly clock?: ManualClock;
  /** A logger instead of the silent one (e.g. one that keeps its lines for a test to read). */
  readonly logger?: Logger;
  /**
   * The time the outbox sender paces, retries and keeps its leases by (a fake scheduler);
   * default: real time, with retries a few milliseconds apart.
   */
  readonly pacingTime?: Scheduler;
  /** The hand-over webhook's waits (with HANDOVER_WEBHOOK_URL in `env`); default: milliseconds. */
  readonly handoverWebhook?: AssembleOptions['handoverWebhook'];
  /** Other settings of the outbox sender (a name, a lease, limits…). */
  readonly sender?: Partial<Omit<OutboxSenderOptions, 'store' | 'client' | 'consent'>>;
  /** A fake Cloud API shared with other servers (it is not closed by `close()`). */
  readonly fakeCloud?: FakeCloudApi;
  /** Wraps the Cloud API client the server sends with (to watch or cut its calls). */
  readonly wrapClient?: (client: CloudApiClient) => CloudApiClient;
  /** Flows to serve instead of the shipped ones (one of them with the id `default`). */
  readonly flows?: readonly CompiledFlow[];
}

/** A real server from `createServer` on 127.0.0.1, with a fake Cloud API behind it. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly deps: ServerDeps & { readonly sender: OutboxSender };
  readonly clock: ManualClock;
  readonly config: AppConfig;
  readonly fakeCloud: FakeCloudApi;
  readonly server: Server;
  /** Waits for every turn and send under way (so assertions see the final state). */
  settle(): Promise<void>;
  /** True while a Cloud API request is under way (a fake scheduler must not move time then). */
  cloudCallsInFlight(): boolean;
  close(): Promise<void>;
}

let flowsLoading: Promise<CompiledFlow[]> | undefined;

/** The shipped flows, loaded once per test file. */
export function loadTestFlows(): Promise<CompiledFlow[]> {
  flowsLoading ??= loadFlowsDir('flows').then(({ flows, issues }) => {
    if (issues.length > 0) throw new Error(`flows/ has issues: ${JSON.stringify(issues)}`);
    return flows.map((f) => prepareFlow(f.definition, f.file));
  });
  return flowsLoading;
}

/**
 * Starts the real HTTP server (memory store unless given one) wired like `src/main.ts`, with
 * the Cloud API pointed at a fake that records what the bot sends, and its outbox sender
 * started. Retries and pacing are shortened so tests run fast; nothing else differs from
 * production wiring.
 * @example
 * const t = await startTestServer();
 * const res = await postWebhook(t.url, textMessagePayload({ text: 'hi' }));
 * await t.fakeCloud.waitFor((r) => r.length >= 2);
 * await t.close();
 */
export async function startTestServer(overrides: TestServerOverrides = {}): Promise<TestServer> {
  const fakeCloud = overrides.fakeCloud ?? (await startFakeCloudApi());
  const config = loadConfig({
    NODE_ENV: 'test',
    STORE: 'memory',
    HOST: '127.0.0.1',
    PORT: '0',
    WHATSAPP_APP_SECRET: TEST_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
    WHATSAPP_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: BUSINESS_NUMBER_ID,
    WHATSAPP_GRAPH_URL: fakeCloud.graphUrl,
    OUTBOUND_CUSTOMER_INTERVAL_MS: '10',
    SIMULATOR: 'off',
    LOG_LEVEL: 'silent',
    ...overrides.env,
  });
  const clock = overrides.clock ?? createManualClock(TEST_START_TIME);
  const store = overrides.store ?? createMemoryStore();
  const logger = overrides.logger ?? createSilentLogger();
  const metrics = createMetrics();
  const flows = createFlowCatalog(overrides.flows ?? (await loadTestFlows()), config.defaultFlowId);
  const direct = createCloudApiClient({
    graphUrl: config.whatsapp.graphUrl,
    accessToken: config.whatsapp.accessToken ?? TEST_ACCESS_TOKEN,
  });
  const cloud = overrides.wrapClient ? overrides.wrapClient(direct) : direct;
  let callsInFlight = 0;
  const client: CloudApiClient = {
    async send(...args) {
      callsInFlight += 1;
      try {
        return await cloud.send(...args);
      } finally {
        callsInFlight -= 1;
      }
    },
  };
  const deps = assembleDeps({
    config,
    store,
    flows,
    clock,
    logger,
    metrics,
    client,
    sender: {
      // Retries wait milliseconds, not seconds, unless the test drives time itself.
      ...(overrides.pacingTime
        ? { scheduler: overrides.pacingTime, random: () => 0.5 }
        : { retry: { minDelayMs: 1, maxDelayMs: 5 } }),
      ...overrides.sender,
    },
    handoverWebhook: overrides.handoverWebhook ?? { backoff: { minDelayMs: 1, maxDelayMs: 5 } },
  });
  const { turns, sender } = deps;
  await sender.start();
  const server = createServer(deps);
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  const settle = async () => {
    await turns.idle();
    await sender.idle();
    await deps.notifier.idle();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    clock,
    config,
    fakeCloud,
    server,
    settle,
    cloudCallsInFlight: () => callsInFlight > 0,
    async close() {
      await new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      });
      await settle();
      await sender.stop(1_000);
      if (!overrides.fakeCloud) await fakeCloud.close();
      if (!overrides.store) await store.close();
    },
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined. */
  readonly json: unknown;
}

export interface PostWebhookOptions {
  /** Sign with this secret instead of the test app secret. */
  readonly secret?: string;
  /** Send this header value instead of a computed signature; `null` sends none. */
  readonly signature?: string | null;
}

/** POSTs a webhook body (an object is sent as JSON, a string as is), signed like WhatsApp. */
export async function postWebhook(
  baseUrl: string,
  payload: unknown,
  options: PostWebhookOptions = {},
): Promise<HttpResult> {
  const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature =
    options.signature === undefined
      ? signBody(raw, options.secret ?? TEST_APP_SECRET)
      : options.signature;
  return request(`${baseUrl}/webhooks/whatsapp`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(signature === null ? {} : { 'X-Hub-Signature-256': signature }),
    },
    body: raw,
  });
}

/** A request as a test makes it: a method, headers and a text body. */
export interface TestRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * Any request, answered with its status, headers, text and parsed JSON. Made with undici's
 * `request` (the client of `fetch`, without its web streams): a fifth of `fetch`'s CPU, which
 * counts in the tests that post thousands of webhooks. A redirect is answered, not followed.
 */
export async function request(url: string, init: TestRequest = {}): Promise<HttpResult> {
  const response = await send(url, {
    method: init.method ?? 'GET',
    ...(init.headers === undefined ? {} : { headers: init.headers }),
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.body.text();
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
  }
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined; // Not JSON (plain text, Prometheus): the test reads `text`.
  }
  return { status: response.statusCode, headers, text, json };
}

/** A store that can be switched off: every method then throws `StoreUnavailableError`. */
export interface SwitchableStore {
  readonly store: Store;
  setAvailable(available: boolean): void;
}

/** Wraps `inner` so a test can simulate a database outage (`setAvailable(false)`). */
export function createSwitchableStore(inner: Store): SwitchableStore {
  let available = true;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        if (!available) {
          return Promise.reject(
            new StoreUnavailableError('The test store is switched off (simulated outage).'),
          );
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    setAvailable(next) {
      available = next;
    },
  };
}

/** A logger that keeps every JSON line it writes, for tests that read the log. */
export function createRecordingLogger(level = 'debug'): { logger: Logger; lines: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines: () => chunks.join('') };
}
