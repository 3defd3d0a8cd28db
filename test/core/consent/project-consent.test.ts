import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../../src/core/clock.js';
import type { ConsentEvent } from '../../../src/core/consent/events.js';
import { CONSENT_SOURCES } from '../../../src/core/consent/events.js';
import {
  applyConsentEvent,
  isConsentExpired,
  projectConsent,
} from '../../../src/core/consent/project-consent.js';
import type { ConsentState } from '../../../src/core/consent/state.js';
import { UNKNOWN_CONSENT } from '../../../src/core/consent/state.js';
import { CATEGORIES, T0, event } from './consent-fixture.js';

const ALL_FALSE = { orders: false, security: false, offers: false, news: false };
const project = (...events: ConsentEvent[]): ConsentState => projectConsent(events, CATEGORIES);

describe('consent projection', () => {
  it('is unknown with every category false when there are no events', () => {
    expect(project()).toEqual({
      status: 'unknown',
      categories: ALL_FALSE,
      granted: ALL_FALSE,
      revoked: ALL_FALSE,
      marketingSuppressed: false,
    });
  });

  it('grants the listed categories and records when and from where', () => {
    const state = project(
      event('consent.granted', T0, { categories: ['orders', 'offers'], source: 'web' }),
    );
    expect(state).toMatchObject({
      status: 'opted_in',
      categories: { orders: true, security: false, offers: true, news: false },
      grantedAt: T0,
      updatedAt: T0,
      source: 'web',
    });
  });

  it('adds to earlier grants rather than replacing them', () => {
    const state = project(
      event('consent.granted', T0, { categories: ['orders'] }),
      event('consent.granted', T0 + MINUTE, { categories: ['news'] }),
    );
    expect(state.categories).toEqual({ orders: true, security: false, offers: false, news: true });
    expect(state.grantedAt).toBe(T0 + MINUTE);
  });

  it('opts out of every category at once on STOP', () => {
    const state = project(
      event('consent.granted', T0, { categories: ['orders', 'offers', 'security'] }),
      event('consent.revoked', T0 + MINUTE),
    );
    expect(state).toMatchObject({
      status: 'opted_out',
      categories: ALL_FALSE,
      optedOutAt: T0 + MINUTE,
      updatedAt: T0 + MINUTE,
    });
  });

  it('changes nothing on a second STOP', () => {
    const first = project(
      event('consent.granted', T0, { categories: ['orders'] }),
      event('consent.revoked', T0 + MINUTE),
    );
    const second = applyConsentEvent(
      first,
      event('consent.revoked', T0 + 2 * MINUTE, { source: 'crm' }),
      CATEGORIES,
    );
    // The status, categories, times and source stay; only the latest STOP's time is remembered.
    expect(second).toEqual({ ...first, lastOptOutAt: T0 + 2 * MINUTE });
  });

  it('revokes only the listed categories and stays opted in while one remains', () => {
    const state = project(
      event('consent.granted', T0, { categories: ['orders', 'offers'] }),
      event('consent.revoked', T0 + MINUTE, { categories: ['offers'] }),
    );
    expect(state).toMatchObject({
      status: 'opted_in',
      categories: { orders: true, offers: false },
    });
    expect(state.optedOutAt).toBeUndefined();
  });

  it('remembers which categories the customer withdrew until they grant them again', () => {
    const revoked = project(
      event('consent.granted', T0, { categories: ['orders', 'offers'] }),
      event('consent.revoked', T0 + MINUTE, { categories: ['offers'] }),
    );
    expect(revoked.revoked).toEqual({ ...ALL_FALSE, offers: true });
    const regranted = applyConsentEvent(
      revoked,
      event('consent.granted', T0 + 2 * MINUTE, { categories: ['offers'] }),
      CATEGORIES,
    );
    expect(regranted.revoked).toEqual(ALL_FALSE);
  });

  it('opts out when the last granted category is revoked', () => {
    const state = project(
      event('consent.granted', T0, { categories: ['orders', 'offers'] }),
      event('consent.revoked', T0 + MINUTE, { categories: ['offers'] }),
      event('consent.revoked', T0 + 2 * MINUTE, { categories: ['orders'] }),
    );
    expect(state).toMatchObject({
      status: 'opted_out',
      categories: ALL_FALSE,
      optedOutAt: T0 + 2 * MINUTE,
    });
  });

  it('stops some kinds of a customer who never opted in without opting them out', () => {
    // "Stop sending me promos", "Just those", before any yes (or after a no): those kinds are
    // withdrawn, and the customer may still be asked about the rest.
    for (const before of [[], [event('consent.declined', T0)]]) {
      const state = project(
        ...before,
        event('consent.revoked', T0 + MINUTE, { categories: ['offers'] }),
      );
      expect(state.status).toBe(before.length === 0 ? 'unknown' : 'declined');
      expect(state.revoked).toMatchObject({ offers: true, orders: false });
      expect(state.optedOutAt).toBeUndefined();
    }
  });

  it('records a decline from an unknown contact', () => {
    expect(project(event('consent.declined', T0))).toMatchObject({
      status: 'declined',
      declinedAt: T0,
      updatedAt: T0,
    });
  });

  it('takes a decline while opted in as the latest answer: nothing granted, the cool-down starts', () => {
    // An opted-in customer asks for the question again (START) and answers "No, thanks".
    const state = project(
      event('consent.granted', T0, { categories: ['orders', 'offers'] }),
      event('consent.declined', T0 + MINUTE),
    );
    expect(state).toMatchObject({
      status: 'declined',
      declinedAt: T0 + MINUTE,
      categories: ALL_FALSE,
    });
    // Webhooks out of order: the yes given after the no is still the latest answer.
    expect(
      project(
        event('consent.granted', T0 + 2 * MINUTE, { categories: ['orders'] }),
        event('consent.declined', T0 + MINUTE),
      ).status,
    ).toBe('opted_in');
  });

  it('takes a no to some kinds away from an opted-in customer and leaves the rest', () => {
    // "Let me choose" answered again: no to orders, yes to offers.
    const state = project(
      event('consent.granted', T0, { categories: ['orders', 'offers'] }),
      event('consent.declined', T0 + MINUTE, { categories: ['orders'] }),
      event('consent.granted', T0 + MINUTE, { categories: ['offers'] }),
    );
    expect(state).toMatchObject({
      status: 'opted_in',
      categories: { orders: false, offers: true },
    });
    expect(state.revoked).toMatchObject({ orders: false });
    // A no to kinds never granted (new kinds offered to a customer who said yes) changes nothing.
    const before = project(event('consent.granted', T0, { categories: ['orders'] }));
    expect(
      applyConsentEvent(
        before,
        event('consent.declined', T0 + MINUTE, { categories: ['offers'] }),
        CATEGORIES,
      ),
    ).toEqual(before);
  });

  it('ignores a decline while opted out: an opt-out never weakens into a decline', () => {
    const optedOut = project(event('consent.revoked', T0));
    expect(applyConsentEvent(optedOut, event('consent.declined', T0 + MINUTE), CATEGORIES)).toEqual(
      optedOut,
    );
  });

  it('lets a customer who declined opt in later', () => {
    const state = project(
      event('consent.declined', T0),
      event('consent.granted', T0 + DAY, { categories: ['news'] }),
    );
    expect(state).toMatchObject({ status: 'opted_in', categories: { news: true }, declinedAt: T0 });
  });

  it("suppresses only the marketing categories on WhatsApp's own marketing opt-out, and restores them on resume", () => {
    const granted = event('consent.granted', T0, { categories: ['orders', 'offers', 'news'] });
    const suppressed = project(granted, event('consent.marketing_suppressed', T0 + MINUTE));
    expect(suppressed).toMatchObject({
      status: 'opted_in',
      marketingSuppressed: true,
      categories: { orders: true, security: false, offers: false, news: false },
      granted: { orders: true, security: false, offers: true, news: true },
    });
    const resumed = project(
      granted,
      event('consent.marketing_suppressed', T0 + MINUTE),
      event('consent.marketing_resumed', T0 + 2 * MINUTE),
    );
    expect(resumed).toMatchObject({
      marketingSuppressed: false,
      categories: { orders: true, offers: true, news: true },
    });
  });

  it('keeps a marketing grant off while suppressed, until resumed', () => {
    const state = project(
      event('consent.marketing_suppressed', T0),
      event('consent.granted', T0 + MINUTE, { categories: ['offers'] }),
    );
    expect(state).toMatchObject({
      status: 'opted_in',
      categories: { offers: false },
      granted: { offers: true },
    });
  });

  it('does not change consent when the contact is erased', () => {
    const optedOut = project(event('consent.revoked', T0));
    expect(applyConsentEvent(optedOut, event('contact.erased', T0 + MINUTE), CATEGORIES)).toEqual(
      optedOut,
    );
  });

  it('does not change consent when another contact of the person is merged in', () => {
    const optedOut = project(event('consent.revoked', T0));
    const merged = event('contact.merged', T0 + MINUTE, { evidence: { mergedContactId: 'c2' } });
    expect(applyConsentEvent(optedOut, merged, CATEGORIES)).toEqual(optedOut);
  });

  it('applies events by occurredAt whatever order they are given in: the latest wins', () => {
    const state = project(
      event('consent.revoked', T0 + MINUTE),
      event('consent.granted', T0, { categories: ['orders'] }),
    );
    expect(state.status).toBe('opted_out');
  });

  it('breaks ties on occurredAt by recordedAt, then by given order', () => {
    const grant = event('consent.granted', T0, { categories: ['orders'], recordedAt: T0 + 2 });
    const stop = event('consent.revoked', T0, { recordedAt: T0 + 1 });
    expect(project(grant, stop).status).toBe('opted_in');
    const stopSameTime = event('consent.revoked', T0, { recordedAt: T0 + 2 });
    expect(project(grant, stopSameTime).status).toBe('opted_out');
    expect(project(stopSameTime, grant).status).toBe('opted_in');
  });

  it('ignores category ids the flow does not declare and lists every flow category', () => {
    const state = project(
      event('consent.granted', T0, { categories: ['orders', 'retired', 'constructor'] }),
    );
    expect(state.categories).toEqual({ ...ALL_FALSE, orders: true });
  });

  it('fills in every flow category when folding from a bare state', () => {
    const state = applyConsentEvent(UNKNOWN_CONSENT, event('contact.erased', T0), CATEGORIES);
    expect(state.categories).toEqual(ALL_FALSE);
    expect(state.updatedAt).toBeUndefined();
  });
});

describe('isConsentExpired', () => {
  const optedIn = project(event('consent.granted', T0, { categories: ['orders'] }));

  it('never expires without expiryDays', () => {
    expect(isConsentExpired(optedIn, undefined, T0 + 10_000 * DAY)).toBe(false);
  });

  it('expires exactly expiryDays after the opt-in', () => {
    expect(isConsentExpired(optedIn, 365, T0 + 365 * DAY - 1)).toBe(false);
    expect(isConsentExpired(optedIn, 365, T0 + 365 * DAY)).toBe(true);
  });

  it('counts from the latest opt-in', () => {
    const renewed = applyConsentEvent(
      optedIn,
      event('consent.granted', T0 + 100 * DAY, { categories: ['orders'] }),
      CATEGORIES,
    );
    expect(isConsentExpired(renewed, 365, T0 + 400 * DAY)).toBe(false);
  });

  it('does not apply to contacts who are not opted in', () => {
    expect(isConsentExpired(project(event('consent.revoked', T0)), 1, T0 + 10 * DAY)).toBe(false);
    expect(isConsentExpired(project(), 1, T0 + 10 * DAY)).toBe(false);
  });
});

const categoryIds = fc.subarray(['orders', 'security', 'offers', 'news', 'retired']);

/** Any ledger event, at one of few times so that ties happen. */
const anyEvent = (time: fc.Arbitrary<number>): fc.Arbitrary<ConsentEvent> =>
  fc
    .record({
      type: fc.constantFrom(
        'consent.granted',
        'consent.revoked',
        'consent.declined',
        'consent.marketing_suppressed',
        'consent.marketing_resumed',
        'contact.erased',
        'contact.merged',
      ),
      occurredAt: time,
      delay: fc.nat(3),
      categories: categoryIds,
      revokeAll: fc.boolean(),
      source: fc.constantFrom(...CONSENT_SOURCES),
    })
    .map(({ type, occurredAt, delay, categories, revokeAll, source }) => {
      const extra = { recordedAt: occurredAt + delay, source };
      if (type === 'consent.granted') return event(type, occurredAt, { ...extra, categories });
      if (type === 'consent.revoked')
        return event(type, occurredAt, revokeAll ? extra : { ...extra, categories });
      return event(type, occurredAt, extra);
    });

const fewTimes = fc.integer({ min: 0, max: 10 }).map((n) => T0 + n * MINUTE);
const events = fc.array(anyEvent(fewTimes), { minLength: 1, maxLength: 25 });

function byTime(list: readonly ConsentEvent[]): ConsentEvent[] {
  return [...list].sort((a, b) => a.occurredAt - b.occurredAt || a.recordedAt - b.recordedAt);
}

describe('consent projection, properties', () => {
  it('equals the left fold of applyConsentEvent over the events in time order', () => {
    fc.assert(
      fc.property(events, (list) => {
        const folded = byTime(list).reduce<ConsentState>(
          (s, e) => applyConsentEvent(s, e, CATEGORIES),
          UNKNOWN_CONSENT,
        );
        expect(projectConsent(list, CATEGORIES)).toEqual(folded);
      }),
      { numRuns: 500 },
    );
  });

  it('is opted out with every category false when a revoke-all is the latest event', () => {
    fc.assert(
      fc.property(events, fc.constantFrom(...CONSENT_SOURCES), (list, source) => {
        const latest = Math.max(...list.map((e) => e.occurredAt)) + 1;
        const state = projectConsent(
          [...list, event('consent.revoked', latest, { source })],
          CATEGORIES,
        );
        expect(state.status).toBe('opted_out');
        expect(state.categories).toEqual(ALL_FALSE);
      }),
      { numRuns: 500 },
    );
  });

  it('lets marketing suppression affect only the marketing categories', () => {
    const isSuppression = (e: ConsentEvent): boolean =>
      e.type === 'consent.marketing_suppressed' || e.type === 'consent.marketing_resumed';
    fc.assert(
      fc.property(events, (list) => {
        const state = projectConsent(list, CATEGORIES);
        const unsuppressed = projectConsent(
          list.filter((e) => !isSuppression(e)),
          CATEGORIES,
        );
        for (const category of CATEGORIES) {
          const marketing = category.whatsappCategory === 'MARKETING';
          if (!marketing)
            expect(state.categories[category.id]).toBe(unsuppressed.categories[category.id]);
          if (marketing && state.marketingSuppressed)
            expect(state.categories[category.id]).toBe(false);
          expect(state.categories[category.id]).toBe(
            (state.granted?.[category.id] ?? false) && !(marketing && state.marketingSuppressed),
          );
        }
        expect(state.status).toBe(unsuppressed.status);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of events with distinct timestamps', () => {
    const distinct = fc
      .uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 })
      .chain((offsets) => fc.tuple(...offsets.map((o) => anyEvent(fc.constant(T0 + o * MINUTE)))))
      .chain((list) =>
        fc.tuple(
          fc.constant(list),
          fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
        ),
      );
    fc.assert(
      fc.property(distinct, ([list, shuffled]) => {
        expect(projectConsent(shuffled, CATEGORIES)).toEqual(projectConsent(list, CATEGORIES));
      }),
      { numRuns: 300 },
    );
  });

  it('always lists exactly the flow categories', () => {
    fc.assert(
      fc.property(events, (list) => {
        expect(Object.keys(projectConsent(list, CATEGORIES).categories).sort()).toEqual(
          CATEGORIES.map((c) => c.id).sort(),
        );
      }),
    );
  });
});
