import { describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../../../src/core/conversation/events.js';
import { UNKNOWN_CONSENT } from '../../../src/core/consent/state.js';
import { carrySnapshot } from '../../../src/core/flow/carry-snapshot.js';
import type { FlowDefinition } from '../../../src/core/flow/definition.js';
import { loadFlowsDir } from '../../../src/flows/index.js';
import { prepareFlow } from '../../../src/service/flow-catalog.js';

const loaded = await loadFlowsDir('flows');
const definition = loaded.flows[0]!.definition;
const v1 = prepareFlow(definition, 'v1.yaml');
const v2 = prepareFlow({ ...definition, version: definition.version + 1 }, 'v2.yaml');
const T0 = Date.parse('2026-05-04T09:00:00Z');

const facts = {
  now: T0,
  messageId: 'm1',
  consent: UNKNOWN_CONSENT,
  windowStartedAt: T0,
  firstMessage: true,
};
const hello: ConversationEvent = { type: 'message', text: 'hello', facts };

/** The snapshot of a customer who has just been asked the question under v1. */
const asked = v1.run(undefined, {}, hello).snapshot as {
  value: { service: string; consent: string };
  context: { askTimes: number[]; question: { text: string } };
};

describe('carrySnapshot', () => {
  it('keeps where the opt-in conversation stands, the asks made and the question shown', () => {
    const carried = carrySnapshot(asked, v2.definition) as typeof asked;

    expect(carried.value).toEqual(asked.value);
    expect(carried.context).toEqual(asked.context);
  });

  it('lets a "No, thanks" tap after the reload decline instead of asking again', () => {
    const carried = carrySnapshot(asked, v2.definition);
    const no: ConversationEvent = {
      type: 'answer.no',
      prompt: 'question',
      facts: { ...facts, now: T0 + 60_000, messageId: 'm2', firstMessage: false },
    };

    const { intents } = v2.run(carried, {}, no);

    expect(intents.map((i) => i.type)).toContain('consent.decline');
    expect(intents.map((i) => i.type)).not.toContain('question.asked');
  });

  it('keeps a STOP just confirmed: "don\'t unsubscribe me!" after the reload shows the question', () => {
    const optedIn = { ...UNKNOWN_CONSENT, status: 'opted_in' as const };
    const stop: ConversationEvent = {
      type: 'keyword.optout',
      via: 'keyword',
      keyword: 'stop',
      language: 'en',
      text: 'stop',
      facts: { ...facts, consent: optedIn, firstMessage: false },
    };
    const stopped = v1.run(undefined, {}, stop).snapshot;
    const carried = carrySnapshot(stopped, v2.definition);
    const stays: ConversationEvent = {
      type: 'message',
      text: "don't unsubscribe me!",
      staysSubscribed: true,
      facts: {
        ...facts,
        consent: { ...UNKNOWN_CONSENT, status: 'opted_out' },
        now: T0 + 60_000,
        messageId: 'm2',
        firstMessage: false,
      },
    };

    const { intents } = v2.run(carried, {}, stays);

    expect(intents.map((i) => i.type)).toContain('question.asked');
  });

  it('starts the service part over when the new version no longer has its state', () => {
    const states = Object.fromEntries(
      Object.entries(definition.service.states).filter(([id]) => id !== asked.value.service),
    );
    const initial = Object.keys(states)[0]!;
    const changed: FlowDefinition = {
      ...v2.definition,
      service: { ...definition.service, initial, states },
    };

    const carried = carrySnapshot(asked, changed) as typeof asked;

    expect(carried.value).toEqual({ service: 'start', consent: 'asking', turns: 'counting' });
  });

  it('leaves "let me choose" when its categories are gone, and falls back to the default language', () => {
    const choosing = {
      ...asked,
      value: { ...asked.value, consent: 'choosing' },
      context: { ...asked.context, language: 'fr', choosing: { index: 1, chosen: ['gone'] } },
    };

    const carried = carrySnapshot(choosing, v2.definition) as {
      value: { consent: string };
      context: Record<string, unknown>;
    };

    expect(carried.value.consent).toBe('idle');
    expect(carried.context.choosing).toBeUndefined();
    expect(carried.context.language).toBe(definition.defaultLanguage);
  });

  it('goes on choosing only while the category being asked is still at its place', () => {
    const [first, second] = definition.categories;
    const choosing = (asking: string | undefined) => ({
      ...asked,
      value: { ...asked.value, consent: 'choosing' },
      context: { ...asked.context, choosing: { index: 1, asking, chosen: [first!.id] } },
    });
    const consentOf = (stored: unknown, flow: FlowDefinition) =>
      (carrySnapshot(stored, flow) as { value: { consent: string } }).value.consent;
    const reordered: FlowDefinition = {
      ...v2.definition,
      categories: [second!, first!, ...definition.categories.slice(2)],
    };

    expect(consentOf(choosing(second!.id), v2.definition)).toBe('choosing');
    expect(consentOf(choosing(second!.id), reordered)).toBe('idle');
    expect(consentOf(choosing(undefined), v2.definition)).toBe('idle'); // saved before ids
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'snapshot'],
    ['a stopped machine', { ...asked, status: 'done' }],
    ['an unknown consent state', { ...asked, value: { service: 'menu', consent: 'waiting' } }],
    ['ask times that are not numbers', { ...asked, context: { askTimes: ['x'] } }],
  ])('gives up on %s, so the conversation starts fresh', (_what, stored) => {
    expect(carrySnapshot(stored, v2.definition)).toBeUndefined();
  });
});
