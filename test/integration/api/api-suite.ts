import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR } from '../../../src/core/clock.js';
import type { Reply } from '../../../src/core/conversation/inbound.js';
import { identifierHashes } from '../../../src/service/identifier-hash.js';
import type { Store } from '../../../src/store/port.js';
import { connect } from 'node:net';
import type { Logger } from '../../../src/logger.js';
import { createRecordingLogger } from '../../support/test-server.js';
import { textMessagePayload, userPreferencesPayload } from '../../support/whatsapp-payloads.js';
import { ROLES, startApiWorld } from './api-world.js';
import type { ApiWorld, Role } from './api-world.js';

/** A store for one test and how to dispose of it. */
export type OpenStore = () => Promise<{ store: Store; teardown: () => Promise<void> }>;

const ALL_CATEGORIES = ['orders', 'account', 'offers'];

/** True for the opt-in question: reply buttons whose ids are the consent region's. */
const asksConsent = (reply: Reply): boolean =>
  reply.type === 'buttons' && reply.buttons.some((b) => b.id.startsWith('consent.'));
const EVIDENCE = { questionText: 'May we send you order updates on WhatsApp?', note: 'web form' };

/**
 * The REST API over HTTP, against the real server and the given store: every route × role,
 * every refusal, bad input, history, export, erasure and the rate limit.
 */
export function describeApiSuite(storeName: string, openStore: OpenStore): void {
  let world: ApiWorld;
  let teardown: () => Promise<void>;
  let next = 0;
  /** A fictional number not used yet in this test: +1 415 555 01xx. */
  const freshPhone = () => `+14155550${String(100 + (next++ % 100))}`;
  /** A business-scoped user id not used yet in this test. */
  const freshUserId = () => `US.1349120865530${String(1000 + next++)}`;

  const start = async (env?: Record<string, string | undefined>, logger?: Logger) => {
    const opened = await openStore();
    teardown = opened.teardown;
    world = await startApiWorld({
      store: opened.store,
      ...(env ? { env } : {}),
      ...(logger ? { logger } : {}),
    });
  };
  beforeEach(async () => {
    next = 0;
    await start();
  });
  afterEach(async () => {
    await world.close();
    await teardown();
  });

  const optIn = (phone: string, body: Record<string, unknown> = {}) =>
    world.call('PUT', `/v1/contacts/${encodeURIComponent(phone)}/consent`, {
      as: 'crm',
      body: { status: 'opted_in', source: 'web', evidence: EVIDENCE, ...body },
    });
  const consentOf = async (phone: string) =>
    (await world.call('GET', `/v1/contacts/${encodeURIComponent(phone)}/consent`, { as: 'agent' }))
      .body as Record<string, unknown>;
  const send = (body: unknown, as: Role = 'agent') =>
    world.call('POST', '/v1/messages', { as, body });
  const offers = { name: 'weekly_offers', language: 'en' };
  const orders = { name: 'order_confirmation', language: 'en' };

  describe(`REST API on the ${storeName} store`, () => {
    describe('authentication and roles', () => {
      /** One valid request per route, for a contact prepared so that it succeeds. */
      const routes: {
        name: string;
        roles: readonly Role[];
        ok: number;
        run: (
          phone: string,
          as?: Role,
          authorization?: string,
        ) => Promise<{ status: number; body: unknown }>;
      }[] = [
        {
          name: 'GET consent',
          roles: ['dpo', 'crm', 'agent'],
          ok: 200,
          run: (p, as, authorization) =>
            world.call('GET', `/v1/contacts/${p}/consent`, {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
            }),
        },
        {
          name: 'PUT consent',
          roles: ['crm', 'dpo'],
          ok: 200,
          run: (p, as, authorization) =>
            world.call('PUT', `/v1/contacts/${p}/consent`, {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
              body: { status: 'opted_out', source: 'crm', evidence: { note: 'called us' } },
            }),
        },
        {
          name: 'GET history',
          roles: ['dpo', 'crm'],
          ok: 200,
          run: (p, as, authorization) =>
            world.call('GET', `/v1/contacts/${p}/consent/history`, {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
            }),
        },
        {
          name: 'GET export',
          roles: ['dpo'],
          ok: 200,
          run: (p, as, authorization) =>
            world.call('GET', `/v1/contacts/${p}/export`, {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
            }),
        },
        {
          name: 'DELETE contact',
          roles: ['dpo'],
          ok: 204,
          run: (p, as, authorization) =>
            world.call('DELETE', `/v1/contacts/${p}`, {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
            }),
        },
        {
          name: 'GET handovers',
          roles: ['agent', 'crm', 'dpo'],
          ok: 200,
          run: (_p, as, authorization) =>
            world.call('GET', '/v1/handovers', {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
            }),
        },
        {
          name: 'GET handover',
          roles: ['agent', 'crm', 'dpo'],
          ok: 200,
          run: async (p, as, authorization) => {
            await world.deps.handovers.start({ phone: p });
            return world.call('GET', `/v1/handovers/${p}`, {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
            });
          },
        },
        {
          name: 'POST handover',
          roles: ['agent'],
          ok: 201,
          run: (p, as, authorization) =>
            world.call('POST', `/v1/handovers/${p}`, {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
            }),
        },
        {
          name: 'DELETE handover',
          roles: ['agent'],
          ok: 200,
          run: async (p, as, authorization) => {
            await world.deps.handovers.start({ phone: p });
            return world.call('DELETE', `/v1/handovers/${p}`, {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
            });
          },
        },
        {
          name: 'POST messages',
          roles: ['agent', 'crm'],
          ok: 202,
          run: (p, as, authorization) =>
            world.call('POST', '/v1/messages', {
              ...(as ? { as } : {}),
              ...(authorization ? { authorization } : {}),
              body: { to: p, text: 'Your parcel is on its way.' },
            }),
        },
      ];

      for (const route of routes) {
        it(`${route.name}: 401 without a key and with a wrong key`, async () => {
          const phone = freshPhone();
          await world.customerSays({ phone }, 'hello');
          const none = await route.run(phone);
          const wrong = await route.run(phone, undefined, 'Bearer not-a-configured-key-at-all');
          const basic = await route.run(
            phone,
            undefined,
            `Basic ${Buffer.from('a:b').toString('base64')}`,
          );
          for (const response of [none, wrong, basic]) {
            expect(response.status).toBe(401);
            expect(response.body).toMatchObject({ code: 'unauthorized' });
          }
        });
        for (const role of ROLES) {
          const allowed = route.roles.includes(role);
          it(`${route.name} as ${role}: ${allowed ? route.ok : 403}`, async () => {
            const phone = freshPhone();
            await world.customerSays({ phone }, 'hello');
            const response = await route.run(phone, role);
            expect(response.status).toBe(allowed ? route.ok : 403);
            if (!allowed) expect(response.body).toMatchObject({ code: 'forbidden' });
          });
        }
      }

      it('closes every /v1 route with 401 saying API_KEYS is not set when no key is configured', async () => {
        await world.close();
        await teardown();
        await start({ API_KEYS: '' });
        for (const [method, path] of [
          ['GET', '/v1/contacts/14155550101/consent'],
          ['PUT', '/v1/contacts/14155550101/consent'],
          ['GET', '/v1/contacts/14155550101/consent/history'],
          ['GET', '/v1/contacts/14155550101/export'],
          ['DELETE', '/v1/contacts/14155550101'],
          ['POST', '/v1/messages'],
        ] as const) {
          const response = await world.call(method, path, {
            authorization: 'Bearer anything-at-all-123456',
          });
          expect(response.status, `${method} ${path}`).toBe(401);
          expect(response.body).toMatchObject({
            code: 'unauthorized',
            message: expect.stringContaining('API_KEYS is not set') as unknown,
          });
        }
      });
    });

    describe('GET /v1/contacts/{phone}/consent', () => {
      it('answers status unknown with every category false for a number never seen, and creates nothing', async () => {
        const phone = freshPhone();
        const response = await world.call('GET', `/v1/contacts/${phone}/consent`, { as: 'agent' });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          contact: { phone },
          status: 'unknown',
          categories: { orders: false, account: false, offers: false },
          marketingSuppressed: false,
          updatedAt: null,
          source: null,
          window: { open: false, expiresAt: null },
        });
        expect(await world.deps.store.findContact({ phone })).toBeNull();
      });

      it('accepts the number with +, without it, URL-encoded, and a business-scoped user id', async () => {
        const phone = freshPhone();
        await optIn(phone);
        for (const form of [phone, phone.slice(1), encodeURIComponent(phone)]) {
          const body = (await world.call('GET', `/v1/contacts/${form}/consent`, { as: 'agent' }))
            .body;
          expect(body, form).toMatchObject({ contact: { phone }, status: 'opted_in' });
        }
        const userId = 'US.13491208655302741918';
        await optIn(userId);
        expect(await consentOf(userId)).toMatchObject({ contact: { userId }, status: 'opted_in' });
      });

      it("shows the window from the customer's last message", async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        const expiresAt = new Date(world.clock.now() + 24 * HOUR).toISOString();
        expect((await consentOf(phone))['window']).toEqual({ open: true, expiresAt });
        world.clock.advance(25 * HOUR);
        expect((await consentOf(phone))['window']).toEqual({ open: false, expiresAt });
      });

      it('refuses an invalid number with 400 invalid_phone', async () => {
        for (const bad of ['12', 'not-a-phone', '%2B999999', '+1415555']) {
          const response = await world.call('GET', `/v1/contacts/${bad}/consent`, { as: 'agent' });
          expect(response.status, bad).toBe(400);
          expect(response.body).toMatchObject({ code: 'invalid_phone' });
        }
      });
    });

    describe('PUT /v1/contacts/{phone}/consent', () => {
      it("records an opt-in for all the flow's categories by default and answers the new state", async () => {
        const phone = freshPhone();
        const response = await optIn(phone.slice(1));
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          contact: { phone },
          status: 'opted_in',
          categories: { orders: true, account: true, offers: true },
          source: 'web',
          updatedAt: new Date(world.clock.now()).toISOString(),
        });
        expect(await consentOf(phone)).toEqual(response.body);
      });

      it('records chosen categories, an opt-out, and counts consent changes by source', async () => {
        const phone = freshPhone();
        await optIn(phone, { categories: ['orders'], source: 'sms' });
        expect((await consentOf(phone))['categories']).toEqual({
          orders: true,
          account: false,
          offers: false,
        });
        world.clock.advance(1000);
        const out = await optIn(phone, { status: 'opted_out', source: 'ivr' });
        expect(out.body).toMatchObject({ status: 'opted_out', source: 'ivr' });
        const metrics = await world.deps.metrics.registry.getMetricsAsJSON();
        const changes = metrics.find((m) => m.name === 'optin_consent_changes_total');
        expect(changes?.values).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              value: 1,
              labels: expect.objectContaining({ change: 'opt_in', source: 'sms' }) as unknown,
            }) as unknown,
            expect.objectContaining({
              value: 1,
              labels: expect.objectContaining({ change: 'opt_out', source: 'ivr' }) as unknown,
            }) as unknown,
          ]) as unknown,
        );
      });

      it('lets the latest event by time win, whatever the order it arrives in', async () => {
        const phone = freshPhone();
        await optIn(phone, { occurredAt: '2026-03-02T08:00:00Z' });
        const late = await optIn(phone, {
          status: 'opted_out',
          occurredAt: '2026-03-01T08:00:00Z',
        });
        expect(late.body).toMatchObject({
          status: 'opted_in',
          updatedAt: '2026-03-02T08:00:00.000Z',
        });
      });

      it("refuses an unknown category with 422 unknown_category listing the flow's ids, writing nothing", async () => {
        const phone = freshPhone();
        const response = await optIn(phone, { categories: ['orders', 'newsletter'] });
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ code: 'unknown_category' });
        for (const id of ['newsletter', ...ALL_CATEGORIES]) {
          expect((response.body as { message: string }).message).toContain(id);
        }
        expect(await world.deps.store.findContact({ phone })).toBeNull();
      });

      const badBodies: [string, unknown, string][] = [
        ['no status', { source: 'web', evidence: EVIDENCE }, 'status'],
        ['an unknown status', { status: 'maybe', source: 'web', evidence: EVIDENCE }, 'opted_in'],
        [
          'source whatsapp',
          { status: 'opted_in', source: 'whatsapp', evidence: EVIDENCE },
          'conversation',
        ],
        ['an unknown source', { status: 'opted_in', source: 'fax', evidence: EVIDENCE }, 'source'],
        ['no evidence', { status: 'opted_in', source: 'web' }, 'evidence'],
        ['empty evidence', { status: 'opted_in', source: 'web', evidence: {} }, 'evidence'],
        [
          'a nested object in the evidence',
          { status: 'opted_in', source: 'web', evidence: { customer: { city: 'Porto' } } },
          'evidence.customer is an object; evidence fields must be text, a number or true/false, not nested',
        ],
        [
          'a list in the evidence',
          { status: 'opted_in', source: 'web', evidence: { tags: ['a', 'b'] } },
          'evidence.tags is a list',
        ],
        [
          'an evidence field over 2,000 characters',
          { status: 'opted_in', source: 'web', evidence: { checkboxText: 'x'.repeat(2001) } },
          'evidence.checkboxText must be at most 2000 characters long',
        ],
        [
          'a documented evidence field over 2,000 characters',
          { status: 'opted_in', source: 'web', evidence: { userAgent: 'x'.repeat(2001) } },
          'userAgent must be at most 2000 characters',
        ],
        [
          '21 evidence fields of its own',
          {
            status: 'opted_in',
            source: 'web',
            evidence: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, i])),
          },
          'evidence has 21 fields besides questionText',
        ],
        [
          'an evidence field the bot records itself',
          { status: 'opted_in', source: 'web', evidence: { flowId: 'checkout' } },
          'evidence.flowId is recorded by the bot itself',
        ],
        [
          'an evidence field name with a dot',
          { status: 'opted_in', source: 'web', evidence: { 'utm.source': 'mail' } },
          'is not a usable field name',
        ],
        [
          'a malformed ip',
          { status: 'opted_in', source: 'web', evidence: { ip: '300.1.1.1' } },
          'ip must be an IPv4 or IPv6 address',
        ],
        [
          'a capturedAt without a time zone',
          { status: 'opted_in', source: 'web', evidence: { capturedAt: '2026-03-01 09:30' } },
          'capturedAt must be an ISO 8601 date-time',
        ],
        [
          'a bad occurredAt',
          { status: 'opted_in', source: 'web', evidence: EVIDENCE, occurredAt: 'yesterday' },
          'occurredAt',
        ],
        [
          'a future occurredAt',
          {
            status: 'opted_in',
            source: 'web',
            evidence: EVIDENCE,
            occurredAt: '2030-01-01T00:00:00Z',
          },
          'future',
        ],
        [
          'categories not an array',
          { status: 'opted_in', source: 'web', evidence: EVIDENCE, categories: 'orders' },
          'categories',
        ],
        [
          'an unknown field',
          { status: 'opted_in', source: 'web', evidence: EVIDENCE, extra: 1 },
          'extra',
        ],
        [
          'a category listed twice',
          {
            status: 'opted_in',
            source: 'web',
            evidence: EVIDENCE,
            categories: ['orders', 'orders'],
          },
          '"orders" more than once',
        ],
        [
          'a thousand categories',
          {
            status: 'opted_in',
            source: 'web',
            evidence: EVIDENCE,
            categories: Array.from({ length: 1000 }, (_, i) => `c${i}`),
          },
          'at most 100',
        ],
        ['an array', [1, 2], 'object'],
      ];
      for (const [what, body, mention] of badBodies) {
        it(`refuses a body with ${what}: 400 invalid_body naming it, writing nothing`, async () => {
          const phone = freshPhone();
          const response = await world.call('PUT', `/v1/contacts/${phone}/consent`, {
            as: 'crm',
            body,
          });
          expect(response.status).toBe(400);
          expect(response.body).toMatchObject({
            code: 'invalid_body',
            message: expect.stringContaining(mention) as unknown,
          });
          expect(await world.deps.store.findContact({ phone })).toBeNull();
        });
      }

      it('keeps the evidence a CRM or web form sends as it comes, in the history and the export', async () => {
        const phone = freshPhone();
        const evidence = {
          form: 'checkout',
          text: 'Send me order updates on WhatsApp',
          formId: 'checkout-v2',
          url: 'https://shop.example/checkout?step=3',
          ip: '2001:db8::7',
          userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)',
          capturedAt: '2026-03-01T09:30:00+01:00',
          doubleOptInToken: 'c0ffee',
          checkboxVersion: 3,
          marketingBoxTicked: false,
        };
        const response = await optIn(phone, { source: 'crm', categories: ['orders'], evidence });
        expect(response.status).toBe(200);

        const history = await world.call('GET', `/v1/contacts/${phone}/consent/history`, {
          as: 'crm',
        });
        const events = (history.body as { events: { evidence: unknown }[] }).events;
        expect(events.map((e) => e.evidence)).toEqual([evidence]);
        const exported = await world.call('GET', `/v1/contacts/${phone}/export`, { as: 'dpo' });
        const exportedEvents = (exported.body as { events: { evidence: unknown }[] }).events;
        expect(exportedEvents.map((e) => e.evidence)).toEqual([evidence]);
      });

      it('keeps exactly 20 fields of its own and 2,000 characters in one', async () => {
        const phone = freshPhone();
        const evidence = {
          ...Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`field_${i}`, `v${i}`])),
          checkboxText: 'é'.repeat(2000),
        };
        expect((await optIn(phone, { evidence })).status).toBe(200);
        const history = await world.call('GET', `/v1/contacts/${phone}/consent/history`, {
          as: 'dpo',
        });
        expect((history.body as { events: { evidence: unknown }[] }).events[0]?.evidence).toEqual(
          evidence,
        );
      });

      it('erases the evidence that may identify the person (ip, browser, page, own fields) with the contact', async () => {
        const phone = freshPhone();
        await optIn(phone, {
          evidence: {
            formId: 'checkout',
            ip: '203.0.113.7',
            userAgent: 'Mozilla/5.0',
            url: 'https://shop.example/?email=ana@example.com',
            capturedAt: '2026-03-01T09:30:00Z',
            email: 'ana@example.com',
          },
        });
        const contact = await world.deps.store.findContact({ phone });
        expect((await world.call('DELETE', `/v1/contacts/${phone}`, { as: 'dpo' })).status).toBe(
          204,
        );
        const events = await world.deps.store.listEvents(contact?.id ?? '');
        expect(events[0]?.evidence).toEqual({
          formId: 'checkout',
          capturedAt: '2026-03-01T09:30:00Z',
        });
      });

      it('refuses malformed JSON with 400 invalid_json and an invalid phone with 400 invalid_phone', async () => {
        const phone = freshPhone();
        const json = await world.call('PUT', `/v1/contacts/${phone}/consent`, {
          as: 'crm',
          rawBody: '{"status":',
        });
        expect(json.status).toBe(400);
        expect(json.body).toMatchObject({ code: 'invalid_json' });
        const bad = await world.call('PUT', '/v1/contacts/123/consent', {
          as: 'crm',
          body: { status: 'opted_in', source: 'web', evidence: EVIDENCE },
        });
        expect(bad.status).toBe(400);
        expect(bad.body).toMatchObject({ code: 'invalid_phone' });
        expect(await world.deps.store.findContact({ phone })).toBeNull();
      });
    });

    describe('GET /v1/contacts/{phone}/consent/history', () => {
      it('lists the events oldest first with their evidence and ISO times', async () => {
        const phone = freshPhone();
        await optIn(phone, {
          occurredAt: '2026-03-02T08:00:00Z',
          evidence: { questionText: 'Q?', url: 'https://example.com/form' },
        });
        await optIn(phone, {
          status: 'opted_out',
          source: 'agent',
          occurredAt: '2026-03-01T08:00:00Z',
          evidence: { note: 'asked on the phone' },
        });
        await world.customerSays({ phone }, 'STOP');
        const response = await world.call('GET', `/v1/contacts/${phone}/consent/history`, {
          as: 'dpo',
        });
        expect(response.status).toBe(200);
        const { events } = response.body as { events: Record<string, unknown>[] };
        expect(events.map((e) => [e['type'], e['source'], e['occurredAt']])).toEqual([
          ['consent.revoked', 'agent', '2026-03-01T08:00:00.000Z'],
          ['consent.granted', 'web', '2026-03-02T08:00:00.000Z'],
          ['consent.revoked', 'whatsapp', new Date(START_TIME()).toISOString()],
        ]);
        expect(events[1]).toMatchObject({
          categories: ALL_CATEGORIES,
          recordedAt: new Date(START_TIME()).toISOString(),
          evidence: { questionText: 'Q?', url: 'https://example.com/form' },
        });
        expect(events[0]).toMatchObject({ evidence: { note: 'asked on the phone' } });
      });

      it('answers 404 contact_not_found for a number never seen', async () => {
        const response = await world.call('GET', `/v1/contacts/${freshPhone()}/consent/history`, {
          as: 'crm',
        });
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'contact_not_found' });
      });
    });

    describe('GET /v1/contacts/{phone}/export', () => {
      it('returns everything stored: the contact, its events and its outbound log', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        await optIn(phone);
        await send({ to: phone, text: 'Your parcel is on its way.' });
        const response = await world.call('GET', `/v1/contacts/${phone}/export`, { as: 'dpo' });
        expect(response.status).toBe(200);
        const body = response.body as {
          contact: unknown;
          events: { type: string }[];
          outbound: unknown[];
          processedMessageIds: unknown[];
        };
        expect(body.contact).toMatchObject({
          phone,
          consent: { status: 'opted_in' },
          lastInboundAt: new Date(START_TIME()).toISOString(),
        });
        expect(body.events.map((e) => e.type)).toContain('consent.granted');
        expect(body.outbound).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              kind: 'text',
              body: 'Your parcel is on its way.',
            }) as unknown,
          ]) as unknown,
        );
        expect(body.processedMessageIds).toHaveLength(1);
      });

      it('answers 404 contact_not_found for a number never seen', async () => {
        const response = await world.call('GET', `/v1/contacts/${freshPhone()}/export`, {
          as: 'dpo',
        });
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'contact_not_found' });
      });
    });

    describe('DELETE /v1/contacts/{phone}', () => {
      it('erases the contact and keeps its opt-out under a keyed hash of the number', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        await world.customerSays({ phone }, 'STOP');
        const erased = await world.call('DELETE', `/v1/contacts/${phone}`, { as: 'dpo' });
        expect(erased.status).toBe(204);
        expect(await world.deps.store.findContact({ phone })).toBeNull();
        const suppressions = await world.deps.store.findSuppressions(
          identifierHashes({ phone }, world.deps.config.identifierHashKey),
        );
        expect(suppressions).toMatchObject([{ optedOut: true }]);
        expect(await consentOf(phone)).toMatchObject({
          contact: { phone },
          status: 'opted_out',
          categories: { orders: false, account: false, offers: false },
        });
        const refused = await send({ to: phone, template: orders });
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({ code: 'opted_out' });
        expect(
          (await world.call('GET', `/v1/contacts/${phone}/export`, { as: 'dpo' })).status,
        ).toBe(404);
      });

      it('starts a number erased after STOP opted out when it writes again: no question asked', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        await world.customerSays({ phone }, 'STOP');
        await world.call('DELETE', `/v1/contacts/${phone}`, { as: 'dpo' });
        world.clock.advance(HOUR);
        const turn = await world.customerSays({ phone }, 'hello again');
        expect(turn.replies.some(asksConsent)).toBe(false);
        expect(turn.contact.consent.status).toBe('opted_out');
        expect(await consentOf(phone)).toMatchObject({
          status: 'opted_out',
          window: { open: true },
        });
        const history = await world.call('GET', `/v1/contacts/${phone}/consent/history`, {
          as: 'dpo',
        });
        expect((history.body as { events: unknown[] }).events[0]).toMatchObject({
          type: 'consent.revoked',
          source: 'api',
        });
        const refused = await send({ to: phone, template: orders });
        expect(refused.body).toMatchObject({ code: 'opted_out' });
      });

      it('asks a number erased without an opt-out as any new customer', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        await world.call('DELETE', `/v1/contacts/${phone}`, { as: 'dpo' });
        const turn = await world.customerSays({ phone }, 'hello again');
        expect(turn.replies.some(asksConsent)).toBe(true);
        expect(turn.contact.consent.status).toBe('unknown');
      });

      it('forgets a number that had not opted out: GET says unknown afterwards', async () => {
        const phone = freshPhone();
        await optIn(phone);
        expect((await world.call('DELETE', `/v1/contacts/${phone}`, { as: 'dpo' })).status).toBe(
          204,
        );
        expect(await consentOf(phone)).toMatchObject({ status: 'unknown' });
      });

      it('lets a new opt-in after the erasure win over the kept opt-out', async () => {
        const phone = freshPhone();
        await optIn(phone, { status: 'opted_out' });
        await world.call('DELETE', `/v1/contacts/${phone}`, { as: 'dpo' });
        world.clock.advance(HOUR);
        expect((await optIn(phone)).body).toMatchObject({ status: 'opted_in' });
      });

      describe('a contact known by phone and user id, erased after STOP', () => {
        /** STOP from a contact known by both identifiers, erased by `eraseBy`, an hour ago. */
        const erasedAfterStop = async (eraseBy: 'phone' | 'userId' = 'phone') => {
          const person = { phone: freshPhone(), userId: freshUserId() };
          await world.customerSays(person, 'hello');
          await world.customerSays(person, 'STOP');
          const erased = await world.call('DELETE', `/v1/contacts/${person[eraseBy]}`, {
            as: 'dpo',
          });
          expect(erased.status).toBe(204);
          world.clock.advance(HOUR);
          return person;
        };
        /** A text webhook from a sender known by `ref` alone (no phone: `from` left out). */
        const webhookFrom = (ref: { phone?: string; userId?: string }, text: string) =>
          world.webhook(
            textMessagePayload({
              from: ref.phone ?? null,
              ...(ref.userId ? { userId: ref.userId } : {}),
              text,
              timestamp: Math.floor(world.clock.now() / 1000),
            }),
          );
        const repliesTo = (ref: { phone?: string; userId?: string }) =>
          world.sent.flatMap(({ contact, message }) =>
            message.kind === 'reply' &&
            ((ref.phone && contact.phone === ref.phone) ||
              (ref.userId && contact.userId === ref.userId))
              ? [message.reply]
              : [],
          );

        it('starts them opted out and unasked when a webhook carries only the user id, or only the phone', async () => {
          const { phone, userId } = await erasedAfterStop();
          for (const ref of [{ userId }, { phone }]) {
            expect((await webhookFrom(ref, 'hello again')).status).toBe(200);
            expect(repliesTo(ref).length).toBeGreaterThan(0);
            expect(repliesTo(ref).some(asksConsent)).toBe(false);
            expect((await world.deps.store.findContact(ref))?.consent.status).toBe('opted_out');
            expect(await consentOf(ref.userId ?? ref.phone ?? '')).toMatchObject({
              status: 'opted_out',
              window: { open: true },
            });
          }
        });

        it('answers opted_out to GET consent by either identifier, whichever the erasure was asked by', async () => {
          for (const eraseBy of ['phone', 'userId'] as const) {
            const { phone, userId } = await erasedAfterStop(eraseBy);
            for (const identifier of [phone, userId]) {
              expect(await consentOf(identifier)).toMatchObject({
                status: 'opted_out',
                categories: { orders: false, account: false, offers: false },
              });
            }
          }
        });

        it('refuses a marketing send to either identifier: 409 opted_out', async () => {
          const { phone, userId } = await erasedAfterStop();
          for (const to of [phone, userId]) {
            const refused = await send({ to, template: offers });
            expect(refused.status).toBe(409);
            expect(refused.body).toMatchObject({ code: 'opted_out' });
          }
          expect(world.sent.filter((s) => s.message.kind === 'template')).toEqual([]);
        });

        it('keeps the opt-out against a consent PUT by user id dated before the erasure, and lets a later opt-in win', async () => {
          const { userId } = await erasedAfterStop();
          const before = new Date(world.clock.now() - 2 * HOUR).toISOString();
          expect((await optIn(userId, { occurredAt: before })).body).toMatchObject({
            status: 'opted_out',
          });
          expect((await optIn(userId)).body).toMatchObject({ status: 'opted_in' });
        });
      });

      it('keeps the opt-out of a contact known only by a user id, found when they come back with their phone too', async () => {
        const userId = freshUserId();
        await world.customerSays({ userId }, 'hello');
        await world.customerSays({ userId }, 'STOP');
        const erased = await world.call('DELETE', `/v1/contacts/${userId}`, { as: 'dpo' });
        expect(erased.status).toBe(204);
        world.clock.advance(HOUR);
        expect(await consentOf(userId)).toMatchObject({ status: 'opted_out' });

        const phone = freshPhone();
        const payload = textMessagePayload({
          from: phone,
          userId,
          text: 'hello again',
          timestamp: Math.floor(world.clock.now() / 1000),
        });
        expect((await world.webhook(payload)).status).toBe(200);
        const contact = await world.deps.store.findContact({ phone });
        expect(contact).toMatchObject({ phone, userId, consent: { status: 'opted_out' } });
        const asked = world.sent.some(
          (s) =>
            s.contact.id === contact?.id &&
            s.message.kind === 'reply' &&
            asksConsent(s.message.reply),
        );
        expect(asked).toBe(false);
        expect(await consentOf(phone)).toMatchObject({ status: 'opted_out' });
      });

      it('answers 404 for a number never seen and 400 for an invalid one', async () => {
        const unknown = await world.call('DELETE', `/v1/contacts/${freshPhone()}`, { as: 'dpo' });
        expect(unknown.status).toBe(404);
        expect(unknown.body).toMatchObject({ code: 'contact_not_found' });
        const bad = await world.call('DELETE', '/v1/contacts/abc', { as: 'dpo' });
        expect(bad.status).toBe(400);
        expect(bad.body).toMatchObject({ code: 'invalid_phone' });
      });
    });

    describe('hand-overs: /v1/handovers', () => {
      const path = (phone: string) => `/v1/handovers/${encodeURIComponent(phone)}`;

      it('starts one (201, then 200), lists it with the customer waiting, and keeps the bot quiet', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        const started = await world.call('POST', path(phone), { as: 'agent' });
        expect(started.status).toBe(201);
        expect(started.body).toMatchObject({
          contact: { phone },
          startedBy: 'agent',
          waiting: true,
          window: { open: true },
        });
        expect((await world.call('POST', path(phone), { as: 'agent' })).status).toBe(200);
        expect(world.notices.map((n) => n.type)).toEqual(['handover.started']);

        const turn = await world.customerSays({ phone }, 'are you there?');
        expect(turn.replies).toEqual([]);
        const detail = await world.call('GET', path(phone), { as: 'crm' });
        expect(detail.status).toBe(200);
        expect(detail.body).toMatchObject({
          contact: { phone },
          waiting: true,
          messages: [{ type: 'text', text: 'are you there?' }],
        });
        const listed = await world.call('GET', '/v1/handovers', { as: 'dpo' });
        expect(listed.body).toEqual({
          handovers: [expect.objectContaining({ contact: { phone } })],
        });
      });

      it('lists the longest waiting first', async () => {
        const first = freshPhone();
        const second = freshPhone();
        await world.customerSays({ phone: first }, 'hello');
        await world.customerSays({ phone: second }, 'hello');
        await world.call('POST', path(second), { as: 'agent' });
        world.clock.advance(1000);
        await world.call('POST', path(first), { as: 'agent' });
        const listed = (await world.call('GET', '/v1/handovers', { as: 'agent' })).body as {
          handovers: { contact: { phone: string } }[];
        };
        expect(listed.handovers.map((h) => h.contact.phone)).toEqual([second, first]);
      });

      it("counts an agent's answer with POST /v1/messages: the customer no longer waits", async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        await world.call('POST', path(phone), { as: 'agent' });
        await world.customerSays({ phone }, 'my parcel is late');
        world.clock.advance(60_000);
        expect((await send({ to: phone, text: 'Let me check, one minute.' })).status).toBe(202);
        const detail = (await world.call('GET', path(phone), { as: 'agent' })).body as {
          waiting: boolean;
          lastMessageAt: string;
        };
        expect(detail.waiting).toBe(false);
        expect(detail.lastMessageAt).toBe(new Date(world.clock.now()).toISOString());
      });

      it('gives the conversation back: the bot greets the customer on their next message', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        await world.call('POST', path(phone), { as: 'agent' });
        const ended = await world.call('DELETE', path(phone), { as: 'agent' });
        expect(ended.status).toBe(200);
        expect(ended.body).toMatchObject({ contact: { phone }, greeted: false });
        expect(world.notices.map((n) => n.type)).toEqual(['handover.started', 'handover.ended']);
        expect((await world.call('GET', '/v1/handovers', { as: 'agent' })).body).toEqual({
          handovers: [],
        });
        const again = await world.call('DELETE', path(phone), { as: 'agent' });
        expect(again.status).toBe(404);
        expect(again.body).toMatchObject({ code: 'not_handed_over' });

        const turn = await world.customerSays({ phone }, 'hi');
        expect(turn.replies.map((r) => r.text)).toEqual([
          "Our team has finished helping you. I'm back if you need anything else.",
          expect.stringMatching(/^How can we help you today\?/) as unknown,
        ]);
      });

      it('greets the customer back at once with {"notify": true} inside the window, not outside it', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        await world.call('POST', path(phone), { as: 'agent' });
        const ended = await world.call('DELETE', path(phone), {
          as: 'agent',
          body: { notify: true },
        });
        expect(ended.body).toMatchObject({ greeted: true });
        await world.delivered();
        const greeting = world.sent.filter((s) => s.contact.phone === phone).slice(-2);
        expect(
          greeting.map((s) => (s.message.kind === 'reply' ? s.message.reply.text : '')),
        ).toEqual([
          "Our team has finished helping you. I'm back if you need anything else.",
          expect.stringMatching(/^How can we help you today\?/) as unknown,
        ]);

        const late = freshPhone();
        await world.customerSays({ phone: late }, 'hello');
        await world.call('POST', path(late), { as: 'agent' });
        world.clock.advance(25 * HOUR);
        const closed = await world.call('DELETE', path(late), {
          as: 'agent',
          body: { notify: true },
        });
        expect(closed.body).toMatchObject({ greeted: false });
      });

      it('greets nobody at once who said STOP during the hand-over: that greeting would be proactive', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        await world.call('POST', path(phone), { as: 'agent' });
        await world.customerSays({ phone }, 'pare de me mandar mensagem');
        const sent = world.sent.length;
        const ended = await world.call('DELETE', path(phone), {
          as: 'agent',
          body: { notify: true },
        });
        expect(ended.status).toBe(200);
        expect(ended.body).toMatchObject({ greeted: false });
        await world.delivered();
        expect(world.sent.slice(sent)).toEqual([]);
      });

      it('refuses what it cannot do, changing nothing', async () => {
        const phone = freshPhone();
        const unknown = await world.call('POST', path(phone), { as: 'agent' });
        expect(unknown.status).toBe(404);
        expect(unknown.body).toMatchObject({ code: 'contact_not_found' });
        await world.customerSays({ phone }, 'hello');
        const notHandedOver = await world.call('GET', path(phone), { as: 'agent' });
        expect(notHandedOver.status).toBe(404);
        expect(notHandedOver.body).toMatchObject({ code: 'not_handed_over' });
        const emulator = await world.call('POST', path('EM.tester'), { as: 'agent' });
        expect(emulator.status).toBe(422);
        expect(emulator.body).toMatchObject({ code: 'not_whatsapp_contact' });
        await world.call('POST', path(phone), { as: 'agent' });
        const bad = await world.call('DELETE', path(phone), {
          as: 'agent',
          body: { notify: 'yes' },
        });
        expect(bad.status).toBe(400);
        expect(bad.body).toMatchObject({ code: 'invalid_body' });
        const invalid = await world.call('GET', '/v1/handovers/not-a-number', { as: 'agent' });
        expect(invalid.status).toBe(400);
        expect((await world.call('GET', path(phone), { as: 'agent' })).status).toBe(200);
      });

      it('exports the hand-over to the DPO and erases it with the contact', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        await world.call('POST', path(phone), { as: 'agent' });
        await world.customerSays({ phone }, 'my address is 1 Main Street');
        const exported = (
          await world.call('GET', `/v1/contacts/${encodeURIComponent(phone)}/export`, {
            as: 'dpo',
          })
        ).body as { contact: { handover: { messages: { text: string }[] } } };
        expect(exported.contact.handover.messages.map((m) => m.text)).toEqual([
          'my address is 1 Main Street',
        ]);
        await world.call('DELETE', `/v1/contacts/${encodeURIComponent(phone)}`, { as: 'dpo' });
        expect((await world.call('GET', '/v1/handovers', { as: 'agent' })).body).toEqual({
          handovers: [],
        });
      });
    });

    describe('POST /v1/messages', () => {
      const decisions = async () => {
        const metrics = await world.deps.metrics.registry.getMetricsAsJSON();
        const values = metrics.find((m) => m.name === 'optin_send_decisions_total')?.values ?? [];
        return Object.fromEntries(
          values.map((v) => [String(v.labels['outcome']), v.value] as const),
        );
      };

      it('sends free text inside the window: 202 with the WhatsApp message id', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        const response = await send({ to: phone.slice(1), text: 'Your parcel is on its way.' });
        expect(response.status).toBe(202);
        const last = world.sent.at(-1);
        expect(response.body).toEqual({
          messageId: last?.waMessageId,
          status: 'accepted',
          id: expect.any(String) as unknown,
        });
        expect(last?.message).toEqual({
          kind: 'reply',
          reply: { type: 'text', text: 'Your parcel is on its way.' },
        });
        expect(await decisions()).toMatchObject({ allowed: 1 });
      });

      it('answers 202 queued with the outbox id when WhatsApp has not taken it within the wait', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        world.holdSends = true;
        try {
          const response = await send({ to: phone, text: 'Your parcel is on its way.' });
          expect(response.status).toBe(202);
          expect(response.body).toEqual({ status: 'queued', id: expect.any(String) as unknown });
        } finally {
          world.holdSends = false;
        }
      });

      it('refuses free text outside the window: 409 outside_window with the fallback channels', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        world.clock.advance(25 * HOUR);
        const sentBefore = world.sent.length;
        const response = await send({ to: phone, text: 'Still there?' });
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({
          code: 'outside_window',
          fallback: ['sms', 'email'],
          message: expect.any(String) as unknown,
        });
        expect(world.sent).toHaveLength(sentBefore);
        expect(await decisions()).toMatchObject({ outside_window: 1 });
      });

      it('refuses free text to a number that never wrote: 409 outside_window, creating nothing', async () => {
        const phone = freshPhone();
        const response = await send({ to: phone, text: 'Hello' });
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ code: 'outside_window' });
        expect(await world.deps.store.findContact({ phone })).toBeNull();
      });

      it('sends a template of an opted-in category outside the window', async () => {
        const phone = freshPhone();
        await optIn(phone, { categories: ['orders'] });
        const components = [{ type: 'body', parameters: [{ type: 'text', text: 'A-1001' }] }];
        const response = await send({ to: phone, template: { ...orders, components } }, 'crm');
        expect(response.status).toBe(202);
        expect(world.sent.at(-1)?.message).toEqual({
          kind: 'template',
          ...orders,
          components,
          category: 'orders',
        });
      });

      it('refuses a template of a category not opted in to: 409 not_opted_in', async () => {
        const phone = freshPhone();
        await optIn(phone, { categories: ['orders'] });
        const unknown = freshPhone();
        for (const to of [phone, unknown]) {
          const response = await send({ to, template: offers });
          expect(response.status).toBe(409);
          expect(response.body).toMatchObject({ code: 'not_opted_in', fallback: ['sms', 'email'] });
        }
        expect(await decisions()).toMatchObject({ not_opted_in: 2 });
      });

      it('refuses any template after STOP, even inside the window: 409 opted_out', async () => {
        const phone = freshPhone();
        await optIn(phone);
        await world.customerSays({ phone }, 'STOP');
        const response = await send({ to: phone, template: orders });
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ code: 'opted_out', fallback: ['sms', 'email'] });
        expect(await decisions()).toMatchObject({ opted_out: 1 });
      });

      it("refuses marketing templates only while WhatsApp's marketing opt-out is in force", async () => {
        const phone = freshPhone();
        await optIn(phone);
        await world.deps.consent.recordMarketingPreference(
          { phone },
          'stop',
          world.clock.now(),
          {},
        );
        const marketing = await send({ to: phone, template: offers });
        expect(marketing.status).toBe(409);
        expect(marketing.body).toMatchObject({ code: 'opted_out' });
        expect((await send({ to: phone, template: orders })).status).toBe(202);
        expect(await consentOf(phone)).toMatchObject({
          marketingSuppressed: true,
          categories: { offers: false, orders: true },
        });
      });

      it('refuses an undeclared template with 422 unknown_template', async () => {
        const phone = freshPhone();
        await optIn(phone);
        const response = await send({
          to: phone,
          template: { name: 'black_friday', language: 'en' },
        });
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({
          code: 'unknown_template',
          message: expect.stringContaining('black_friday') as unknown,
        });
      });

      const badBodies: [string, unknown, string][] = [
        ['neither text nor template', { to: '+14155550101' }, 'exactly one'],
        [
          'both text and template',
          { to: '+14155550101', text: 'hi', template: { name: 'weekly_offers', language: 'en' } },
          'exactly one',
        ],
        ['no to', { text: 'hi' }, 'to'],
        ['an empty text', { to: '+14155550101', text: '' }, 'text'],
        [
          'a template without language',
          { to: '+14155550101', template: { name: 'weekly_offers' } },
          'template.language',
        ],
        [
          'components not an array',
          {
            to: '+14155550101',
            template: { ...{ name: 'weekly_offers', language: 'en' }, components: 'x' },
          },
          'components',
        ],
      ];
      for (const [what, body, mention] of badBodies) {
        it(`refuses ${what}: 400 invalid_body`, async () => {
          const response = await send(body);
          expect(response.status).toBe(400);
          expect(response.body).toMatchObject({
            code: 'invalid_body',
            message: expect.stringContaining(mention) as unknown,
          });
          expect(world.sent).toHaveLength(0);
        });
      }

      it('refuses an invalid "to" with 400 invalid_phone', async () => {
        const response = await send({ to: '+1 415', text: 'hi' });
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ code: 'invalid_phone' });
      });
    });

    describe('identifiers a webhook stored', () => {
      // WhatsApp ids our phone metadata calls unassigned: a fictional range of +1 777, and the
      // old Mexican mobile form with a 1 after 52, which WhatsApp still sends as `wa_id`.
      it.each(['17771000000', '5215500000123'])(
        'reach the contact %s by GET, PUT, history, export and DELETE, in every form',
        async (waId) => {
          const webhook = await world.webhook(
            textMessagePayload({
              from: waId,
              text: 'STOP',
              timestamp: Math.floor(world.clock.now() / 1000),
            }),
          );
          expect(webhook.status).toBe(200);
          expect(world.sent.map((s) => s.contact.phone)).toEqual([`+${waId}`]);

          for (const form of [`+${waId}`, waId, `%2B${waId}`]) {
            const consent = await world.call('GET', `/v1/contacts/${form}/consent`, { as: 'crm' });
            expect([form, consent.status]).toEqual([form, 200]);
            expect(consent.body).toMatchObject({
              contact: { phone: `+${waId}` },
              status: 'opted_out',
            });
          }
          const history = await world.call('GET', `/v1/contacts/+${waId}/consent/history`, {
            as: 'dpo',
          });
          expect(history.status).toBe(200);
          expect((history.body as { events: unknown[] }).events).toHaveLength(1);
          const put = await world.call('PUT', `/v1/contacts/${waId}/consent`, {
            as: 'crm',
            body: { status: 'opted_in', source: 'web', evidence: EVIDENCE },
          });
          expect(put.status).toBe(200);
          expect(put.body).toMatchObject({ status: 'opted_in' });
          const exported = await world.call('GET', `/v1/contacts/+${waId}/export`, { as: 'dpo' });
          expect(exported.status).toBe(200);
          expect(exported.body).toMatchObject({ contact: { phone: `+${waId}` } });

          const erased = await world.call('DELETE', `/v1/contacts/%2B${waId}`, { as: 'dpo' });
          expect(erased.status).toBe(204);
          expect(await world.deps.store.findContact({ phone: `+${waId}` })).toBeNull();
          const again = await world.call('DELETE', `/v1/contacts/%2B${waId}`, { as: 'dpo' });
          expect(again.status).toBe(404);
        },
      );

      // The same mobile as WhatsApp's `wa_id` has it and as a CRM writes it today: Mexico's
      // old "52 1" form, Brazil's mobile without the ninth digit and Argentina's "54 9" form
      // (core/phone.ts).
      const NUMBER_FORMS = [
        ['Mexican', '5215500000123', '+525500000123'],
        ['Brazilian', '551187650123', '+5511987650123'],
        ['Argentine', '5491123450123', '+541123450123'],
      ] as const;
      /** Two contacts of one person under the two forms, as an earlier build stored them. */
      const storeApart = async (waId: string, crmForm: string) => {
        await world.deps.store.ensureContact({ phone: `+${waId}` }, world.clock.now());
        await world.deps.store.ensureContact({ phone: crmForm }, world.clock.now());
      };
      const stopFrom = (waId: string) =>
        world.webhook(
          textMessagePayload({
            from: waId,
            text: 'STOP',
            timestamp: Math.floor(world.clock.now() / 1000),
          }),
        );

      it.each(NUMBER_FORMS)(
        'a %s STOP from %s holds for the CRM’s %s: one contact, the send refused',
        async (_country, waId, crmForm) => {
          expect((await stopFrom(waId)).status).toBe(200);
          expect(await consentOf(crmForm)).toMatchObject({
            contact: { phone: `+${waId}` },
            status: 'opted_out',
          });
          const refused = await send({ to: crmForm, template: offers });
          expect(refused.status).toBe(409);
          expect(refused.body).toMatchObject({ code: 'opted_out' });
          expect(await world.deps.store.findContact({ phone: crmForm })).toBeNull();
        },
      );

      it.each(NUMBER_FORMS)(
        'a %s customer who writes STOP from %s is opted out as the CRM’s %s, which opted them in',
        async (_country, waId, crmForm) => {
          expect((await optIn(crmForm)).status).toBe(200);
          expect((await stopFrom(waId)).status).toBe(200);
          // One contact, the CRM's, now opted out; the confirmation went to it.
          expect(await world.deps.store.findContact({ phone: `+${waId}` })).toBeNull();
          expect(await consentOf(crmForm)).toMatchObject({
            contact: { phone: crmForm },
            status: 'opted_out',
          });
          expect(await consentOf(waId)).toMatchObject({ status: 'opted_out' });
          expect(world.sent.map((s) => s.contact.phone)).toEqual([crmForm]);
          const refused = await send({ to: crmForm, template: offers });
          expect(refused.body).toMatchObject({ code: 'opted_out' });
        },
      );

      it.each(NUMBER_FORMS)(
        'a %s customer who wrote by user id, then STOP from %s with it, is opted out as the CRM’s %s',
        async (_country, waId, crmForm) => {
          const userId = freshUserId();
          const at = () => Math.floor(world.clock.now() / 1000);
          expect((await optIn(crmForm)).status).toBe(200);
          const hello = textMessagePayload({ from: null, userId, text: 'hola', timestamp: at() });
          expect((await world.webhook(hello)).status).toBe(200);
          const stop = textMessagePayload({ from: waId, userId, text: 'STOP', timestamp: at() });
          expect((await world.webhook(stop)).status).toBe(200);
          // The user id's contact and the CRM's are one now, opted out under every identifier.
          for (const form of [crmForm, waId, userId]) {
            expect([form, await consentOf(form)]).toMatchObject([form, { status: 'opted_out' }]);
          }
          const refused = await send({ to: crmForm, template: offers });
          expect(refused.status).toBe(409);
        },
      );

      it.each(NUMBER_FORMS)(
        'a %s customer who stops marketing in WhatsApp as %s, opted in by the CRM as %s, gets no offers',
        async (_country, waId, crmForm) => {
          expect((await optIn(crmForm)).status).toBe(200);
          const stopped = await world.webhook(
            userPreferencesPayload({
              value: 'stop',
              waId,
              timestamp: Math.floor(world.clock.now() / 1000),
            }),
          );
          expect(stopped.status).toBe(200);
          expect(await world.deps.store.findContact({ phone: `+${waId}` })).toBeNull();
          const refused = await send({ to: crmForm, template: offers });
          expect(refused.status).toBe(409);
          expect(await consentOf(crmForm)).toMatchObject({ marketingSuppressed: true });
        },
      );

      it.each(NUMBER_FORMS)(
        'a %s STOP from %s holds for a contact stored apart under %s, until a later opt-in there',
        async (_country, waId, crmForm) => {
          const { store } = world.deps;
          await storeApart(waId, crmForm);
          expect((await optIn(crmForm)).status).toBe(200);
          world.clock.advance(HOUR);
          expect((await stopFrom(waId)).status).toBe(200);
          expect((await store.findContact({ phone: crmForm }))?.consent.status).toBe('opted_in');

          expect(await consentOf(crmForm)).toMatchObject({
            contact: { phone: crmForm },
            status: 'opted_out',
          });
          const refused = await send({ to: crmForm, template: offers });
          expect(refused.status).toBe(409);
          expect(refused.body).toMatchObject({ code: 'opted_out' });

          // The person's own later decision under the CRM's form wins (latest by time).
          world.clock.advance(HOUR);
          expect((await optIn(crmForm)).status).toBe(200);
          expect(await consentOf(crmForm)).toMatchObject({ status: 'opted_in' });
        },
      );

      it.each(NUMBER_FORMS)(
        'a %s customer writing from %s is not asked after the CRM opted out %s, stored apart',
        async (_country, waId, crmForm) => {
          const { store } = world.deps;
          await storeApart(waId, crmForm);
          expect((await optIn(crmForm, { status: 'opted_out', source: 'ivr' })).status).toBe(200);
          world.clock.advance(HOUR);

          const turn = await world.customerSays({ phone: `+${waId}` }, 'hola');
          expect(turn.replies.some(asksConsent)).toBe(false);
          expect(turn.contact.consent.status).toBe('opted_out');
          const history = await world.call('GET', `/v1/contacts/${waId}/consent/history`, {
            as: 'dpo',
          });
          expect((history.body as { events: unknown[] }).events).toMatchObject([
            {
              type: 'consent.revoked',
              evidence: { note: 'opt-out given under the other form of this number' },
            },
          ]);
          // Once: the next message finds it in the ledger.
          const again = await world.customerSays({ phone: `+${waId}` }, 'hola otra vez');
          expect(again.replies.some(asksConsent)).toBe(false);
          expect(await store.listEvents(again.contact.id)).toHaveLength(1);
        },
      );

      it.each(NUMBER_FORMS)(
        'a %s person stored apart under %s and %s: the export shows both, the erasure takes both',
        async (_country, waId, crmForm) => {
          const { store } = world.deps;
          await storeApart(waId, crmForm);
          expect((await optIn(crmForm)).status).toBe(200);
          world.clock.advance(HOUR);
          expect((await stopFrom(waId)).status).toBe(200);

          const exported = await world.call('GET', `/v1/contacts/${crmForm}/export`, { as: 'dpo' });
          expect(exported.status).toBe(200);
          expect(exported.body).toMatchObject({
            contact: { phone: crmForm },
            otherNumberForms: [
              {
                contact: { phone: `+${waId}` },
                events: [expect.objectContaining({ type: 'consent.revoked' })],
              },
            ],
          });

          const erased = await world.call('DELETE', `/v1/contacts/${crmForm}`, { as: 'dpo' });
          expect(erased.status).toBe(204);
          expect(await store.findContact({ phone: crmForm })).toBeNull();
          expect(await store.findContact({ phone: `+${waId}` })).toBeNull();
          // The STOP is kept for both forms.
          for (const form of [crmForm, waId]) {
            const refused = await send({ to: form, template: offers });
            expect([form, refused.body]).toMatchObject([form, { code: 'opted_out' }]);
          }
        },
      );

      it.each(NUMBER_FORMS)(
        'a %s number erased as the CRM’s form keeps the STOP given from %s',
        async (_country, waId, crmForm) => {
          expect((await stopFrom(waId)).status).toBe(200);
          const erased = await world.call('DELETE', `/v1/contacts/${crmForm}`, { as: 'dpo' });
          expect(erased.status).toBe(204);
          expect(await world.deps.store.findContact({ phone: `+${waId}` })).toBeNull();
          for (const form of [crmForm, waId]) {
            const refused = await send({ to: form, template: offers });
            expect([form, refused.body]).toMatchObject([form, { code: 'opted_out' }]);
          }
        },
      );

      it('reach a contact known by a parent business-scoped user id (US.ENT.…)', async () => {
        const userId = 'US.ENT.11815799212886844830';
        const webhook = await world.webhook(
          textMessagePayload({
            from: null,
            userId,
            text: 'STOP',
            timestamp: Math.floor(world.clock.now() / 1000),
          }),
        );
        expect(webhook.status).toBe(200);
        const consent = await world.call('GET', `/v1/contacts/${userId}/consent`, { as: 'crm' });
        expect(consent.status).toBe(200);
        expect(consent.body).toMatchObject({ contact: { userId }, status: 'opted_out' });
        expect((await world.call('DELETE', `/v1/contacts/${userId}`, { as: 'dpo' })).status).toBe(
          204,
        );
      });

      it('still refuses such a number with 400 invalid_phone while nothing is stored under it', async () => {
        for (const method of ['GET', 'PUT'] as const) {
          const response = await world.call(method, '/v1/contacts/+17771000000/consent', {
            as: 'crm',
            ...(method === 'PUT'
              ? { body: { status: 'opted_in', source: 'web', evidence: EVIDENCE } }
              : {}),
          });
          expect([method, response.status]).toEqual([method, 400]);
          expect(response.body).toMatchObject({ code: 'invalid_phone' });
        }
        expect(await world.deps.store.findContact({ phone: '+17771000000' })).toBeNull();
      });

      it('answers 400 invalid_phone, not 404, for a phone longer than 100 characters', async () => {
        const long = '1'.repeat(150);
        const response = await world.call('GET', `/v1/contacts/${long}/consent`, { as: 'agent' });
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ code: 'invalid_phone' });
        expect((response.body as { message: string }).message).not.toContain(long);
      });
    });

    describe('abuse and headers', () => {
      const restart = async (env: Record<string, string>, logger?: Logger) => {
        await world.close();
        await teardown();
        await start(env, logger);
      };

      it('limits wrong API keys per client address (429 with Retry-After, also for a right key meanwhile) and logs them at warn without the key', async () => {
        const recording = createRecordingLogger('info');
        await restart({ API_AUTH_FAILURES_PER_MINUTE: '3' }, recording.logger);
        const path = `/v1/contacts/${freshPhone()}/consent`;
        const wrong = 'Bearer wrong-key-0123456789abcdef';
        for (let i = 0; i < 3; i++) {
          expect((await world.call('GET', path, { authorization: wrong })).status).toBe(401);
        }
        const limited = await world.call('GET', path, { authorization: wrong });
        expect(limited.status).toBe(429);
        expect(limited.body).toMatchObject({ code: 'rate_limited' });
        expect(limited.headers.get('retry-after')).toBe('20');
        // Refused before the key is looked at: a guess that happens to be right learns nothing.
        expect((await world.call('GET', path, { as: 'agent' })).status).toBe(429);
        world.clock.advance(20_000);
        expect((await world.call('GET', path, { as: 'agent' })).status).toBe(200);

        const warnings = recording
          .lines()
          .split('\n')
          .filter((line) => line.includes('"level":40'));
        expect(warnings.filter((line) => line.includes('API key refused'))).toHaveLength(3);
        expect(warnings.some((line) => line.includes('too many refused API keys'))).toBe(true);
        expect(recording.lines()).not.toContain('wrong-key-0123456789abcdef');
      });

      it('checks the API key before reading the body: a wrong key is refused at once, and the connection closed', async () => {
        const { hostname, port } = new URL(world.url);
        const socket = connect(Number(port), hostname);
        const answer = new Promise<string>((resolve, reject) => {
          let text = '';
          socket.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
          });
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
        });
        // The headers promise 200 kB; only the first bytes of the body are ever sent.
        socket.write(
          `PUT /v1/contacts/${freshPhone()}/consent HTTP/1.1\r\nHost: test\r\n` +
            'Authorization: Bearer wrong-key-0123456789abcdef\r\n' +
            'Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n{"status":',
        );
        const text = await answer;
        expect(text).toMatch(/^HTTP\/1\.1 401 /);
        expect(text.toLowerCase()).toContain('connection: close');
      });

      it('marks answers with personal data nosniff and no-store, and names no server stack', async () => {
        const phone = freshPhone();
        await world.customerSays({ phone }, 'hello');
        for (const [path, as] of [
          [`/v1/contacts/${phone}/consent`, 'agent'],
          [`/v1/contacts/${phone}/consent/history`, 'crm'],
          [`/v1/contacts/${phone}/export`, 'dpo'],
          [`/v1/contacts/${phone}/export`, 'agent'],
        ] as const) {
          const response = await world.call('GET', path, { as });
          expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
          expect(response.headers.get('cache-control'), path).toBe('no-store');
          expect(response.headers.get('server'), path).toBeNull();
        }
      });
    });

    describe('rate limit', () => {
      it('answers 429 rate_limited with Retry-After once a key spent its budget, per key, and recovers with time', async () => {
        await world.close();
        await teardown();
        await start({ API_RATE_LIMIT_PER_MINUTE: '3' });
        const phone = freshPhone();
        const get = (as: Role) => world.call('GET', `/v1/contacts/${phone}/consent`, { as });
        for (let i = 0; i < 3; i++) expect((await get('agent')).status).toBe(200);
        const limited = await get('agent');
        expect(limited.status).toBe(429);
        expect(limited.body).toMatchObject({ code: 'rate_limited' });
        expect(limited.headers.get('retry-after')).toBe('20');
        expect((await get('crm')).status).toBe(200);
        world.clock.advance(19_000);
        expect((await get('agent')).status).toBe(429);
        world.clock.advance(1_000);
        expect((await get('agent')).status).toBe(200);
      });
    });
  });

  function START_TIME(): number {
    return world.clock.now();
  }
}
