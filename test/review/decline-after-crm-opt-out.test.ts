import { describe, expect, it } from 'vitest';
import { createManualClock, DAY, MINUTE } from '../../src/core/clock.js';
import type { InboundContent, Reply } from '../../src/core/conversation/inbound.js';
import { createSilentLogger } from '../../src/logger.js';
import { createConsentService } from '../../src/service/consent-service.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { shippedCatalog } from '../support/shipped-flows.js';

/**
 * Review: "No, thanks" on the open question after an opt-out recorded through the REST API.
 *
 * The bot asked the question; before the customer answered, the contact centre recorded an
 * opt-out (PUT …/consent, source crm). The machine still waits in `asking` (it is not told of
 * API decisions), so the customer's later "No, thanks" appends `consent.declined`, and the
 * projection turns `opted_out` into `declined`: a decline only leaves an opt-IN alone
 * (src/core/consent/project-consent.ts:98-101). After the flow's decline cool-down (30 days)
 * the bot asks the opt-in question again of a customer who opted out (PRODUCT.md, Opt-out: "A
 * customer who opted out … is not asked again, unless they themselves ask").
 * Fix: a decline never weakens an opt-out: in `nextState`, `consent.declined` returns the state
 * unchanged when it is `opted_out` as well as `opted_in` (`isInForce` then reads the decline as
 * not in force and its "we won't send you these messages" reply is dropped, which is harmless:
 * or keep that reply by letting a decline count as in force while opted out).
 */
describe('a decline after an opt-out recorded by the CRM', () => {
  it.fails('keeps the customer opted out and never asks again', async () => {
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
