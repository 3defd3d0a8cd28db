/**
 * The HTTP surfaces' edges (found by review): no full phone number in the error log, a body
 * that is no Bot Framework activity answered 400 `{code, message}`, and a server without a
 * sender number answering 503 `not_configured` rather than blaming the caller.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { assembleDeps } from '../../../src/assemble-deps.js';
import type { CloudApiClient } from '../../../src/channels/whatsapp/index.js';
import { loadConfig } from '../../../src/config.js';
import { createManualClock } from '../../../src/core/clock.js';
import { StoreUnavailableError } from '../../../src/errors.js';
import { createServer } from '../../../src/http/index.js';
import type { ServerDeps } from '../../../src/http/index.js';
import { createLogger, createSilentLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics/index.js';
import { loadFlowsDir } from '../../../src/flows/index.js';
import { createFlowCatalog, prepareFlow } from '../../../src/service/flow-catalog.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import type { Store } from '../../../src/store/port.js';
import { KEYS, START, startApiWorld } from '../api/api-world.js';

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

describe('logs of refused and failed requests', () => {
  it('never writes a full phone number from the URL to the log (4xx at debug, 5xx at error)', async () => {
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
  });
});

describe('the Bot Framework endpoint', () => {
  it('answers JSON that is not an activity with a 4xx {code, message}, not a 500 or a bare string', async () => {
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
  });
});

describe('POST /v1/messages on a server without WHATSAPP_PHONE_NUMBER_ID', () => {
  it('answers 503 not_configured naming the variable, not 400: the caller cannot fix it', async () => {
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
      send: () => Promise.resolve({ waMessageId: 'wamid.FAKE' }),
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
      const body = (await send.json()) as { code: string; message: string };
      // The server is misconfigured, not the request: 503 naming the variable to set.
      expect(send.status).toBe(503);
      expect(body.code).toBe('not_configured');
      expect(body.message).toContain('WHATSAPP_PHONE_NUMBER_ID');
    } finally {
      await server.close();
      await deps.sender.stop(0);
      await store.close();
    }
  });
});
