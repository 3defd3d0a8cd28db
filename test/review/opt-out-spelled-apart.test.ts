import { describe, expect, it } from 'vitest';
import { createManualClock, MINUTE } from '../../src/core/clock.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import { createSilentLogger } from '../../src/logger.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';

/**
 * Review finding: "Opt out", "opt-out" and "OPT OUT" do not opt the customer out, although the
 * default flow lists OPTOUT and the matcher promises that `opt-out`, `opt out` and `OPT_OUT`
 * are the same words (src/core/keywords/match-keyword.ts:61).
 *
 * The matcher compares the message's words joined by spaces (`tokens.join(' ')`,
 * match-keyword.ts:135) with each keyword's words: "opt out" is the key `opt out`, OPTOUT the key
 * `optout`, so neither the exact match nor the in-sentence scan finds it. The message is then an
 * unrelated message: an opted-in customer stays opted in and gets "Sorry, I didn't understand".
 * PRODUCT.md: keywords are matched like a careful human would.
 */
const loaded = await loadFlowsDir('flows');
const catalog = createFlowCatalog(
  loaded.flows.map((f) => prepareFlow(f.definition, f.file)),
  'default',
);
const T0 = Date.parse('2026-05-04T09:00:00Z');

describe('OPTOUT written as two words', () => {
  it.fails.each(['Opt out', 'opt-out', 'OPT OUT'])('opts out on %j', async (text) => {
    const turns = createTurnService({
      store: createMemoryStore(),
      flows: catalog,
      clock: createManualClock(T0),
      logger: createSilentLogger(),
    });
    const contact = { phone: '+14155550155' };
    let seq = 0;
    const at = (minutes: number) => T0 + minutes * MINUTE;
    const id = () => `wamid.review.optout${text}${++seq}`;
    await turns.handleMessage({
      messageId: id(),
      contact,
      timestamp: at(0),
      content: { kind: 'text', text: 'Hello' },
    });
    const yes = await turns.handleMessage({
      messageId: id(),
      contact,
      timestamp: at(1),
      content: { kind: 'choice', id: 'consent.yes', title: 'Yes, all of them' },
    });
    expect(yes.contact.consent.status).toBe('opted_in');

    const result = await turns.handleMessage({
      messageId: id(),
      contact,
      timestamp: at(2),
      content: { kind: 'text', text },
    });
    expect(result.contact.consent.status).toBe('opted_out');
  });
});
