import { describe, expect, it } from 'vitest';
import { createManualClock, DAY, MINUTE } from '../../src/core/clock.js';
import type { InboundContent, Reply } from '../../src/core/conversation/inbound.js';
import { createSilentLogger } from '../../src/logger.js';
import { createConsentService } from '../../src/service/consent-service.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { shippedCatalog } from '../support/shipped-flows.js';

/**
 * Found by review: "No, thanks" on the open question after an opt-out recorded through the REST
 * API used to turn `opted_out` into `declined`, and the question came back after the decline
 * cool-down. A decline now never undoes a decision (core/consent/project-consent.ts).
 */
describe('a decline after an opt-out recorded by the CRM', () => {
  it('keeps the customer opted out and never asks again', async () => {
    const catalog = shippedCatalog();
    const store = createMemoryStore();
    const clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
    const turns = createTurnService({ store, flows: catalog, clock, logger: createSilentLogger() });
    const consent = createConsentService({ store, flows: catalog, clock });
    const phone = '+14155550177';
    let seq = 0;
    const send = (content: InboundContent) =>
      turns.handleMessage({
        messageId: `wamid.review.crm${++seq}`,
        contact: { phone },
        timestamp: clock.now(),
        content,
      });
    const asksConsent = (reply: Reply) =>
      reply.type === 'buttons' && reply.buttons.some((b) => b.id === 'consent.yes');

    expect((await send({ kind: 'text', text: 'Hello' })).replies.some(asksConsent)).toBe(true);
    clock.advance(MINUTE);
    await consent.record({
      contact: { phone },
      status: 'opted_out',
      source: 'crm',
      evidence: { note: 'asked on the phone not to get WhatsApp messages' },
    });
    clock.advance(MINUTE);
    const no = await send({ kind: 'choice', id: 'consent.no', title: 'No, thanks' });
    clock.advance(31 * DAY);
    const later = await send({ kind: 'text', text: 'Hello' });

    expect(no.contact.consent.status).toBe('opted_out');
    expect(later.replies.filter(asksConsent)).toEqual([]);
  });
});
