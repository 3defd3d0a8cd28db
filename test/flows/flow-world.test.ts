import { describe, expect, it } from 'vitest';
import { UNKNOWN_CONSENT } from '../../src/core/consent/state.js';
import type { TurnFacts } from '../../src/core/conversation/events.js';
import { readTurn } from '../../src/core/conversation/interpret-turn.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import { readTurnOnce, worldEvents } from '../support/flow-world.js';

/**
 * The model walk reads each message once per conversation language (`readTurnOnce`) and gives
 * the reading each turn's facts: it must read exactly as `readTurn` does, whatever the facts.
 */
const loaded = await loadFlowsDir('flows');
const flow = prepareFlow(loaded.flows.find((f) => f.definition.id === 'default')!.definition);
const START = Date.parse('2026-03-02T09:00:00Z');

describe('the model walk’s remembered readings', () => {
  it('read every message of the walk as readTurn does, in every language and with any facts', () => {
    const facts: TurnFacts[] = [
      {
        now: START,
        messageId: 'm0',
        consent: UNKNOWN_CONSENT,
        windowStartedAt: START,
        firstMessage: true,
      },
      {
        now: START + 3_600_000,
        messageId: 'm7',
        consent: { ...UNKNOWN_CONSENT, status: 'opted_out' },
        windowStartedAt: START,
        firstMessage: false,
        handover: 'active',
      },
    ];
    let compared = 0;
    for (const event of worldEvents(flow)) {
      if (event.type !== 'say') continue;
      for (const language of [undefined, ...flow.definition.languages]) {
        for (const turn of facts) {
          const direct = readTurn(flow, event.content, turn, language ? { language } : {});
          const remembered = readTurnOnce(flow, event.content, turn, language);
          expect(remembered, JSON.stringify([event.content, language])).toEqual(direct);
          expect(remembered.event.facts).toBe(turn);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
