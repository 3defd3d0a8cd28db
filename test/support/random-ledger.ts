/**
 * Random consent ledgers for the funnel's agreement test: many customers, each a random run of
 * asks (question, re-ask, category, new category, in several versions, languages and variants)
 * and answers (yes to all or some, no, every kind of opt-out), at random times around a period,
 * some at the same instant. Seeded, so a failure can be replayed.
 */
import { HOUR } from '../../src/core/clock.js';
import type { AskKind, NewConsentEvent, OptOutTrigger } from '../../src/core/consent/events.js';
import type { Store } from '../../src/store/port.js';

/** mulberry32: a small, good-enough seeded generator. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ['orders', 'account', 'offers'];

/** One customer's events, in the order a conversation would write them (times never go back). */
export function randomCustomer(random: () => number, start: number): NewConsentEvent[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const events: NewConsentEvent[] = [];
  let at = start + Math.floor(random() * 200) * HOUR;
  const steps = 1 + Math.floor(random() * 6);
  for (let i = 0; i < steps; i += 1) {
    // Same instant now and then: ties are broken by ledger order in both stores.
    if (random() > 0.2) at += Math.floor(random() * 30) * HOUR;
    const base = { occurredAt: at, recordedAt: at };
    const roll = random();
    if (roll < 0.4) {
      const ask = pick<AskKind>(['question', 'question', 'reask', 'category', 'new_category']);
      events.push({
        ...base,
        type: 'consent.asked',
        source: 'whatsapp',
        categories: ask === 'category' || ask === 'new_category' ? [pick(CATEGORIES)] : CATEGORIES,
        evidence: {
          flowId: pick(['default', 'default', 'default', 'spring']),
          flowVersion: pick([2, 3]),
          language: pick(['en', 'es']),
          variant: pick(['standard', 'short']),
          ask,
        },
      });
    } else if (roll < 0.6) {
      const some = CATEGORIES.filter(() => random() > 0.4);
      events.push({
        ...base,
        type: 'consent.granted',
        source: pick(['whatsapp', 'whatsapp', 'web']),
        categories: some.length > 0 ? some : CATEGORIES,
        evidence: {},
      });
    } else if (roll < 0.72) {
      events.push({
        ...base,
        type: 'consent.declined',
        source: 'whatsapp',
        ...(random() > 0.7 ? { categories: [pick(CATEGORIES)] } : {}),
        evidence: {},
      });
    } else if (roll < 0.87) {
      const trigger = pick<OptOutTrigger | undefined>([
        'keyword',
        'phrase',
        'confirmation',
        undefined,
      ]);
      events.push({
        ...base,
        type: 'consent.revoked',
        source: pick(['whatsapp', 'whatsapp', 'crm', 'api']),
        evidence: trigger ? { trigger } : {},
      });
    } else {
      const trigger = pick<OptOutTrigger | undefined>([
        'stop_promotions',
        'user_preferences',
        'error_131050',
        undefined,
      ]);
      events.push({
        ...base,
        type: 'consent.marketing_suppressed',
        source: 'whatsapp',
        evidence: {
          ...(trigger ? { trigger } : {}),
          ...(trigger === 'error_131050' ? { errorCode: 131050 } : {}),
        },
      });
    }
  }
  return events;
}

/** Writes `count` random customers into every store given, identically, one turn per event. */
export async function seedRandomLedger(
  stores: readonly Store[],
  seed: number,
  count: number,
  start: number,
): Promise<void> {
  const random = randomSource(seed);
  for (let i = 0; i < count; i += 1) {
    const events = randomCustomer(random, start);
    const phone = `+3460000${String(1000 + i)}`;
    for (const store of stores) {
      let contact = await store.ensureContact({ phone }, start);
      // Some turns write two events at once (an answer and the next ask).
      for (let j = 0; j < events.length; j += 1) {
        const batch =
          j + 1 < events.length && events[j + 1]!.occurredAt === events[j]!.occurredAt
            ? [events[j]!, events[++j]!]
            : [events[j]!];
        contact = await store.saveTurn({
          contactId: contact.id,
          expectedVersion: contact.version,
          patch: {},
          events: batch,
          now: batch[0]!.recordedAt,
        });
      }
    }
  }
}
