import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NO_OPT_OUTS,
  SEEDED_BY_VERSION_AND_VARIANT,
  seedLedger,
} from '../../support/seeded-ledger.js';
import { startApiWorld } from './api-world.js';
import type { ApiWorld } from './api-world.js';
import type { OpenStore } from './api-suite.js';
import type { NewConsentEvent } from '../../../src/core/consent/events.js';
import type { Store } from '../../../src/store/port.js';

const WEEK = 'from=2026-03-01&to=2026-03-08';
/** The opt-in rate and its Wilson interval of each group of SEEDED_BY_VERSION_AND_VARIANT. */
const RATES = [
  { optInRate: 0, optInRateInterval: [0, 0.7935] },
  { optInRate: 0.25, optInRateInterval: [0.0456, 0.6994] },
  { optInRate: 0.4444, optInRateInterval: [0.1888, 0.7333] },
];
/**
 * `GET /v1/reports/consent` over HTTP, on a ledger seeded with known answers
 * (`test/support/seeded-ledger.ts`): the body, the statistics, the roles, the refusals.
 */
export function describeReportSuite(storeName: string, openStore: OpenStore): void {
  describe(`consent report over HTTP on the ${storeName} store`, () => {
    let world: ApiWorld;
    let store: Store;
    let teardown: () => Promise<void>;
    beforeEach(async () => {
      const opened = await openStore();
      teardown = opened.teardown;
      store = opened.store;
      await seedLedger(opened.store);
      world = await startApiWorld({ store: opened.store });
    });
    afterEach(async () => {
      await world.close();
      await teardown();
    });

    it('gives the funnel per version and variant, with rates, Wilson intervals and the variants compared', async () => {
      const response = await world.call(
        'GET',
        `/v1/reports/consent?${WEEK}&flow=default&groupBy=version,variant`,
        { as: 'crm' },
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        // The seeded funnel, each group with its opt-in rate and Wilson interval.
        groups: SEEDED_BY_VERSION_AND_VARIANT.map((group, i) => ({ ...group, ...RATES[i] })),
        comparisons: [
          {
            a: { version: 3, variant: 'short' },
            b: { version: 3, variant: 'standard' },
            difference: -0.1944,
            significant: false,
          },
        ],
      });
    });

    it('counts "Let me choose" answered again (a no to two kinds and a yes to one, in one turn) as opted in to some', async () => {
      // A customer who said yes to all asks for the question again and keeps only the offers:
      // the turn records the no and the yes together, and the yes is the question's last answer.
      const at = Date.parse('2026-03-03T09:00:00Z');
      const event = (type: string, minute: number, extra: object) =>
        ({
          type,
          occurredAt: at + minute * 60_000,
          recordedAt: at + minute * 60_000,
          source: 'whatsapp',
          ...extra,
        }) as NewConsentEvent;
      const ask = (minute: number, ask: string, categories: string[]) =>
        event('consent.asked', minute, {
          categories,
          evidence: { flowId: 'again', flowVersion: 1, language: 'en', ask },
        });
      let contact = await store.ensureContact({ phone: '+14155550399' }, at);
      for (const events of [
        [ask(0, 'question', ['orders', 'account', 'offers'])],
        [
          event('consent.granted', 1, {
            categories: ['orders', 'account', 'offers'],
            evidence: {},
          }),
        ],
        [ask(2, 'question', ['orders', 'account', 'offers'])],
        [ask(3, 'category', ['orders'])],
        [ask(4, 'category', ['account'])],
        [ask(5, 'category', ['offers'])],
        [
          event('consent.declined', 6, { categories: ['orders', 'account'], evidence: {} }),
          event('consent.granted', 6, { categories: ['offers'], evidence: {} }),
        ],
      ]) {
        contact = await store.saveTurn({
          contactId: contact.id,
          expectedVersion: contact.version,
          patch: {},
          events,
          now: events[0]!.recordedAt,
        });
      }
      const response = await world.call(
        'GET',
        `/v1/reports/consent?${WEEK}&flow=again&groupBy=version`,
        { as: 'crm' },
      );
      expect(response.status).toBe(200);
      expect((response.body as { groups: unknown[] }).groups).toEqual([
        expect.objectContaining({ asked: 1, optedInAll: 0, optedInSome: 1, declined: 0 }),
      ]);
    });

    it('counts the questions about new categories with ask=new_category', async () => {
      const response = await world.call(
        'GET',
        `/v1/reports/consent?${WEEK}&groupBy=version&ask=new_category`,
        { as: 'dpo' },
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        groups: [
          {
            key: { version: 4 },
            asked: 2,
            optedInAll: 1,
            optedInSome: 0,
            declined: 1,
            noAnswer: 0,
            optedOut: NO_OPT_OUTS,
            optInRate: 0.5,
            optInRateInterval: [0.0945, 0.9055],
          },
        ],
        comparisons: [],
      });
    });

    it('groups by language and day (UTC) in the order asked, and by version by default', async () => {
      const byDay = await world.call('GET', `/v1/reports/consent?${WEEK}&groupBy=day,language`, {
        as: 'crm',
      });
      const keys = (body: unknown) =>
        (body as { groups: { key: unknown; asked: number }[] }).groups.map((g) => [g.key, g.asked]);
      expect(keys(byDay.body)).toEqual([
        [{ day: '2026-03-01', language: 'en' }, 1],
        [{ day: '2026-03-02', language: 'en' }, 12],
        [{ day: '2026-03-02', language: 'es' }, 1],
      ]);
      const byDefault = await world.call('GET', `/v1/reports/consent?${WEEK}`, { as: 'crm' });
      expect(keys(byDefault.body)).toEqual([
        [{ version: 2 }, 1],
        [{ version: 3 }, 13],
      ]);
    });

    it('is for the crm and dpo roles only, with a key', async () => {
      const path = `/v1/reports/consent?${WEEK}`;
      expect((await world.call('GET', path)).status).toBe(401);
      expect((await world.call('GET', path, { as: 'agent' })).status).toBe(403);
      expect((await world.call('GET', path, { as: 'dpo' })).status).toBe(200);
    });

    it('refuses an unclear query, naming every wrong parameter', async () => {
      const response = await world.call(
        'GET',
        '/v1/reports/consent?from=yesterday&to=2026-03-08&groupBy=version,colour&ask=maybe',
        { as: 'crm' },
      );
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        code: 'invalid_query',
        message:
          'The report query is invalid: from: "yesterday" is not a date; give a day (2026-05-01) or a time with its zone (2026-05-01T09:00:00Z); groupBy: "colour" is not one of version, language, variant, day (several may be given, separated by commas); ask: "maybe" is not one of question, new_category.',
      });
      const backwards = await world.call(
        'GET',
        '/v1/reports/consent?from=2026-03-08&to=2026-03-01',
        {
          as: 'crm',
        },
      );
      expect(backwards.body).toMatchObject({
        code: 'invalid_query',
        message: expect.stringContaining('from: must be before to') as unknown,
      });
    });
  });
}
