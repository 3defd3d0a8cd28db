/**
 * A ledger with known answers for the consent report: seventeen fictional customers, each a
 * case of the funnel's rules (`core/report/funnel.ts`), written through `Store.saveTurn` as
 * turns write them. The figures each query must give are below, worked out by hand.
 */
import { DAY, MINUTE } from '../../src/core/clock.js';
import type { AskKind, ConsentSource, NewConsentEvent } from '../../src/core/consent/events.js';
import type { Store } from '../../src/store/port.js';

/** The period every expectation below is for: one week of March 2026. */
export const SEEDED_FROM = Date.parse('2026-03-01T00:00:00Z');
export const SEEDED_TO = Date.parse('2026-03-08T00:00:00Z');
const T = Date.parse('2026-03-02T09:00:00Z');
const ALL = ['orders', 'account', 'offers'];

interface AskOptions {
  readonly version?: number;
  readonly language?: string;
  readonly variant?: string;
  readonly ask?: AskKind;
  readonly categories?: readonly string[];
  readonly flowId?: string;
}

const asked = (at: number, o: AskOptions = {}): NewConsentEvent => ({
  type: 'consent.asked',
  occurredAt: at,
  recordedAt: at,
  source: 'whatsapp',
  categories: [...(o.categories ?? ALL)],
  evidence: {
    flowId: o.flowId ?? 'default',
    flowVersion: o.version ?? 3,
    textsHash: 'f'.repeat(64),
    language: o.language ?? 'en',
    variant: o.variant ?? 'standard',
    ask: o.ask ?? 'question',
  },
});
const granted = (
  at: number,
  categories = ALL,
  source: ConsentSource = 'whatsapp',
): NewConsentEvent => ({
  type: 'consent.granted',
  occurredAt: at,
  recordedAt: at,
  source,
  categories: [...categories],
  evidence: { flowId: 'default', replyText: 'Yes' },
});
const declined = (at: number, categories?: readonly string[]): NewConsentEvent => ({
  type: 'consent.declined',
  occurredAt: at,
  recordedAt: at,
  source: 'whatsapp',
  ...(categories ? { categories: [...categories] } : {}),
  evidence: { replyText: 'No, thanks' },
});
const revoked = (
  at: number,
  evidence: NewConsentEvent['evidence'],
  source: ConsentSource = 'whatsapp',
): NewConsentEvent => ({
  type: 'consent.revoked',
  occurredAt: at,
  recordedAt: at,
  source,
  evidence,
});
const marketingStop = (at: number, evidence: NewConsentEvent['evidence']): NewConsentEvent => ({
  type: 'consent.marketing_suppressed',
  occurredAt: at,
  recordedAt: at,
  source: 'whatsapp',
  evidence,
});

const m = (n: number) => T + n * MINUTE;

/** Each customer's events, one turn each, by phone (fictional +1 415 555 01xx numbers). */
export const SEEDED_CUSTOMERS: readonly (readonly NewConsentEvent[])[] = [
  /* 01 */ [asked(m(0)), granted(m(1))],
  /* 02 */ [asked(m(0), { variant: 'short' }), granted(m(1), ['orders'])],
  /* 03 */ [asked(m(0)), declined(m(1))],
  /* 04 */ [asked(m(0), { variant: 'short' })],
  /* 05 */ [
    asked(m(0), { language: 'es' }),
    revoked(m(2), { keyword: 'baja', trigger: 'keyword' }),
  ],
  /* 06 */ [
    asked(m(0), { variant: 'short' }),
    revoked(m(2), { keyword: 'stop sending me messages', trigger: 'phrase' }),
  ],
  /* 07 */ [
    asked(m(0) - DAY, { version: 2 }),
    granted(m(1) - DAY),
    marketingStop(m(60), { trigger: 'stop_promotions', replyText: 'Stop promotions' }),
  ],
  /* 08 */ [asked(m(0)), granted(m(1)), marketingStop(m(90), { trigger: 'user_preferences' })],
  /* 09 */ [
    asked(m(0), { variant: 'short' }),
    granted(m(1)),
    marketingStop(m(120), { trigger: 'error_131050', errorCode: 131050 }),
  ],
  /* 10 */ [asked(m(0)), revoked(m(30), { note: 'called the contact centre' }, 'crm')],
  // Asked, re-asked in the same group, then yes: counted once.
  /* 11 */ [asked(m(0)), asked(m(300), { ask: 'reask' }), granted(m(301))],
  // "Let me choose": category asks continue the question; two of three categories.
  /* 12 */ [
    asked(m(0)),
    asked(m(1), { ask: 'category', categories: ['orders'] }),
    asked(m(2), { ask: 'category', categories: ['account'] }),
    asked(m(3), { ask: 'category', categories: ['offers'] }),
    granted(m(4), ['orders', 'offers']),
  ],
  // Asked and answered before the period: not in it.
  /* 13 */ [asked(SEEDED_FROM - 2 * DAY), granted(SEEDED_FROM - 2 * DAY + MINUTE)],
  // Another flow's question: not in the default flow's report.
  /* 14 */ [asked(m(0), { flowId: 'spring', version: 1 }), granted(m(1))],
  // Said yes long ago; asked about a new category (v4) in the period, and said yes to it.
  /* 15 */ [
    asked(SEEDED_FROM - 10 * DAY),
    granted(SEEDED_FROM - 10 * DAY + MINUTE),
    asked(m(10), { version: 4, ask: 'new_category', categories: ['events'] }),
    granted(m(11), ['events']),
  ],
  // Answered only after the period: no answer in it.
  /* 16 */ [asked(m(0)), granted(SEEDED_TO + MINUTE)],
  // Yes to the question; then a new category, declined: each answer to its own question.
  /* 17 */ [
    asked(m(0)),
    granted(m(1)),
    asked(m(2000), { version: 4, ask: 'new_category', categories: ['events'] }),
    declined(m(2001), ['events']),
  ],
];

/** The phone of the seeded customer at `index` (0-based). */
export const seededPhone = (index: number) => `+14155550${String(101 + index)}`;

/** Writes the seeded customers into `store`, one turn per event, as the turn service would. */
export async function seedLedger(store: Store): Promise<void> {
  for (const [index, events] of SEEDED_CUSTOMERS.entries()) {
    let contact = await store.ensureContact({ phone: seededPhone(index) }, T - 30 * DAY);
    for (const event of events) {
      contact = await store.saveTurn({
        contactId: contact.id,
        expectedVersion: contact.version,
        patch: {},
        events: [event],
        now: event.recordedAt,
      });
    }
  }
}

/** No opt-outs from any source: the report's `optedOut` of a group without any. */
export const NO_OPT_OUTS = {
  keyword: 0,
  phrase: 0,
  stopPromotions: 0,
  userPreferences: 0,
  error131050: 0,
  api: 0,
};

/** The funnel of the question, by version and variant, over the seeded week. */
export const SEEDED_BY_VERSION_AND_VARIANT = [
  {
    key: { version: 2, variant: 'standard' },
    asked: 1,
    optedInAll: 0,
    optedInSome: 0,
    declined: 0,
    noAnswer: 0,
    optedOut: { ...NO_OPT_OUTS, stopPromotions: 1 },
  },
  {
    key: { version: 3, variant: 'short' },
    asked: 4,
    optedInAll: 0,
    optedInSome: 1,
    declined: 0,
    noAnswer: 1,
    optedOut: { ...NO_OPT_OUTS, phrase: 1, error131050: 1 },
  },
  {
    key: { version: 3, variant: 'standard' },
    asked: 9,
    optedInAll: 3,
    optedInSome: 1,
    declined: 1,
    noAnswer: 1,
    optedOut: { ...NO_OPT_OUTS, keyword: 1, userPreferences: 1, api: 1 },
  },
] as const;

/** The funnel of new categories, by version. */
export const SEEDED_NEW_CATEGORIES_BY_VERSION = [
  {
    key: { version: 4 },
    asked: 2,
    optedInAll: 1,
    optedInSome: 0,
    declined: 1,
    noAnswer: 0,
    optedOut: NO_OPT_OUTS,
  },
] as const;

/** The funnel of the question, by language and day. */
export const SEEDED_BY_LANGUAGE_AND_DAY = [
  { key: { language: 'en', day: '2026-03-01' }, asked: 1 },
  { key: { language: 'en', day: '2026-03-02' }, asked: 12 },
  { key: { language: 'es', day: '2026-03-02' }, asked: 1 },
] as const;
