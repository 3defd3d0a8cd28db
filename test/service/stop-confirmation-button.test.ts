import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, MINUTE } from '../../src/core/clock.js';
import type { ManualClock } from '../../src/core/clock.js';
import type { InboundContent } from '../../src/core/conversation/inbound.js';
import { createSilentLogger } from '../../src/logger.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import type { FlowCatalog } from '../../src/service/flow-catalog.js';
import { createTurnService } from '../../src/service/turn-service.js';
import type { TurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { Store } from '../../src/store/port.js';
import { shippedCatalog } from '../support/shipped-flows.js';

/**
 * Found by review: a tap on "Yes, stop them" used to count only while the consent region was
 * still in `confirmingStop`; after another message or a flow reload it was ignored and the
 * customer stayed opted in. An explicit "Yes, stop them" is an opt-out whatever state the
 * machine is in (`interpret-message.ts` reads it as `keyword.optout`).
 */
const T0 = Date.parse('2026-05-04T09:00:00Z');
const PHONE = '+14155550199';

describe('the "Yes, stop them" button', () => {
  let store: Store;
  let clock: ManualClock;
  let catalog: FlowCatalog;
  let turns: TurnService;
  let seq = 0;
  let minute = 0;
  const send = (content: InboundContent) =>
    turns.handleMessage({
      messageId: `wamid.review.stopbtn${++seq}`,
      contact: { phone: PHONE },
      timestamp: T0 + minute++ * MINUTE,
      content,
    });
  const say = (text: string) => send({ kind: 'text', text });
  const tap = (id: string, title: string) => send({ kind: 'choice', id, title });

  /** An opted-in customer who wrote a sentence containing STOP and was asked to confirm. */
  const optedInAndAskedToConfirm = async () => {
    await say('Hello');
    await tap('consent.yes', 'Yes, all of them');
    const ambiguous = await say("I can't stop laughing");
    expect(ambiguous.replies.map((r) => r.type === 'buttons' && r.buttons[0]?.id)).toContain(
      'stop.yes',
    );
  };

  beforeEach(() => {
    store = createMemoryStore();
    clock = createManualClock(T0);
    catalog = shippedCatalog();
    turns = createTurnService({ store, flows: catalog, clock, logger: createSilentLogger() });
    minute = 0;
  });

  it('opts out when tapped after another message', async () => {
    await optedInAndAskedToConfirm();
    await say('where is my order?');
    const result = await tap('stop.yes', 'Yes, stop them');
    expect(result.contact.consent.status).toBe('opted_out');
  });

  it('opts out when tapped after the flow was reloaded with a new version', async () => {
    await optedInAndAskedToConfirm();
    const current = catalog.defaultFlow().definition;
    catalog.replace([prepareFlow({ ...current, version: current.version + 1 })]);
    const result = await tap('stop.yes', 'Yes, stop them');
    expect(result.contact.consent.status).toBe('opted_out');
  });
});
