import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, MINUTE } from '../../src/core/clock.js';
import type { InboundContent, Reply } from '../../src/core/conversation/inbound.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import { createSilentLogger } from '../../src/logger.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import { createTurnService } from '../../src/service/turn-service.js';
import type { TurnService } from '../../src/service/turn-service.js';

import { createMemoryStore } from '../../src/store/memory/index.js';

/**
 * Review finding: a sentence that contains STOP, from a customer who has not opted in, is
 * answered with the opt-in question.
 *
 * The "do you want to stop?" confirmation is offered only to opted-in customers
 * (`confirmsAmbiguousStop`, src/core/flow/compile-flow.ts:177). For everyone else the consent
 * region treats `stop.ambiguous` like any message: in `idle` it asks the question when `mayAsk`
 * (src/core/flow/consent-region.ts:38), in `asking` it re-asks when `mayReask`
 * (consent-region.ts:64). So "No, stop" typed in answer to the question, or "Please stop
 * messaging me" as a first message, gets "Would you like to get WhatsApp messages from…".
 */
const loaded = await loadFlowsDir('flows');
const catalog = createFlowCatalog(
  loaded.flows.map((f) => prepareFlow(f.definition, f.file)),
  'default',
);
const texts = catalog.defaultFlow().definition.texts['en']!;
const T0 = Date.parse('2026-05-04T09:00:00Z');
const PHONE = '+14155550188';

/** True when a reply is the opt-in question or its re-ask. */
const isQuestion = (reply: Reply) =>
  reply.type === 'buttons' &&
  (reply.text.startsWith(texts.question.slice(0, 30)) ||
    reply.text.startsWith(texts.reask.slice(0, 30)));

describe('a sentence containing STOP from a customer who has not opted in', () => {
  let turns: TurnService;
  let seq = 0;
  const say = (text: string, at: number) => {
    const content: InboundContent = { kind: 'text', text };
    return turns.handleMessage({
      messageId: `wamid.review.amb${++seq}`,
      contact: { phone: PHONE },
      timestamp: at,
      content,
    });
  };

  beforeEach(() => {
    const clock = createManualClock(T0);
    turns = createTurnService({
      store: createMemoryStore(),
      flows: catalog,
      clock,
      logger: createSilentLogger(),
    });
  });

  it.fails('does not ask the opt-in question again when the answer is "No, stop"', async () => {
    const first = await say('Hello', T0);
    expect(first.replies.some(isQuestion)).toBe(true);

    const answer = await say('No, stop', T0 + MINUTE);
    expect(answer.event).toBe('stop.ambiguous');
    expect(answer.replies.filter(isQuestion)).toEqual([]);
  });

  it.fails('does not answer "Please stop messaging me" with the opt-in question', async () => {
    const result = await say('Please stop messaging me', T0);
    expect(result.event).toBe('stop.ambiguous');
    expect(result.replies.filter(isQuestion)).toEqual([]);
  });
});
