import { describe, expect, it } from 'vitest';
import type { NewConsentEvent } from '../../../src/core/consent/events.js';
import { isInForce } from '../../../src/core/consent/in-force.js';
import { projectConsent } from '../../../src/core/consent/project-consent.js';
import type { FlowCategory } from '../../../src/core/flow/definition.js';

const CATEGORIES: FlowCategory[] = [
  { id: 'orders', label: { en: 'Orders' }, whatsappCategory: 'UTILITY', templates: [] },
  { id: 'offers', label: { en: 'Offers' }, whatsappCategory: 'MARKETING', templates: [] },
];
const ALL = ['orders', 'offers'];

const at = (minute: number) => Date.parse('2026-05-04T09:00:00Z') + minute * 60_000;
const base = (minute: number) => ({
  occurredAt: at(minute),
  recordedAt: at(10),
  source: 'whatsapp' as const,
  evidence: {},
});
const stop = (minute: number): NewConsentEvent => ({ ...base(minute), type: 'consent.revoked' });
const yes = (minute: number, categories = ALL): NewConsentEvent => ({
  ...base(minute),
  type: 'consent.granted',
  categories,
});
const no = (minute: number): NewConsentEvent => ({ ...base(minute), type: 'consent.declined' });

/** The projection of a ledger holding `events`. */
const ledger = (...events: NewConsentEvent[]) =>
  projectConsent(
    events.map((e, i) => ({ ...e, id: `ev${i}`, contactId: 'c1' })),
    CATEGORIES,
  );

describe('isInForce', () => {
  it('holds for the latest decision of each kind', () => {
    expect(isInForce(ledger(yes(1), stop(2)), stop(2), CATEGORIES)).toBe(true);
    expect(isInForce(ledger(stop(1), yes(2)), yes(2), CATEGORIES)).toBe(true);
    expect(isInForce(ledger(no(1)), no(1), CATEGORIES)).toBe(true);
    expect(isInForce(ledger(yes(1, ['orders'])), yes(1, ['orders']), CATEGORIES)).toBe(true);
  });

  it('fails for a STOP delivered after the opt-in the customer sent later', () => {
    const state = ledger(yes(1), yes(3), stop(2)); // the STOP of minute 2 arrives last
    expect(state.status).toBe('opted_in');
    expect(isInForce(state, stop(2), CATEGORIES)).toBe(false);
  });

  it('fails for a "Yes" delivered after a later STOP', () => {
    const state = ledger(stop(3), yes(2));
    expect(isInForce(state, yes(2), CATEGORIES)).toBe(false);
  });

  it('fails for a decline when the customer is opted in, holds when they are opted out', () => {
    expect(isInForce(ledger(no(1), yes(2)), no(1), CATEGORIES)).toBe(false);
    expect(isInForce(ledger(stop(1), no(2)), no(2), CATEGORIES)).toBe(true);
  });

  it('holds for a second STOP, which changes nothing', () => {
    expect(isInForce(ledger(stop(1), stop(2)), stop(2), CATEGORIES)).toBe(true);
  });
});
