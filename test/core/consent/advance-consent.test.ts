import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../../src/core/clock.js';
import { advanceConsent } from '../../../src/core/consent/advance-consent.js';
import type { ConsentEvent } from '../../../src/core/consent/events.js';
import { projectConsent } from '../../../src/core/consent/project-consent.js';
import { UNKNOWN_CONSENT } from '../../../src/core/consent/state.js';
import { CATEGORIES, T0, event } from './consent-fixture.js';

const categoryIds = fc.subarray(['orders', 'security', 'offers', 'news']);

/** Any ledger event at one of few times, so that ties and late events happen. */
const anyEvent: fc.Arbitrary<ConsentEvent> = fc
  .record({
    type: fc.constantFrom(
      'consent.granted',
      'consent.revoked',
      'consent.declined',
      'consent.marketing_suppressed',
      'consent.marketing_resumed',
      'contact.merged',
    ),
    minute: fc.integer({ min: 0, max: 12 }),
    categories: categoryIds,
    revokeAll: fc.boolean(),
  })
  .map(({ type, minute, categories, revokeAll }) => {
    const at = T0 + minute * MINUTE;
    if (type === 'consent.granted') return event(type, at, { categories });
    if (type === 'consent.revoked') return event(type, at, revokeAll ? {} : { categories });
    return event(type, at);
  });

/** A ledger already projected, and the events a turn adds to it. */
const ledgerAndTurn = fc.tuple(
  fc.array(anyEvent, { maxLength: 15 }),
  fc.array(anyEvent, { minLength: 1, maxLength: 3 }),
);

const latest = (events: readonly ConsentEvent[]) =>
  events.reduce((max, e) => Math.max(max, e.occurredAt), 0);

describe('consent projection moved forward by a turn’s events', () => {
  it('gives what projecting the whole ledger gives, whenever it gives anything', () => {
    fc.assert(
      fc.property(ledgerAndTurn, ([stored, added]) => {
        const projected = { consent: projectConsent(stored, CATEGORIES), through: latest(stored) };
        const advanced = advanceConsent(projected, added, CATEGORIES);
        if (!advanced) return;
        expect(advanced.consent).toEqual(projectConsent([...stored, ...added], CATEGORIES));
        expect(advanced.through).toBe(latest([...stored, ...added]));
      }),
      { numRuns: 500 },
    );
  });

  it('moves forward without the ledger when every new event is newer than the ledger', () => {
    fc.assert(
      fc.property(ledgerAndTurn, ([stored, added]) => {
        const through = latest(stored);
        const later = added.map((e, i) => ({ ...e, occurredAt: through + (i + 1) * MINUTE }));
        const projected = { consent: projectConsent(stored, CATEGORIES), through };
        expect(advanceConsent(projected, later, CATEGORIES)?.consent).toEqual(
          projectConsent([...stored, ...later], CATEGORIES),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('starts from the empty ledger of a contact never saved', () => {
    const granted = event('consent.granted', T0, { categories: ['orders'] });
    const advanced = advanceConsent(
      { consent: UNKNOWN_CONSENT, through: 0 },
      [granted],
      CATEGORIES,
    );
    expect(advanced).toEqual({ consent: projectConsent([granted], CATEGORIES), through: T0 });
  });

  it('asks for the whole ledger for a late event: a START older than the last STOP', () => {
    const stop = event('consent.revoked', T0 + 10 * MINUTE);
    const stopAgain = event('consent.revoked', T0 + 20 * MINUTE);
    const projected = {
      consent: projectConsent([stop, stopAgain], CATEGORIES),
      through: T0 + 20 * MINUTE,
    };
    const lateStart = event('consent.granted', T0 + 15 * MINUTE, { categories: ['orders'] });

    expect(advanceConsent(projected, [lateStart], CATEGORIES)).toBeUndefined();
    // As a whole, the second STOP (a no-op before) now opts out again after the START.
    expect(projectConsent([stop, stopAgain, lateStart], CATEGORIES).status).toBe('opted_out');
  });

  it('asks for the whole ledger at a tie, when the place is unknown, or when the categories changed', () => {
    const stop = event('consent.revoked', T0);
    const projected = { consent: projectConsent([stop], CATEGORIES), through: T0 };
    const tie = event('consent.granted', T0, { categories: ['orders'] });
    const later = event('consent.granted', T0 + MINUTE, { categories: ['orders'] });

    expect(advanceConsent(projected, [tie], CATEGORIES)).toBeUndefined();
    expect(
      advanceConsent({ ...projected, through: undefined }, [later], CATEGORIES),
    ).toBeUndefined();
    expect(advanceConsent(projected, [later], CATEGORIES.slice(1))).toBeUndefined();
  });
});
