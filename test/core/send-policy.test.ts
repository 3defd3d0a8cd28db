import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/core/clock.js';
import type { ConsentState } from '../../src/core/consent/state.js';
import { CONSENT_STATUSES } from '../../src/core/consent/state.js';
import type { FlowDefinition } from '../../src/core/flow/definition.js';
import type { OutboundRequest, SendDecision } from '../../src/core/send-policy.js';
import { decideSend, findTemplateCategory } from '../../src/core/send-policy.js';
import type { WindowState } from '../../src/core/window.js';
import { windowState } from '../../src/core/window.js';
import { ValidationError } from '../../src/errors.js';
import { CATEGORIES, T0 } from './consent/consent-fixture.js';

const FLOW: FlowDefinition = {
  id: 'shop',
  version: 1,
  business: { name: 'Acme Shop' },
  defaultLanguage: 'en',
  languages: ['en'],
  categories: CATEGORIES,
  consent: {
    ask: 'first_message',
    declineCooldownDays: 30,
    maxAsksPerWindow: 2,
    expiryDays: 365,
    ambiguousStop: 'confirm',
    answerPeriodHours: 24,
  },
  fallback: ['sms', 'email'],
  keywords: {},
  texts: {},
  service: { initial: 'menu', states: {} },
};

const NONE = { orders: false, security: false, offers: false, news: false };
const ALL = { orders: true, security: true, offers: true, news: true };
const OPEN = windowState(T0, T0 + HOUR);
const CLOSED = windowState(T0, T0 + 25 * HOUR);
const NOW = T0 + 25 * HOUR;

function consent(patch: Partial<ConsentState>): ConsentState {
  return { status: 'unknown', categories: NONE, marketingSuppressed: false, ...patch };
}

const optedIn = consent({ status: 'opted_in', categories: ALL, granted: ALL, grantedAt: T0 });
const text: OutboundRequest = { kind: 'text' };
const template = (name: string): OutboundRequest => ({ kind: 'template', name });

function decide(
  c: ConsentState,
  window: WindowState,
  request: OutboundRequest,
  now = NOW,
): SendDecision {
  return decideSend({ flow: FLOW, consent: c, window, request, now });
}

/** The refusal, or a failure naming the unexpected permission. */
function refusalOf(decision: SendDecision): Extract<SendDecision, { allowed: false }> {
  if (decision.allowed) throw new Error(`expected a refusal, got ${JSON.stringify(decision)}`);
  return decision;
}

describe('send policy', () => {
  const cases: ReadonlyArray<{
    name: string;
    consent: ConsentState;
    window: WindowState;
    request: OutboundRequest;
    now?: number;
    code: string | null;
  }> = [
    {
      name: 'allows free text inside the window to anybody',
      consent: consent({}),
      window: OPEN,
      request: text,
      code: null,
    },
    {
      name: 'allows free text inside the window even after an opt-out (a reply)',
      consent: consent({ status: 'opted_out' }),
      window: OPEN,
      request: text,
      code: null,
    },
    {
      name: 'refuses free text outside the window',
      consent: optedIn,
      window: CLOSED,
      request: text,
      code: 'outside_window',
    },
    {
      name: 'refuses free text to a customer who never wrote',
      consent: optedIn,
      window: windowState(undefined, NOW),
      request: text,
      code: 'outside_window',
    },
    {
      name: 'allows a template to an opted-in customer outside the window',
      consent: optedIn,
      window: CLOSED,
      request: template('order_shipped'),
      code: null,
    },
    {
      name: 'allows a template inside the window too',
      consent: optedIn,
      window: OPEN,
      request: template('weekly_offer'),
      code: null,
    },
    {
      name: 'refuses a template to an opted-out customer',
      consent: consent({ status: 'opted_out' }),
      window: CLOSED,
      request: template('order_shipped'),
      code: 'opted_out',
    },
    {
      name: 'refuses a template to an opted-out customer inside the window',
      consent: consent({ status: 'opted_out' }),
      window: OPEN,
      request: template('order_shipped'),
      code: 'opted_out',
    },
    {
      name: 'refuses a template of a category the customer withdrew',
      consent: consent({
        status: 'opted_in',
        categories: { ...ALL, offers: false },
        revoked: { ...NONE, offers: true },
        grantedAt: T0,
      }),
      window: CLOSED,
      request: template('flash_sale'),
      code: 'opted_out',
    },
    {
      name: "refuses a marketing template while WhatsApp's marketing opt-out is in force",
      consent: consent({
        status: 'opted_in',
        categories: { ...ALL, offers: false, news: false },
        granted: ALL,
        marketingSuppressed: true,
        grantedAt: T0,
      }),
      window: CLOSED,
      request: template('newsletter'),
      code: 'opted_out',
    },
    {
      name: "allows a utility template while WhatsApp's marketing opt-out is in force",
      consent: consent({
        status: 'opted_in',
        categories: { ...ALL, offers: false, news: false },
        granted: ALL,
        marketingSuppressed: true,
        grantedAt: T0,
      }),
      window: CLOSED,
      request: template('order_shipped'),
      code: null,
    },
    {
      name: 'refuses a template to a customer never asked',
      consent: consent({}),
      window: CLOSED,
      request: template('order_shipped'),
      code: 'not_opted_in',
    },
    {
      name: 'refuses a template to a customer who declined',
      consent: consent({ status: 'declined', declinedAt: T0 }),
      window: CLOSED,
      request: template('order_shipped'),
      code: 'not_opted_in',
    },
    {
      name: 'refuses a template of a category the customer never granted',
      consent: consent({
        status: 'opted_in',
        categories: { ...NONE, orders: true },
        grantedAt: T0,
      }),
      window: CLOSED,
      request: template('login_code'),
      code: 'not_opted_in',
    },
    {
      name: 'refuses a template once the opt-in has expired',
      consent: optedIn,
      window: CLOSED,
      request: template('order_shipped'),
      now: T0 + 365 * DAY,
      code: 'not_opted_in',
    },
    {
      name: 'allows a template the day before the opt-in expires',
      consent: optedIn,
      window: CLOSED,
      request: template('order_shipped'),
      now: T0 + 364 * DAY,
      code: null,
    },
  ];

  it.each(cases)('$name', ({ consent: c, window, request, now, code }) => {
    const decision = decide(c, window, request, now);
    if (code === null) {
      expect(decision.allowed).toBe(true);
    } else {
      expect(decision).toMatchObject({ allowed: false, code, fallback: ['sms', 'email'] });
    }
  });

  it('names the category of an allowed template', () => {
    expect(decide(optedIn, CLOSED, template('flash_sale'))).toEqual({
      allowed: true,
      category: CATEGORIES[2],
    });
  });

  it('tells the caller why and what to do, with the fallback channels', () => {
    const outside = refusalOf(decide(optedIn, CLOSED, text));
    expect(outside.code).toBe('outside_window');
    expect(outside.message).toContain('24 hours');
    expect(outside.message).toContain('template');
    expect(outside.message).toContain('sms, email');

    const out = refusalOf(
      decide(consent({ status: 'opted_out' }), CLOSED, template('order_shipped')),
    );
    expect(out.message).toContain('Acme Shop');
    expect(out.message).toContain('opted out');

    const never = refusalOf(decide(consent({}), CLOSED, template('order_shipped')));
    expect(never.message).toContain('"orders"');
    expect(never.message).toContain('PUT /v1/contacts/{phone}/consent');
  });

  it('says when a flow has no fallback channel', () => {
    const flow = { ...FLOW, fallback: [] };
    const refusal = refusalOf(
      decideSend({ flow, consent: optedIn, window: CLOSED, request: text, now: NOW }),
    );
    expect(refusal.fallback).toEqual([]);
    expect(refusal.message).toContain('no fallback channel');
  });

  it('refuses an undeclared template with unknown_template, listing the declared ones', () => {
    let error: unknown;
    try {
      decide(optedIn, OPEN, template('black_friday'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('unknown_template');
    expect((error as ValidationError).message).toContain('"black_friday"');
    expect((error as ValidationError).message).toContain(
      'order_shipped, login_code, weekly_offer, flash_sale, newsletter',
    );
  });

  it('finds the category a template belongs to', () => {
    expect(findTemplateCategory(FLOW, 'newsletter')?.id).toBe('news');
    expect(findTemplateCategory(FLOW, 'nope')).toBeUndefined();
  });

  it('never allows a template to an opted-out customer, whatever else holds', () => {
    const record = fc.record({
      orders: fc.boolean(),
      security: fc.boolean(),
      offers: fc.boolean(),
      news: fc.boolean(),
    });
    const anyWindow = fc.oneof(
      fc.constant<WindowState>({ open: false }),
      fc.record({ open: fc.boolean(), expiresAt: fc.integer({ min: T0, max: T0 + 400 * DAY }) }),
    );
    fc.assert(
      fc.property(
        record,
        record,
        fc.boolean(),
        fc.option(fc.integer({ min: T0 - 400 * DAY, max: T0 + 400 * DAY }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        anyWindow,
        fc.constantFrom(...CATEGORIES.flatMap((c) => c.templates)),
        fc.integer({ min: T0, max: T0 + 400 * DAY }),
        (categories, granted, marketingSuppressed, grantedAt, expiryDays, window, name, now) => {
          const c = consent({
            status: 'opted_out',
            categories,
            granted,
            marketingSuppressed,
            ...(grantedAt === undefined ? {} : { grantedAt }),
          });
          const flow = {
            ...FLOW,
            consent: { ...FLOW.consent, ...(expiryDays === undefined ? {} : { expiryDays }) },
          };
          const decision = decideSend({ flow, consent: c, window, request: template(name), now });
          expect(decision).toMatchObject({ allowed: false, code: 'opted_out' });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never allows a template of a category that is not effectively granted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONSENT_STATUSES),
        fc.record({
          orders: fc.boolean(),
          security: fc.boolean(),
          offers: fc.boolean(),
          news: fc.boolean(),
        }),
        fc.constantFrom(...CATEGORIES.flatMap((c) => c.templates)),
        (status, categories, name) => {
          const decision = decide(
            consent({ status, categories, grantedAt: NOW }),
            OPEN,
            template(name),
          );
          const id = findTemplateCategory(FLOW, name)?.id as keyof typeof categories;
          expect(decision.allowed).toBe(status === 'opted_in' && categories[id]);
        },
      ),
    );
  });
});
