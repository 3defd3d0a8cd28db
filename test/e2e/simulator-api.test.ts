import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/http/create-server.js';
import { parseTranscript } from '../../src/simulation/transcript-schema.js';
import { request, startTestServer, TEST_START_TIME } from '../support/test-server.js';
import type { HttpResult, TestServer } from '../support/test-server.js';

const PHONE = '+14155550123';

function post(url: string, body: unknown): Promise<HttpResult> {
  return request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('simulator API', () => {
  let t: TestServer;
  const api = (path: string) => `${t.url}/simulator/api${path}`;

  beforeAll(async () => {
    t = await startTestServer({ env: { SIMULATOR: 'on' } });
  });
  afterAll(() => t.close());

  it('serves the page, its script and mermaid from node_modules', async () => {
    const page = await request(`${t.url}/simulator`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('/simulator/assets/mermaid.min.js');
    const mermaid = await request(`${t.url}/simulator/assets/mermaid.min.js`);
    expect(mermaid.status).toBe(200);
    expect(mermaid.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await request(`${t.url}/simulator/assets/nope.js`)).status).toBe(404);
    const slash = await request(`${t.url}/simulator/`);
    expect([slash.status, slash.headers.get('location')]).toEqual([301, '/simulator']);
  });

  it('runs a customer message through the real turn service and store', async () => {
    const res = await post(api('/messages'), { phone: '+1 415 555 0123', text: 'hello' });
    expect(res.status).toBe(200);
    const body = res.json as {
      replies: { type: string; buttons?: { id: string }[] }[];
      phone: string;
      consent: { status: string };
      window: { open: boolean; expiresAt: number };
      events: unknown[];
      now: number;
    };
    expect(body.phone).toBe(PHONE);
    expect(body.replies.map((r) => r.type)).toEqual(['buttons', 'buttons']);
    expect(body.replies[1]!.buttons!.map((b) => b.id)).toEqual([
      'consent.yes',
      'consent.choose',
      'consent.no',
    ]);
    expect(body.consent.status).toBe('unknown');
    expect(body.window).toEqual({ open: true, expiresAt: TEST_START_TIME + 24 * HOUR });
    // The question shown is a fact of the ledger; no consent changed.
    expect(body.events).toMatchObject([{ type: 'consent.asked', evidence: { ask: 'question' } }]);
    const stored = await t.deps.store.findContact({ phone: PHONE });
    expect(stored?.lastInboundAt).toBe(TEST_START_TIME);
  });

  it('accepts a button choice and shows the ledger event it wrote', async () => {
    const res = await post(api('/messages'), {
      phone: PHONE,
      choice: { id: 'consent.yes', title: 'Yes, all of them' },
    });
    expect(res.status).toBe(200);
    const body = res.json as {
      consent: { status: string; categories: Record<string, boolean> };
      events: { type: string; source: string; evidence: { replyText: string } }[];
    };
    expect(body.consent.status).toBe('opted_in');
    expect(body.consent.categories).toEqual({ orders: true, account: true, offers: true });
    expect(body.events).toMatchObject([
      { type: 'consent.asked' },
      { type: 'consent.granted', source: 'whatsapp', evidence: { replyText: 'Yes, all of them' } },
    ]);
    const contact = await request(api(`/contacts/${encodeURIComponent(PHONE)}`));
    expect(contact.json).toMatchObject({ known: true, consent: { status: 'opted_in' } });
  });

  it('shows a customer who never wrote as unknown, and refuses an invalid number', async () => {
    const unknown = await request(api('/contacts/%2B14155550199'));
    expect(unknown.json).toMatchObject({
      known: false,
      phone: '+14155550199',
      consent: { status: 'unknown' },
      window: { open: false },
      events: [],
    });
    const invalid = await request(api('/contacts/12'));
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ code: 'invalid_phone' });
  });

  it('answers a language hint for a new customer in that language', async () => {
    const res = await post(api('/messages'), {
      phone: '+14155550124',
      language: 'es',
      text: 'hola',
    });
    const body = res.json as { replies: { text: string }[]; language: string };
    expect(body.language).toBe('es');
    expect(body.replies.at(-1)!.text).toMatch(/^¡Hola!/);
    const wrong = await post(api('/messages'), {
      phone: '+14155550125',
      language: 'fr',
      text: 'x',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ code: 'unknown_language' });
  });

  it('says in plain words, once each, which fields are wrong', async () => {
    const res = await post(api('/messages'), { text: '', choice: { id: '' } });
    expect(res.status).toBe(400);
    expect((res.json as { message: string }).message).toBe(
      'The request body is invalid: phone is required (E.164, e.g. +14155550123, or a WhatsApp user id); ' +
        'text must not be empty; choice.id must not be empty; choice.title is missing.',
    );
    const clock = await post(api('/clock'), { advance: true });
    expect((clock.json as { message: string }).message).toBe(
      'The request body is invalid: advance must be text or a number.',
    );
  });

  it('refuses a message that is neither text nor a choice', async () => {
    const res = await post(api('/messages'), { phone: PHONE });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: 'invalid_body',
      message:
        'The request body is invalid: the body must have what the customer sends: text, or choice {id, title} for a button.',
    });
    const both = await post(api('/messages'), {
      phone: PHONE,
      text: 'hi',
      choice: { id: 'a', title: 'A' },
    });
    expect((both.json as { message: string }).message).toBe(
      'The request body is invalid: the body must have text or choice {id, title}, not both.',
    );
    const broken = await request(api('/messages'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ code: 'invalid_json' });
  });

  it('plays the agent: takes the conversation over, answers, and gives it back with the greeting', async () => {
    const phone = '+14155550180';
    await post(api('/messages'), { phone, text: 'hello' });
    const taken = await post(api('/handover'), { phone });
    expect(taken.status).toBe(200);
    expect(taken.json).toMatchObject({ handover: { startedBy: 'agent', waiting: true } });
    const quiet = await post(api('/messages'), { phone, text: 'anyone?' });
    expect(quiet.json).toMatchObject({
      replies: [],
      handedOver: false,
      handover: { messages: [{ type: 'text', text: 'anyone?' }] },
    });
    const answered = await post(api('/agent'), { phone, text: 'Hi, this is Ana.' });
    expect(answered.status).toBe(200);
    expect(answered.json).toMatchObject({ handover: { waiting: false }, replies: [] });
    const released = await post(api('/release'), { phone, notify: true });
    const body = released.json as { replies: { text: string }[]; handover?: unknown };
    expect(body.handover).toBeUndefined();
    expect(body.replies.map((r) => r.text)).toEqual([
      "Our team has finished helping you. I'm back if you need anything else.",
      expect.stringMatching(/^How can we help you today\?/) as unknown,
    ]);
    const again = await post(api('/release'), { phone });
    expect(again.status).toBe(404);
    expect(again.json).toMatchObject({ code: 'not_handed_over' });
  });

  it('refuses an agent answer outside the window, and an unknown flow', async () => {
    const phone = '+14155550181';
    await post(api('/messages'), { phone, text: 'hello' });
    await post(api('/handover'), { phone });
    t.clock.advance(25 * HOUR);
    const late = await post(api('/agent'), { phone, text: 'Sorry for the wait!' });
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ code: 'outside_window' });
    const unknown = await post(api('/messages'), { phone, text: 'hi', flow: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 'unknown_flow' });
  });

  it('moves the clock forward, and the window closes', async () => {
    const before = t.clock.now();
    const moved = await post(api('/clock'), { advance: '+25h' });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ now: before + 25 * HOUR });
    const byMs = await post(api('/clock'), { advance: HOUR });
    expect(byMs.json).toMatchObject({ now: before + 26 * HOUR });
    expect((await request(api('/clock'))).json).toMatchObject({
      now: before + 26 * HOUR,
      adjustable: true,
    });
    const contact = await request(api(`/contacts/${encodeURIComponent(PHONE)}`));
    expect(contact.json).toMatchObject({ window: { open: false } });
    for (const advance of ['-1h', 'soon', 0, '+4000d']) {
      const refused = await post(api('/clock'), { advance });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ code: 'invalid_clock_advance' });
    }
  });

  it('lists the flows and draws one as two mermaid state diagrams', async () => {
    const flows = await request(api('/flows'));
    expect(flows.json).toMatchObject({
      defaultFlow: 'default',
      flows: [{ id: 'default', businessName: 'Brightwood Home', languages: ['en', 'es', 'pt'] }],
    });
    const diagram = await request(api('/flows/default/diagram'));
    expect(diagram.status).toBe(200);
    const { regions } = diagram.json as {
      regions: { id: string; title: string; mermaid: string }[];
    };
    expect(regions.map((r) => [r.id, r.title])).toEqual([
      ['service', 'Service conversation'],
      ['consent', 'Consent'],
    ]);
    for (const region of regions)
      expect(region.mermaid).toMatch(/^stateDiagram-v2\n {2}direction LR/);
    const missing = await request(api('/flows/nope/diagram'));
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 'unknown_flow' });
  });

  it('exports a session as transcript YAML that ends with the stored consent', async () => {
    const res = await post(api('/transcript'), {
      name: 'Opt in then STOP',
      phone: PHONE,
      session: [
        { customer: 'hello' },
        {
          replies: [
            { type: 'buttons', text: 'Pick one', buttons: [{ id: 'a', title: 'Track an order' }] },
          ],
        },
        { tap: 'Yes, all of them' },
        { replies: [{ type: 'text', text: 'Thank you!' }] },
        { clock: '+25h' },
        { customer: 'STOP' },
        { replies: [] },
      ],
    });
    expect(res.status).toBe(200);
    const { filename, yaml } = res.json as { filename: string; yaml: string };
    expect(filename).toBe('opt-in-then-stop.yaml');
    const { transcript, issues } = parseTranscript(yaml, filename);
    expect(issues).toEqual([]);
    expect(transcript).toMatchObject({
      name: 'Opt in then STOP',
      phone: PHONE,
      steps: [
        { customer: 'hello' },
        { bot: { text: 'Pick one', buttons: ['Track an order'] } },
        { tap: 'Yes, all of them' },
        { bot: 'Thank you!' },
        { clock: '+25h' },
        { customer: 'STOP' },
        { silent: true },
        // The consent the store holds for this customer (opted in by the earlier test).
        { consent: { status: 'opted_in', categories: { orders: true } } },
      ],
    });
    const bad = await post(api('/transcript'), { name: 'x', phone: PHONE, session: [{ say: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      code: 'invalid_transcript',
      message: 'Cannot export: session[0] does not have any of the accepted forms.',
    });
    const nameless = await post(api('/transcript'), { phone: PHONE, session: [] });
    expect((nameless.json as { message: string }).message).toBe('Cannot export: name is missing.');
  });
});

describe('simulator on a server whose clock is the real one', () => {
  it('refuses to move the clock with 409 and says why', async () => {
    const t = await startTestServer({ env: { SIMULATOR: 'on' } });
    const server = createServer({ ...t.deps, clock: systemClock });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    try {
      const { port } = server.address();
      const res = await post(`http://127.0.0.1:${port}/simulator/api/clock`, { advance: '+1h' });
      expect(res.status).toBe(409);
      expect((res.json as { message: string }).message).toMatch(/cannot be moved/);
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      await t.close();
    }
  });
});

describe('simulator turned off (SIMULATOR=off)', () => {
  it('answers 404 for the page and its API', async () => {
    const t = await startTestServer({ env: { SIMULATOR: 'off' } });
    try {
      expect((await request(`${t.url}/simulator`)).status).toBe(404);
      expect((await request(`${t.url}/simulator/assets/mermaid.min.js`)).status).toBe(404);
      expect((await post(`${t.url}/simulator/api/clock`, { advance: '+1h' })).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('is off by default in production and on in development', () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      WHATSAPP_APP_SECRET: 'a-production-secret',
      WHATSAPP_VERIFY_TOKEN: 'a-verify-token',
      WHATSAPP_ACCESS_TOKEN: 'an-access-token',
    });
    expect(production.simulatorEnabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).simulatorEnabled).toBe(true);
  });
});
