import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FunnelCounts, FunnelQuery } from '../../src/core/report/index.js';
import type { Store } from '../../src/store/port.js';
import {
  SEEDED_BY_LANGUAGE_AND_DAY,
  SEEDED_BY_VERSION_AND_VARIANT,
  SEEDED_FROM,
  SEEDED_NEW_CATEGORIES_BY_VERSION,
  SEEDED_TO,
  seedLedger,
  seededPhone,
} from '../support/seeded-ledger.js';

/** Groups in key order, so two stores' answers (in no defined order) compare. */
export function sortedCounts(counts: readonly FunnelCounts[]): FunnelCounts[] {
  return [...counts].sort((a, b) => (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1));
}

/**
 * The consent funnel part of the store contract (`Store.consentFunnel`): every store gives the
 * figures worked out by hand for the seeded ledger (`test/support/seeded-ledger.ts`).
 */
export function describeReportContract(
  name: string,
  setup: () => Promise<{ store: Store; teardown(): Promise<void> }>,
): void {
  describe(`${name} store contract: the consent funnel`, () => {
    let store: Store;
    let teardown: () => Promise<void>;
    beforeEach(async () => {
      const opened = await setup();
      store = opened.store;
      teardown = () => opened.teardown();
      await seedLedger(store);
    });
    afterEach(async () => {
      await teardown();
    });

    const query = (q: Partial<FunnelQuery>): FunnelQuery => ({
      from: SEEDED_FROM,
      to: SEEDED_TO,
      flowId: 'default',
      groupBy: ['version', 'variant'],
      ask: 'question',
      ...q,
    });

    it('counts each customer once per group: asked, then their last answer', async () => {
      expect(sortedCounts(await store.consentFunnel(query({})))).toEqual(
        SEEDED_BY_VERSION_AND_VARIANT,
      );
    });

    it('keeps the figures after a customer is erased: asks and answers stay, without personal data', async () => {
      const before = sortedCounts(await store.consentFunnel(query({})));
      const contact = await store.findContact({ phone: seededPhone(0) });
      await store.eraseContact(contact!.id, () => ['hash-of-customer-1'], SEEDED_TO);

      expect(sortedCounts(await store.consentFunnel(query({})))).toEqual(before);
      const ledger = await store.listEvents(contact!.id);
      expect(ledger.map((e) => e.type)).toEqual([
        'consent.asked',
        'consent.granted',
        'contact.erased',
      ]);
      expect(ledger[0]!.evidence).toEqual({
        flowId: 'default',
        flowVersion: 3,
        textsHash: 'f'.repeat(64),
        language: 'en',
        variant: 'standard',
        ask: 'question',
      });
      expect(ledger[1]!.evidence.replyText).toBeUndefined();
    });

    it('counts the questions about new categories apart', async () => {
      const counts = await store.consentFunnel(
        query({ groupBy: ['version'], ask: 'new_category' }),
      );
      expect(counts).toEqual(SEEDED_NEW_CATEGORIES_BY_VERSION);
    });

    it('groups by language and UTC day of the ask, keys in the order asked for', async () => {
      const counts = await store.consentFunnel(query({ groupBy: ['language', 'day'] }));
      expect(sortedCounts(counts).map((c) => ({ key: c.key, asked: c.asked }))).toEqual(
        SEEDED_BY_LANGUAGE_AND_DAY,
      );
      for (const c of counts) expect(Object.keys(c.key)).toEqual(['language', 'day']);
    });

    it('gives one group without groupBy, and nothing for a period or flow nobody was asked in', async () => {
      const all = await store.consentFunnel(query({ groupBy: [] }));
      expect(all.map((c) => [c.key, c.asked])).toEqual([[{}, 14]]);
      expect(await store.consentFunnel(query({ from: SEEDED_TO, to: SEEDED_TO + 1000 }))).toEqual(
        [],
      );
      expect(await store.consentFunnel(query({ flowId: 'autumn' }))).toEqual([]);
      const spring = await store.consentFunnel(query({ flowId: 'spring', groupBy: ['version'] }));
      expect(spring.map((c) => [c.key, c.asked, c.optedInAll])).toEqual([[{ version: 1 }, 1, 1]]);
    });

    it('reads only the period: an answer after `to` is no answer in it', async () => {
      const early = await store.consentFunnel(
        query({ groupBy: [], to: Date.parse('2026-03-02T09:01:30Z') }),
      );
      // By 09:01:30 on the 2nd all 14 were asked; the answers after 09:01 are not in yet.
      expect(early).toEqual([
        {
          key: {},
          asked: 14,
          optedInAll: 5,
          optedInSome: 1,
          declined: 1,
          noAnswer: 7,
          optedOut: {
            keyword: 0,
            phrase: 0,
            stopPromotions: 0,
            userPreferences: 0,
            error131050: 0,
            api: 0,
          },
        },
      ]);
    });
  });
}
