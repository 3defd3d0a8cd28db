import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, MINUTE } from '../../src/core/clock.js';
import type { ManualClock } from '../../src/core/clock.js';
import { createSilentLogger } from '../../src/logger.js';
import { createConsentService } from '../../src/service/consent-service.js';
import type { ConsentService } from '../../src/service/consent-service.js';
import { createTurnService } from '../../src/service/turn-service.js';
import type { TurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { Store } from '../../src/store/port.js';
import { shippedCatalog } from '../support/shipped-flows.js';

const PHONE = '+14155550102';
const flows = shippedCatalog();

describe('consent service', () => {
  let store: Store;
  let clock: ManualClock;
  let consent: ConsentService;
  let turns: TurnService;
  let seq = 0;

  const customerSays = (text: string) =>
    turns.handleMessage({
      messageId: `wamid.consent${++seq}`,
      contact: { phone: PHONE },
      timestamp: clock.now(),
      content: { kind: 'text', text },
    });

  beforeEach(() => {
    store = createMemoryStore();
    clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
    consent = createConsentService({ store, flows, clock });
    turns = createTurnService({ store, flows, clock, logger: createSilentLogger() });
  });

  it('records a decision dated ahead of our clock as made now', async () => {
    const contact = await consent.record({
      contact: { phone: PHONE },
      status: 'opted_in',
      source: 'crm',
      evidence: { note: 'web form' },
      occurredAt: clock.now() + 4 * MINUTE,
    });

    const [event] = await store.listEvents(contact.id);
    expect(event?.occurredAt).toBe(clock.now());
    expect(contact.consent.status).toBe('opted_in');
  });

  it('lets a STOP typed after a fast-clocked opt-in win, as its confirmation says', async () => {
    await customerSays('Hello');
    await consent.record({
      contact: { phone: PHONE },
      status: 'opted_in',
      source: 'crm',
      evidence: { note: 'web form' },
      occurredAt: clock.now() + 4 * MINUTE, // the CRM's clock runs four minutes fast
    });
    clock.advance(MINUTE);

    const stop = await customerSays('STOP');

    expect(stop.consentEvents.map((e) => e.type)).toEqual(['consent.revoked']);
    expect(stop.contact.consent.status).toBe('opted_out');
  });

  it('keeps a decision dated in the past at its own time', async () => {
    const contact = await consent.record({
      contact: { phone: PHONE },
      status: 'opted_out',
      source: 'ivr',
      evidence: { note: 'call 42' },
      occurredAt: clock.now() - 10 * MINUTE,
    });

    const [event] = await store.listEvents(contact.id);
    expect(event?.occurredAt).toBe(clock.now() - 10 * MINUTE);
    expect(event?.recordedAt).toBe(clock.now());
  });
});
