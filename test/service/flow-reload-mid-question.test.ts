import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, MINUTE } from '../../src/core/clock.js';
import type { InboundContent, Reply } from '../../src/core/conversation/inbound.js';
import { createSilentLogger } from '../../src/logger.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import type { FlowCatalog } from '../../src/service/flow-catalog.js';
import { createTurnService } from '../../src/service/turn-service.js';
import type { TurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { shippedCatalog } from '../support/shipped-flows.js';

/**
 * Found by review: after a flow reload with a new version, the machine used to start fresh, so a
 * customer who tapped "No, thanks" on the question just shown was asked it again and the decline
 * was lost. The consent part of the conversation now carries over (core/flow/carry-snapshot.ts).
 */
const T0 = Date.parse('2026-05-04T09:00:00Z');
const PHONE = '+14155550166';

describe('a flow reload while the opt-in question is open', () => {
  let catalog: FlowCatalog;
  let turns: TurnService;
  let seq = 0;
  let minute = 0;
  const send = (content: InboundContent) =>
    turns.handleMessage({
      messageId: `wamid.review.reload${++seq}`,
      contact: { phone: PHONE },
      timestamp: T0 + minute++ * MINUTE,
      content,
    });
  const isQuestion = (reply: Reply) =>
    reply.type === 'buttons' && reply.buttons.some((b) => b.id === 'consent.no');

  beforeEach(() => {
    catalog = shippedCatalog();
    turns = createTurnService({
      store: createMemoryStore(),
      flows: catalog,
      clock: createManualClock(T0),
      logger: createSilentLogger(),
    });
    minute = 0;
  });

  it('records "No, thanks" as a decline instead of asking again', async () => {
    const hello = await send({ kind: 'text', text: 'Hello' });
    expect(hello.replies.some(isQuestion)).toBe(true);

    const current = catalog.defaultFlow().definition;
    catalog.replace([prepareFlow({ ...current, version: current.version + 1 })]);

    const no = await send({ kind: 'choice', id: 'consent.no', title: 'No, thanks' });
    expect(no.replies.filter(isQuestion)).toEqual([]);
    expect(no.contact.consent.status).toBe('declined');
  });
});
