import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, HOUR } from '../../src/core/clock.js';
import type { ManualClock } from '../../src/core/clock.js';
import type { InboundMessage, Reply } from '../../src/core/conversation/inbound.js';
import type { ContactRef } from '../../src/core/identity.js';
import { SendRefusedError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics/index.js';
import { createConsentService } from '../../src/service/consent-service.js';
import { loadContactConsent } from '../../src/service/contact-consent.js';
import type { FlowCatalog } from '../../src/service/flow-catalog.js';
import { eraseKeepingSuppression } from '../../src/service/kept-suppression.js';
import { createSendService } from '../../src/service/send-service.js';
import { createTurnService } from '../../src/service/turn-service.js';
import type { TurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { Store } from '../../src/store/port.js';
import { shippedCatalog } from '../support/shipped-flows.js';

const KEY = 'test-phone-hash-key';
const PHONE = '+14155550101';
const USER_ID = 'US.13491208655302741918';
const catalog: FlowCatalog = shippedCatalog();
const categories = catalog.defaultFlow().definition.categories;

/** True for the opt-in question: reply buttons whose ids are the consent region's. */
const asksConsent = (reply: Reply): boolean =>
  reply.type === 'buttons' && reply.buttons.some((b) => b.id.startsWith('consent.'));

describe('opt-out kept after erasure, under every identifier', () => {
  let store: Store;
  let clock: ManualClock;
  let turns: TurnService;
  let seq = 0;

  const says = (contact: ContactRef, text: string) => {
    const message: InboundMessage = {
      messageId: `wamid.kept${++seq}`,
      contact,
      timestamp: clock.now(),
      content: { kind: 'text', text },
    };
    return turns.handleMessage(message);
  };
  /** `contact` wrote, said STOP, and was erased an hour ago. */
  const erasedAfterStop = async (contact: ContactRef) => {
    await says(contact, 'hello');
    const { contact: stopped } = await says(contact, 'STOP');
    expect(stopped.consent.status).toBe('opted_out');
    await eraseKeepingSuppression(store, stopped.id, KEY, clock.now());
    clock.advance(HOUR);
  };
  const consentOf = async (ref: ContactRef) =>
    (await loadContactConsent(store, ref, categories, KEY)).consent;

  beforeEach(() => {
    store = createMemoryStore();
    clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
    turns = createTurnService({
      store,
      flows: catalog,
      clock,
      logger: createSilentLogger(),
      identifierHashKey: KEY,
    });
  });

  it('starts a contact known by phone and user id opted out and unasked, whichever one it next writes with', async () => {
    await erasedAfterStop({ phone: PHONE, userId: USER_ID });
    for (const ref of [{ userId: USER_ID }, { phone: PHONE }]) {
      const turn = await says(ref, 'hello again');
      expect(turn.replies.length).toBeGreaterThan(0);
      expect(turn.replies.some(asksConsent)).toBe(false);
      expect(turn.contact.consent.status).toBe('opted_out');
    }
  });

  it('reads opted_out for either identifier of an erased contact that has not written since', async () => {
    await erasedAfterStop({ phone: PHONE, userId: USER_ID });
    for (const ref of [{ userId: USER_ID }, { phone: PHONE }]) {
      expect(await consentOf(ref)).toMatchObject({
        status: 'opted_out',
        categories: { orders: false, account: false, offers: false },
      });
    }
  });

  it('refuses a marketing template to either identifier with opted_out', async () => {
    await erasedAfterStop({ phone: PHONE, userId: USER_ID });
    const sends = createSendService({
      store,
      flows: catalog,
      clock,
      metrics: createMetrics(),
      identifierHashKey: KEY,
      outbound: {
        send: () => Promise.reject(new Error('nothing may be sent to an opted-out contact')),
      },
    });
    for (const to of [{ userId: USER_ID }, { phone: PHONE }]) {
      const refusal = await sends
        .send({ to, content: { kind: 'template', name: 'weekly_offers', language: 'en' } })
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(SendRefusedError);
      expect(refusal).toMatchObject({ code: 'opted_out' });
    }
  });

  it('finds the opt-out of a contact known only by a user id when it comes back with a phone too', async () => {
    await erasedAfterStop({ userId: USER_ID });
    const turn = await says({ phone: PHONE, userId: USER_ID }, 'hello again');
    expect(turn.replies.some(asksConsent)).toBe(false);
    expect(turn.contact).toMatchObject({ phone: PHONE, userId: USER_ID });
    expect(turn.contact.consent.status).toBe('opted_out');
    expect(await consentOf({ phone: PHONE })).toMatchObject({ status: 'opted_out' });
  });

  it('keeps the opt-out for a contact re-created by an API decision dated before the erasure', async () => {
    await erasedAfterStop({ phone: PHONE });
    const consent = createConsentService({ store, flows: catalog, clock });
    await consent.record({
      contact: { phone: PHONE },
      status: 'opted_in',
      source: 'crm',
      evidence: { note: 'old web form, synced late' },
      occurredAt: clock.now() - 2 * HOUR, // before the erasure
    });

    const turn = await says({ phone: PHONE }, 'hello again');

    expect(turn.replies.some(asksConsent)).toBe(false);
    expect(turn.contact.consent.status).toBe('opted_out');
    expect(await consentOf({ phone: PHONE })).toMatchObject({ status: 'opted_out' });
  });

  it('lets an API decision made after the erasure win over the kept opt-out', async () => {
    await erasedAfterStop({ phone: PHONE });
    const consent = createConsentService({ store, flows: catalog, clock });
    await consent.record({
      contact: { phone: PHONE },
      status: 'opted_in',
      source: 'web',
      evidence: { note: 'signed up again on the web form' },
    });

    const turn = await says({ phone: PHONE }, 'hello again');

    expect(turn.contact.consent.status).toBe('opted_in');
  });

  it('adds up what erasures left under different identifiers of one person', async () => {
    await erasedAfterStop({ userId: USER_ID });
    await says({ phone: PHONE }, 'hello');
    const { contact } = await says({ phone: PHONE }, 'hello again');
    await eraseKeepingSuppression(store, contact.id, KEY, clock.now());
    clock.advance(HOUR);
    // The later erasure of the phone kept no opt-out; the STOP sent by user id still holds.
    const turn = await says({ phone: PHONE, userId: USER_ID }, 'hi');
    expect(turn.replies.some(asksConsent)).toBe(false);
    expect(turn.contact.consent.status).toBe('opted_out');
  });
});
