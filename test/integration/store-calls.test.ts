import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { countCalls, type CountingStore } from '../support/counting-store.js';
import { postWebhook, startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import {
  BASE_TIMESTAMP,
  buttonReplyPayload,
  textMessagePayload,
} from '../support/whatsapp-payloads.js';

/** The sender's own upkeep, on its timers, not per message: registration and the sweep. */
const BACKGROUND = new Set(['touchSender', 'findDueOutboxes']);

/**
 * What one inbound message costs in store calls, pinned for a typical conversation through the
 * signed webhook: one read and one write per message (the contact read carries the duplicate
 * guard and the consent projection), plus one write per reply's outcome. The look-up of erased
 * contacts' opt-outs comes once, for an identifier new to the contact; a tap on a consent button
 * reads the one message it was under (by its WhatsApp id), for the evidence.
 */
describe('store calls of a typical conversation', () => {
  let t: TestServer;
  let counting: CountingStore;
  let minute = 0;

  beforeEach(async () => {
    counting = countCalls(createMemoryStore());
    t = await startTestServer({ store: counting.store });
    minute = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  /** Delivers one payload and answers the store calls it cost once its replies went. */
  async function callsOf(payload: unknown): Promise<string[]> {
    await t.settle();
    counting.reset();
    expect((await postWebhook(t.url, payload)).status).toBe(200);
    await t.settle();
    return counting.calls().filter((call) => !BACKGROUND.has(call));
  }
  const at = () => BASE_TIMESTAMP + 60 * minute++;
  const says = (text: string) => textMessagePayload({ text, timestamp: at() });
  const taps = (buttonId: string, title: string) =>
    buttonReplyPayload({ buttonId, title, timestamp: at() });

  it('costs one read and one write per message, plus one write per reply', async () => {
    const hello = says('Hello');
    const perMessage = [
      // A new customer: the contact is created, its number looked up among erased opt-outs.
      ['Hello', await callsOf(hello)],
      ['yes', await callsOf(taps('consent.yes', 'Yes, all of them'))],
      ['menu choice', await callsOf(taps('service.hours', 'Hours & returns'))],
      ['STOP', await callsOf(says('STOP'))],
      ['STOP again', await callsOf(says('STOP'))],
      ['START', await callsOf(says('START'))],
      // WhatsApp delivers a message twice: the contact read tells, nothing is written.
      ['Hello, delivered again', await callsOf(hello)],
    ];

    const reply = 'completeOutbound';
    expect(Object.fromEntries(perMessage)).toEqual({
      Hello: ['ensureContact', 'findSuppressions', 'saveTurn', reply, reply],
      // A consent tap also reads the message it was under: the question the customer read.
      yes: ['ensureContact', 'findOutbound', 'saveTurn', reply],
      'menu choice': ['ensureContact', 'saveTurn', reply],
      STOP: ['ensureContact', 'saveTurn', reply],
      'STOP again': ['ensureContact', 'saveTurn'],
      START: ['ensureContact', 'saveTurn', reply],
      'Hello, delivered again': ['ensureContact'],
    });
  });
});
