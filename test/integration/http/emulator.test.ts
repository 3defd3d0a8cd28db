import { afterEach, describe, expect, it } from 'vitest';
import { describeEmulatorEndpoint } from '../../../src/http/index.js';
import { request, startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

interface BotActivity {
  readonly type: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly suggestedActions?: {
    readonly actions: readonly {
      readonly title: string;
      readonly value: { readonly id: string };
    }[];
  };
}

const API_KEY = 'dpo-key-for-the-emulator-tests';
const CRM_KEY = 'crm-key-for-the-emulator-tests';
const AGENT_KEY = 'agent-key-for-the-emulator-tests';
const API_KEYS = `dpo:${API_KEY},crm:${CRM_KEY},agent:${AGENT_KEY}`;

/** The production secrets the server needs anyway; the Bot Framework ones are the variable. */
const PRODUCTION = { NODE_ENV: 'production', API_KEYS };

describe('Bot Framework endpoint /api/messages', () => {
  let t: TestServer;
  afterEach(async () => {
    await t.close();
  });

  /** An activity as the Bot Framework Emulator posts it; replies go to `serviceUrl`. */
  const activity = (id: string, fields: Record<string, unknown> = {}) => ({
    type: 'message',
    id,
    channelId: 'emulator',
    serviceUrl: t.fakeCloud.url,
    timestamp: new Date().toISOString(),
    from: { id: 'tester-1', name: 'Tester', role: 'user' },
    recipient: { id: 'bot', name: 'Bot', role: 'bot' },
    conversation: { id: 'conv-1' },
    locale: 'en-US',
    ...fields,
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const replies = () =>
    t.fakeCloud.requests
      .filter((r) => r.path.startsWith('/v3/conversations/conv-1/activities'))
      .map((r) => r.body as BotActivity);
  const api = (method: string, path: string, key = API_KEY, body?: unknown) =>
    request(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const expectErrorBody = (json: unknown) => {
    const { code, message } = (json ?? {}) as { code?: unknown; message?: unknown };
    expect([typeof code, typeof message]).toEqual(['string', 'string']);
  };

  /** The attack: a message whose replies go to a serviceUrl of the sender's choosing. */
  const attack = () =>
    activity('e1', {
      text: 'hello',
      from: { id: 'attacker1' },
      conversation: { id: 'c' },
      recipient: { id: 'b' },
      serviceUrl: `${t.fakeCloud.url}/ssrf/`,
    });

  describe('in production without Bot Framework credentials', () => {
    it('is off: 404 JSON, nothing posted to the serviceUrl, nothing stored', async () => {
      t = await startTestServer({ env: PRODUCTION });
      const response = await post(attack());
      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ code: 'not_found' });
      await t.settle();
      expect(t.fakeCloud.requests).toEqual([]);
      expect(await t.deps.store.findContact({ userId: 'EM.attacker1' })).toBeNull();
      const history = await api('GET', '/v1/contacts/EM.attacker1/consent/history');
      expect(history.status).toBe(404);
    });
  });

  describe('in production with Bot Framework credentials', () => {
    it('refuses an activity without a valid Bot Framework token with 401 {code, message}; nothing posted or stored', async () => {
      t = await startTestServer({
        env: {
          ...PRODUCTION,
          MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
          MICROSOFT_APP_PASSWORD: 'a-password-for-the-tests',
        },
      });
      for (const headers of [{}, { Authorization: 'Bearer not-a-token' }] as Record<
        string,
        string
      >[]) {
        const response = await post(attack(), headers);
        expect(response.status).toBe(401);
        expect(response.json).toMatchObject({ code: 'unauthorized' });
        expectErrorBody(response.json);
      }
      await t.settle();
      expect(t.fakeCloud.requests).toEqual([]);
      expect(await t.deps.store.findContact({ userId: 'EM.attacker1' })).toBeNull();
    });
  });

  describe('in development (anonymous, for the Emulator)', () => {
    it('runs the consent bot and sends its replies to the activity’s serviceUrl', async () => {
      t = await startTestServer();
      const response = await post(activity('act-1', { text: 'hello' }));
      expect(response.status).toBe(200);
      await t.fakeCloud.waitFor(() => replies().length >= 2);

      const [menu, question] = replies();
      expect(menu?.type).toBe('message');
      expect(question?.text).toMatch(/WhatsApp/);
      expect(question?.suggestedActions?.actions.map((a) => a.value.id)).toEqual([
        'consent.yes',
        'consent.choose',
        'consent.no',
      ]);
      const contact = await t.deps.store.findContact({ userId: 'EM.tester-1' });
      expect(contact).not.toBeNull();
    });

    it('records consent with the source "emulator", never "whatsapp", and never as WhatsApp consent', async () => {
      t = await startTestServer({ env: { API_KEYS } });
      await post(activity('act-1', { text: 'hello' }));
      const response = await post(
        activity('act-2', { text: 'Yes, all of them', value: { id: 'consent.yes' } }),
      );
      expect(response.status).toBe(200);
      await t.settle();
      const contact = await t.deps.store.findContact({ userId: 'EM.tester-1' });
      expect(contact?.consent).toMatchObject({ status: 'opted_in', source: 'emulator' });
      expect(contact?.phone).toBeUndefined();

      const history = await api('GET', '/v1/contacts/EM.tester-1/consent/history');
      expect(history.status).toBe(200);
      const { events } = history.json as { events: { type: string; source: string }[] };
      expect(events.map((e) => [e.type, e.source])).toEqual([
        ['consent.asked', 'emulator'],
        ['consent.granted', 'emulator'],
      ]);

      // Kept apart: no WhatsApp message can go to it, no WhatsApp consent be written for it.
      const send = await api('POST', '/v1/messages', AGENT_KEY, {
        to: 'EM.tester-1',
        template: { name: 'weekly_offers', language: 'en' },
      });
      expect(send.status).toBe(422);
      expect(send.json).toMatchObject({ code: 'not_whatsapp_contact' });
      const put = await api('PUT', '/v1/contacts/EM.tester-1/consent', CRM_KEY, {
        status: 'opted_in',
        source: 'crm',
        evidence: { note: 'no' },
      });
      expect(put.status).toBe(422);
      expect(t.fakeCloud.messages()).toEqual([]);
    });

    it('answers only the Emulator on this machine: a serviceUrl elsewhere is refused with 400, nothing stored or posted', async () => {
      t = await startTestServer();
      for (const serviceUrl of [
        'http://169.254.169.254/latest/',
        'https://example.com/',
        'file:///etc/passwd',
        'not a url',
      ]) {
        const refused = await post({ ...attack(), serviceUrl });
        expect([serviceUrl, refused.status]).toEqual([serviceUrl, 400]);
        expect(refused.json).toMatchObject({ code: 'invalid_activity' });
      }
      await t.settle();
      expect(await t.deps.store.findContact({ userId: 'EM.attacker1' })).toBeNull();
    });

    it('never reads a WhatsApp message from an activity’s channelData, whatever its channelId', async () => {
      t = await startTestServer();
      const forged = activity('act-9', {
        channelId: 'whatsapp',
        text: 'YES',
        channelData: {
          messageId: 'wamid.FORGED',
          contact: { phone: '+14155550199' },
          timestamp: Date.now(),
          content: { kind: 'choice', id: 'consent.yes', title: 'Yes, all of them' },
        },
      });
      const response = await post(forged);
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ code: 'invalid_activity' });
      await t.settle();
      expect(await t.deps.store.findContact({ phone: '+14155550199' })).toBeNull();
      expect(await t.deps.store.isProcessed('wamid.FORGED')).toBe(false);
    });

    it('answers an activity without from, conversation or serviceUrl with 400 {code, message}', async () => {
      t = await startTestServer();
      for (const missing of ['from', 'conversation', 'serviceUrl']) {
        const body: Record<string, unknown> = activity(`act-${missing}`, { text: 'hi' });
        delete body[missing];
        const response = await post(body);
        expect([missing, response.status]).toEqual([missing, 400]);
        expect(response.json).toMatchObject({ code: 'invalid_activity' });
        expectErrorBody(response.json);
      }
      await t.settle();
      expect(await t.deps.store.findContact({ userId: 'EM.tester-1' })).toBeNull();
    });

    it('refuses a body that is not JSON with 400', async () => {
      t = await startTestServer();
      const response = await post('{nope');
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ code: 'invalid_json' });
    });
  });
});

describe('describeEmulatorEndpoint (the start-up line)', () => {
  it('says whether the endpoint is on, and who may call it', () => {
    expect(describeEmulatorEndpoint({ mode: 'off' })).toMatch(
      /^off: NODE_ENV=production and no MICROSOFT_APP_ID/,
    );
    expect(describeEmulatorEndpoint({ mode: 'anonymous' })).toMatch(/anonymous.*localhost/);
    expect(
      describeEmulatorEndpoint({ mode: 'authenticated', appId: 'a', appPassword: 'b' }),
    ).toMatch(/tokens required/);
  });
});
