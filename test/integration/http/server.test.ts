import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import {
  createSwitchableStore,
  postWebhook,
  request,
  startTestServer,
  TEST_VERIFY_TOKEN,
} from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { BASE_TIMESTAMP, textMessagePayload } from '../../support/whatsapp-payloads.js';

describe('HTTP server', () => {
  let t: TestServer;
  let switchable: ReturnType<typeof createSwitchableStore>;

  beforeEach(async () => {
    switchable = createSwitchableStore(createMemoryStore());
    t = await startTestServer({ store: switchable.store });
  });
  afterEach(async () => {
    await t.close();
  });

  describe('webhook verification handshake', () => {
    const handshake = (query: Record<string, string>) =>
      request(`${t.url}/webhooks/whatsapp?${new URLSearchParams(query).toString()}`);

    it('answers the challenge as plain text, byte for byte', async () => {
      const challenge = '1158201444"<&>';
      const response = await handshake({
        'hub.mode': 'subscribe',
        'hub.verify_token': TEST_VERIFY_TOKEN,
        'hub.challenge': challenge,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(response.text).toBe(challenge);
    });

    it.each([
      [
        'a wrong token',
        { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' },
      ],
      [
        'another mode',
        { 'hub.mode': 'unsubscribe', 'hub.verify_token': TEST_VERIFY_TOKEN, 'hub.challenge': '1' },
      ],
      ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ])('refuses %s with 403 JSON', async (_what, query) => {
      const response = await handshake(query);
      expect(response.status).toBe(403);
      expect(response.json).toMatchObject({
        code: 'forbidden',
        message: expect.any(String) as string,
      });
    });
  });

  describe('health', () => {
    it('GET /healthz answers 200 ok', async () => {
      const response = await request(`${t.url}/healthz`);
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ status: 'ok' });
    });

    it('HEAD /healthz and HEAD /readyz answer like GET, without a body', async () => {
      const healthy = await request(`${t.url}/healthz`, { method: 'HEAD' });
      expect([healthy.status, healthy.text]).toEqual([200, '']);
      expect((await request(`${t.url}/readyz`, { method: 'HEAD' })).status).toBe(200);
      switchable.setAvailable(false);
      expect((await request(`${t.url}/readyz`, { method: 'HEAD' })).status).toBe(503);
    });

    it('GET /readyz answers 200 while the store answers and 503 store_unavailable when it does not', async () => {
      expect((await request(`${t.url}/readyz`)).status).toBe(200);
      switchable.setAvailable(false);
      const down = await request(`${t.url}/readyz`);
      expect(down.status).toBe(503);
      expect(down.json).toMatchObject({ code: 'store_unavailable' });
    });

    it('GET /metrics exposes the bot counters in Prometheus text format', async () => {
      await postWebhook(t.url, textMessagePayload({ text: 'Hello' }));
      await t.settle();
      const response = await request(`${t.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.text).toContain('optin_inbound_messages_total{type="text"} 1');
      expect(response.text).toContain('optin_questions_asked_total{language="en"} 1');
      expect(response.text).toMatch(/optin_turn_duration_seconds_count\{outcome="applied"\} 1/);
    });

    it('GET /metrics asks for METRICS_TOKEN as a bearer token when it is set', async () => {
      await t.close();
      const token = 'metrics-token-0123456789';
      t = await startTestServer({ store: switchable.store, env: { METRICS_TOKEN: token } });
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789', token]) {
        const response = await request(`${t.url}/metrics`, {
          headers: authorization ? { authorization } : {},
        });
        expect(response.status).toBe(401);
        expect(response.json).toMatchObject({ code: 'unauthorized' });
        expect(response.text).not.toContain('optin_');
      }
      const allowed = await request(`${t.url}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(allowed.status).toBe(200);
      expect(allowed.text).toContain('optin_inbound_messages_total');
    });

    it('counts consent changes by change, source and language', async () => {
      await postWebhook(t.url, textMessagePayload({ text: 'BAJA' }));
      // A second STOP is kept in the ledger as proof, but it is no change: not counted.
      await postWebhook(
        t.url,
        textMessagePayload({ text: 'BAJA', timestamp: BASE_TIMESTAMP + 60 }),
      );
      await t.settle();
      const response = await request(`${t.url}/metrics`);
      expect(response.text).toContain(
        'optin_consent_changes_total{change="opt_out",source="whatsapp",language="es"} 1',
      );
    });
  });

  describe('errors', () => {
    it('answers an unknown address with 404 JSON', async () => {
      const response = await request(`${t.url}/no/such/thing`);
      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({
        code: 'not_found',
        message: expect.any(String) as string,
      });
    });

    it('answers a wrong method with 405 JSON', async () => {
      const response = await request(`${t.url}/healthz`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(405);
      expect(response.json).toMatchObject({ code: 'method_not_allowed' });
    });
  });
});
