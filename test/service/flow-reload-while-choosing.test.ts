import { describe, expect, it } from 'vitest';
import { createManualClock, MINUTE } from '../../src/core/clock.js';
import type { InboundContent } from '../../src/core/conversation/inbound.js';
import { createSilentLogger } from '../../src/logger.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { shippedCatalog } from '../support/shipped-flows.js';

/**
 * Found by review: a flow reload that removed the category being asked ("Let me choose") used to
 * record the customer's "Yes" for the category now at that position (here "special offers", a
 * MARKETING category never asked about). The conversation now keeps the id of the category
 * being asked; when the new version no longer has it there, the choice goes back to idle and
 * nothing is recorded (core/flow/carry-snapshot.ts).
 */
describe('a flow reload while the customer chooses categories', () => {
  it('never records a "Yes" for a category the customer was not asked about', async () => {
    const catalog = shippedCatalog();
    const clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
    const turns = createTurnService({
      store: createMemoryStore(),
      flows: catalog,
      clock,
      logger: createSilentLogger(),
    });
    let seq = 0;
    const send = (content: InboundContent) => {
      clock.advance(MINUTE);
      return turns.handleMessage({
        messageId: `wamid.review.choosing${++seq}`,
        contact: { phone: '+14155550188' },
        timestamp: clock.now(),
        content,
      });
    };
    const yes = { kind: 'choice', id: 'consent.category.yes', title: 'Yes' } as const;

    await send({ kind: 'text', text: 'Hello' });
    await send({ kind: 'choice', id: 'consent.choose', title: 'Let me choose' });
    const asked = await send(yes); // yes to order updates
    expect(asked.replies.map((r) => r.text).join()).toContain('login codes');

    const current = catalog.defaultFlow().definition;
    catalog.replace([
      prepareFlow({
        ...current,
        version: current.version + 1,
        categories: current.categories.filter((c) => c.id !== 'account'),
      }),
    ]);
    const answer = await send(yes); // yes to the login codes shown before the reload

    // No decision: at most the question asked again (an ask is recorded, and changes nothing).
    expect(answer.consentEvents.filter((e) => e.type !== 'consent.asked')).toEqual([]);
    expect(answer.contact.consent.categories['offers']).not.toBe(true);
    expect(answer.replies.map((r) => r.text).join()).not.toContain('Thank you');
  });
});
