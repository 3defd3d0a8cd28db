import type { Server } from 'restify';
import { signBody } from '../../../src/channels/whatsapp/index.js';
import { loadConfig } from '../../../src/config.js';
import { createManualClock } from '../../../src/core/clock.js';
import type { ManualClock } from '../../../src/core/clock.js';
import type { ContactRef } from '../../../src/core/identity.js';
import { createServer } from '../../../src/http/index.js';
import type { ServerDeps } from '../../../src/http/index.js';
import { createSilentLogger } from '../../../src/logger.js';
import type { Logger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics/index.js';
import { createConsentService } from '../../../src/service/consent-service.js';
import { createFlowCatalog } from '../../../src/service/flow-catalog.js';
import type { HandoverNotice, HandoverNotifier } from '../../../src/service/handover-notifier.js';
import { createHandoverService } from '../../../src/service/handover-service.js';
import type { OutboundMessage, OutboundPort } from '../../../src/service/outbound-port.js';
import { createTurnService } from '../../../src/service/turn-service.js';
import type { TurnResult } from '../../../src/service/turn-service.js';
import type { ContactRecord, OutboundEntry, Store } from '../../../src/store/port.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { loadTestFlows } from '../../support/test-server.js';

/** One API key per role, as API_KEYS lists them. */
export const KEYS = {
  dpo: 'dpo-key-0123456789abcdef',
  crm: 'crm-key-0123456789abcdef',
  agent: 'agent-key-0123456789abcdef',
} as const;
export type Role = keyof typeof KEYS;
export const ROLES = Object.keys(KEYS) as Role[];

export const START = Date.parse('2026-03-02T09:00:00Z');

/** A message the fake outbound port was asked to send. */
export interface SentMessage {
  readonly contact: ContactRecord;
  readonly message: OutboundMessage;
  readonly waMessageId: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

export interface ApiWorld {
  readonly url: string;
  readonly deps: ServerDeps;
  readonly server: Server;
  readonly clock: ManualClock;
  readonly sent: SentMessage[];
  /** The hand-over events the contact centre was told, in order. */
  readonly notices: HandoverNotice[];
  /**
   * While true, the messages the API sends stay queued: WhatsApp has not taken them when the
   * API's wait ends (the Cloud API is slow or down).
   */
  holdSends: boolean;
  /** Calls the API; `as` picks the key of a role, `key` a raw Authorization value. */
  call(
    method: string,
    path: string,
    options?: { as?: Role; authorization?: string; body?: unknown; rawBody?: string },
  ): Promise<ApiResponse>;
  /** A customer message through the real turn service: opens the window. */
  customerSays(ref: ContactRef, text: string): Promise<TurnResult>;
  /**
   * POSTs a WhatsApp webhook body signed with the app secret, and resolves once its replies
   * have reached the fake outbound port (`sent`).
   */
  webhook(payload: unknown): Promise<ApiResponse>;
  /** Resolves once every send handed to the fake outbound port so far has reached `sent`. */
  delivered(): Promise<void>;
  close(): Promise<void>;
}

export interface ApiWorldOptions {
  /** Defaults to a fresh memory store. */
  readonly store?: Store;
  /** Environment on top of the test defaults (API_KEYS with the three roles, a high rate limit). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A logger instead of the silent one. */
  readonly logger?: Logger;
}

let messageCounter = 0;

/**
 * The real server (`createServer`) with the default flow, a manual clock, and a fake outbound
 * port that records what it is asked to send (and logs it in the store, as the real one does).
 */
export async function startApiWorld(options: ApiWorldOptions = {}): Promise<ApiWorld> {
  const config = loadConfig({
    NODE_ENV: 'test',
    STORE: 'memory',
    API_KEYS: `dpo:${KEYS.dpo},crm:${KEYS.crm},agent:${KEYS.agent}`,
    API_RATE_LIMIT_PER_MINUTE: '10000',
    SIMULATOR: 'off',
    ...options.env,
  });
  // The shipped flows, loaded, checked and compiled once per file; a catalog of its own.
  const catalog = createFlowCatalog(await loadTestFlows(), config.defaultFlowId);
  const store = options.store ?? createMemoryStore();
  const clock = createManualClock(START);
  const logger = options.logger ?? createSilentLogger();
  const sent: SentMessage[] = [];
  const sending = new Set<Promise<unknown>>();
  const outbound: OutboundPort = {
    send(contact, messages) {
      const delivery = record(contact, messages);
      sending.add(delivery);
      const forget = () => sending.delete(delivery);
      void delivery.then(forget, forget);
      return delivery;
    },
  };
  const record: OutboundPort['send'] = async (contact, messages) => {
    const ids = [];
    for (const message of messages) {
      if (world.holdSends) {
        const id = `out-${++messageCounter}`;
        ids.push({ id });
        continue;
      }
      const waMessageId = `wamid.TEST${++messageCounter}`;
      const entry: OutboundEntry = {
        id: `out-${messageCounter}`,
        contactId: contact.id,
        kind: message.kind === 'template' ? 'template' : message.reply.type,
        ...(message.kind === 'template'
          ? { template: message.name, category: message.category }
          : { body: message.reply.text }),
        status: 'queued',
        message,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      };
      // Through the outbox as the real port does: queued, then sent.
      const lease = { owner: 'api-world', until: clock.now() + 30_000, now: clock.now() };
      await store.queueOutbound(contact.id, [entry], lease);
      await store.completeOutbound({ ...entry, status: 'sent', waMessageId }, lease);
      sent.push({ contact, message, waMessageId });
      ids.push({ id: entry.id, waMessageId });
    }
    return ids;
  };
  const notices: HandoverNotice[] = [];
  const notifier: HandoverNotifier = {
    notify: (notice) => notices.push(notice),
    idle: () => Promise.resolve(),
  };
  const deps: ServerDeps = {
    config,
    store,
    flows: catalog,
    turns: createTurnService({
      store,
      flows: catalog,
      clock,
      logger,
      identifierHashKey: config.identifierHashKey,
    }),
    consent: createConsentService({ store, flows: catalog, clock }),
    outbound,
    handovers: createHandoverService({ store, flows: catalog, clock, notifier }),
    notifier,
    clock,
    logger,
    metrics: createMetrics(),
  };
  const server = createServer(deps);
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${server.address().port}`;

  const world: ApiWorld = {
    url,
    deps,
    server,
    clock,
    sent,
    notices,
    holdSends: false,
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = {};
      if (callOptions.as) headers['authorization'] = `Bearer ${KEYS[callOptions.as]}`;
      if (callOptions.authorization !== undefined)
        headers['authorization'] = callOptions.authorization;
      let body: string | undefined;
      if (callOptions.rawBody !== undefined) body = callOptions.rawBody;
      else if (callOptions.body !== undefined) body = JSON.stringify(callOptions.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
        headers: response.headers,
      };
    },
    async customerSays(ref, text) {
      return deps.turns.handleMessage({
        messageId: `wamid.IN${++messageCounter}`,
        contact: ref,
        timestamp: clock.now(),
        content: { kind: 'text', text },
      });
    },
    async webhook(payload) {
      const raw = JSON.stringify(payload);
      const response = await fetch(`${url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signBody(raw, config.whatsapp.appSecret),
        },
        body: raw,
      });
      // The webhook answers once the replies are handed to the outbound port, not sent.
      await world.delivered();
      const text = await response.text();
      return {
        status: response.status,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
        headers: response.headers,
      };
    },
    async delivered() {
      await Promise.allSettled([...sending]);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      if (!options.store) await store.close();
    },
  };
  return world;
}
