/**
 * Review of the HTTP surfaces (REST API, Bot Framework endpoint, error sink): defects found by
 * running the server for real, each written as `it.fails` so the suite stays green while it
 * documents the defect. When a defect is fixed, its test starts passing, vitest reports the
 * `it.fails` as failed, and the test should become a plain `it` in the right place.
 *
 * 1. PUT /v1/contacts/{phone}/consent keeps duplicate category ids in the immutable ledger.
 *    Cause: src/http/api/request-schemas.ts:52-55 (`categories` is an array with no uniqueness
 *    and no upper bound) and src/http/api/consent-routes.ts:45-51 pass it to the ledger as is:
 *    `["orders", "orders", …]` 20 000 times (200 KB, under the 256 KiB body limit) is answered
 *    200 and stored as one event with 20 000 categories, proof that can never be cleaned up.
 *    Fix: refuse duplicates in the schema (`.refine(ids => new Set(ids).size === ids.length,
 *    'categories lists "orders" twice; give each id once')`) and cap the array (e.g. 100); or
 *    de-duplicate before recording.
 *
 * 2. The error sink logs full phone numbers. PRODUCT.md (Security): "secrets and full phone
 *    numbers never logged". Cause: src/http/error-sink.ts:53 logs `path: req.path()`, which for
 *    every /v1/contacts/{phone}/… route is the customer's number in clear; at debug level for a
 *    4xx and at error level for every 5xx (e.g. a 503 while the store is down), and the logger's
 *    redaction (src/logger.ts, `*.phone`…) does not look inside a path.
 *    Fix: log the route name or pattern (`req.getRoute()?.path`, e.g.
 *    `/v1/contacts/:phone/consent`) instead of the concrete path, or mask the `{phone}` segment
 *    with maskPhone.
 *
 * 3. POST /api/messages (Bot Framework endpoint) answers a body that is JSON but not an activity
 *    with a 500 `internal_error` (`{}`: botbuilder's "missing activity type" logged at error
 *    with its stack) or with a bare JSON string that is not `{code, message}` (`[]`: "`req.body`
 *    not an object, make sure you are using middleware to parse incoming requests."). PRODUCT.md:
 *    errors are `{code, message}`; bad input gets a clear error (4xx), not a 500.
 *    Cause: src/channels/emulator/emulator-endpoint.ts:44-47 hands any parsed JSON to
 *    `CloudAdapter.process` unchecked. Fix: check the body is an object with a string `type`
 *    before calling the adapter and throw `ValidationError('invalid_activity', 'The body must be
 *    a Bot Framework activity: a JSON object with "type" (e.g. "message"), "from" and
 *    "conversation"; use the Bot Framework Emulator or send such an object.')`.
 *
 * 4. POST /v1/messages on a server with a Cloud API client but no WHATSAPP_PHONE_NUMBER_ID
 *    answers 400 `no_sender`: the caller is told their request is malformed although nothing in
 *    it is wrong and nothing they can change fixes it (the server is misconfigured). Cause:
 *    src/channels/whatsapp/whatsapp-outbound.ts:160-165 throws a `ValidationError`, which
 *    src/http/http-error.ts maps to 400. Fix: refuse it at start-up (src/config.ts: require
 *    WHATSAPP_PHONE_NUMBER_ID with WHATSAPP_ACCESS_TOKEN, as PRODUCT.md's table says "required
 *    for POST /v1/messages"), and/or answer 503 `not_configured` naming the variable.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleDeps } from '../../src/assemble-deps.js';
import type { CloudApiClient } from '../../src/channels/whatsapp/index.js';
import { loadConfig } from '../../src/config.js';
import { createManualClock } from '../../src/core/clock.js';
import { StoreUnavailableError } from '../../src/errors.js';
import { createServer } from '../../src/http/index.js';
import type { ServerDeps } from '../../src/http/index.js';
import { createLogger, createSilentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics/index.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { Store } from '../../src/store/port.js';
import { KEYS, START, startApiWorld } from '../integration/api/api-world.js';
import type { ApiWorld } from '../integration/api/api-world.js';

const PHONE = '+14155550177';
const EVIDENCE = { questionText: 'May we send you order updates on WhatsApp?' };

/** Starts `createServer(deps)` on a free port; returns its URL and how to stop it. */
async function listen(deps: ServerDeps) {
  const server = createServer(deps);
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

describe('review: REST API input', () => {
  let world: ApiWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it.fails(
    'refuses (or de-duplicates) a category listed twice instead of keeping it in the ledger',
    async () => {
      world = await startApiWorld();
      const put = await world.call('PUT', `/v1/contacts/${encodeURIComponent(PHONE)}/consent`, {
        as: 'crm',
        body: {
          status: 'opted_in',
          categories: Array.from({ length: 1000 }, () => 'orders'),
          source: 'web',
          evidence: EVIDENCE,
        },
      });
      if (put.status === 400) {
        expect((put.body as { code: string }).code).toBe('invalid_body');
        return;
      }
      const history = await world.call(
        'GET',
        `/v1/contacts/${encodeURIComponent(PHONE)}/consent/history`,
        { as: 'crm' },
      );
      const events = (history.body as { events: { categories?: string[] }[] }).events;
      expect(events.map((e) => e.categories)).toEqual([['orders']]);
    },
  );
});

describe('review: logs of refused and failed requests', () => {
  it.fails(
    'never writes a full phone number from the URL to the log (4xx at debug, 5xx at error)',
    async () => {
      const lines: string[] = [];
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      });
      const world = await startApiWorld();
      // The same server, with a logger that keeps its lines and a store that is down for reads.
      const down: Store = {
        ...world.deps.store,
        findContact: () => Promise.reject(new StoreUnavailableError('the store is down')),
      };
      const server = await listen({
        ...world.deps,
        store: down,
        logger: createLogger({ level: 'debug', destination }),
      });
      try {
        const history = await fetch(
          `${server.url}/v1/contacts/${encodeURIComponent(PHONE)}/consent/history`,
          { headers: { authorization: `Bearer ${KEYS.crm}` } },
        );
        expect(history.status).toBe(503);
        const forbidden = await fetch(`${server.url}/v1/contacts/${PHONE}/export`, {
          headers: { authorization: `Bearer ${KEYS.agent}` },
        });
        expect(forbidden.status).toBe(403);
      } finally {
        await server.close();
        await world.close();
      }
      const log = lines.join('');
      expect(log).toContain('request failed');
      expect(log).not.toContain('14155550177');
    },
  );
});

describe('review: the Bot Framework endpoint', () => {
  it.fails(
    'answers JSON that is not an activity with a 4xx {code, message}, not a 500 or a bare string',
    async () => {
      const world = await startApiWorld();
      try {
        for (const body of ['{}', '[]', '{"type": 5}']) {
          const response = await fetch(`${world.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          const json: unknown = await response.json();
          expect(response.status, body).toBe(400);
          const { code, message } = (json ?? {}) as { code?: unknown; message?: unknown };
          expect([typeof code, typeof message], body).toEqual(['string', 'string']);
        }
      } finally {
        await world.close();
      }
    },
  );
});

describe('review: POST /v1/messages on a server without WHATSAPP_PHONE_NUMBER_ID', () => {
  it.fails('does not blame the caller (400) for the server missing its sender number', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      STORE: 'memory',
      API_KEYS: `crm:${KEYS.crm},agent:${KEYS.agent}`,
      API_RATE_LIMIT_PER_MINUTE: '10000',
      SIMULATOR: 'off',
      WHATSAPP_ACCESS_TOKEN: 'a-token-for-the-fake-client',
    });
    const { flows } = await loadFlowsDir('flows');
    const catalog = createFlowCatalog(
      flows.map((f) => prepareFlow(f.definition, f.file)),
      config.defaultFlowId,
    );
    const client: CloudApiClient = {
      send: () => Promise.resolve({ waMessageId: 'wamid.FAKE', attempts: 1 }),
    };
    const store = createMemoryStore();
    const deps = assembleDeps({
      config,
      store,
      flows: catalog,
      clock: createManualClock(START),
      logger: createSilentLogger(),
      metrics: createMetrics(),
      client,
    });
    const server = await listen(deps);
    try {
      const call = (method: string, path: string, as: string, body: unknown) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const put = await call('PUT', `/v1/contacts/${encodeURIComponent(PHONE)}/consent`, KEYS.crm, {
        status: 'opted_in',
        source: 'web',
        evidence: EVIDENCE,
      });
      expect(put.status).toBe(200);
      const send = await call('POST', '/v1/messages', KEYS.agent, {
        to: PHONE,
        template: { name: 'order_confirmation', language: 'en' },
      });
      const body = (await send.json()) as { code: string };
      // Either sent (a default sender was configured at start-up) or a server-side status.
      expect(send.status === 202 || send.status >= 500, `${send.status} ${body.code}`).toBe(true);
    } finally {
      await server.close();
      await deps.outbound.idle();
      await store.close();
    }
  });
});
