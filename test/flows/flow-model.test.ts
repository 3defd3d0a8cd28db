import { getAdjacencyMap, getStateNodes } from '@xstate/graph';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { inDeclineCooldown } from '../../src/core/consent/ask-policy.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import type { CompiledFlow } from '../../src/service/flow-catalog.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import type { World, WorldEvent } from '../support/flow-world.js';
import { createFlowWorld, serializeWorld, worldEvents } from '../support/flow-world.js';

/**
 * Model-based tests over every shipped flow: walk every reachable (machine × consent × time)
 * state with the real machine and check the consent guarantees on every transition.
 */
const loaded = await loadFlowsDir('flows');

describe.each(loaded.flows.map((f) => [f.file, f] as const))('shipped flow %s', (_file, file) => {
  let flow: CompiledFlow;
  let transitions: { from: World; event: WorldEvent; to: World }[];

  beforeAll(() => {
    flow = prepareFlow(file.definition, file.file);
    const map = getAdjacencyMap(createFlowWorld(flow), {
      events: worldEvents(flow),
      serializeState: (snapshot) =>
        serializeWorld(snapshot.context, file.definition.consent.maxAsksPerWindow),
      serializeEvent: (event) => JSON.stringify(event),
    });
    type Vertex = {
      state: { context: World };
      transitions: Record<string, { event: WorldEvent; state: { context: World } }>;
    };
    transitions = (Object.values(map) as Vertex[]).flatMap((vertex) =>
      Object.values(vertex.transitions).map((t) => ({
        from: vertex.state.context,
        event: t.event,
        to: t.state.context,
      })),
    );
  });

  const says = ({ to }: { to: World }) => to.step?.intents ?? [];
  const asked = (t: { to: World }) => says(t).some((i) => i.type === 'question.asked');
  const isOptOut = ({ event, to }: { event: WorldEvent; to: World }) =>
    event.type === 'say' && says({ to }).some((i) => i.type === 'consent.revoke');
  const isOptInKeyword = (event: WorldEvent) =>
    event.type === 'say' &&
    event.content.kind === 'text' &&
    Object.values(flow.definition.keywords).some((k) =>
      k.optIn.some(
        (w) => w.toLowerCase() === (event.content as { text: string }).text.toLowerCase(),
      ),
    );

  it('reaches every state of the compiled machine', () => {
    const reached = new Set<string>();
    for (const { to } of transitions) {
      const value = (to.machine as { value?: Record<string, string> } | undefined)?.value;
      if (value)
        for (const [region, state] of Object.entries(value)) reached.add(`${region}.${state}`);
    }
    const atomic = getStateNodes(flow.machine as unknown as AnyStateMachine)
      .filter((node) => node.type === 'atomic')
      .map((node) => node.path.join('.'))
      .filter((path) => path !== 'service.start');
    expect(atomic.length).toBeGreaterThan(5);
    expect(atomic.filter((path) => !reached.has(path))).toEqual([]);
  });

  it('opts out from every reachable state when the customer sends STOP', () => {
    const stops = transitions.filter(
      ({ event }) =>
        event.type === 'say' &&
        event.content.kind === 'text' &&
        /stop/i.test(event.content.text) &&
        !/laughing/.test(event.content.text),
    );
    const statesWithStop = new Set(
      stops.map(({ from }) => serializeWorld(from, flow.definition.consent.maxAsksPerWindow)),
    );
    const allStates = new Set(
      transitions.map(({ from }) => serializeWorld(from, flow.definition.consent.maxAsksPerWindow)),
    );
    expect(statesWithStop).toEqual(allStates);
    for (const t of stops) {
      expect(t.to.consent.status).toBe('opted_out');
      expect(Object.values(t.to.consent.categories).every((v) => v === false)).toBe(true);
    }
  });

  it('confirms an opt-out once and stays silent on a second STOP', () => {
    const stops = transitions.filter(isOptOut);
    expect(stops.length).toBeGreaterThan(0);
    for (const t of stops) {
      const replies = says(t).filter((i) => i.type === 'reply');
      expect(t.to.step?.before.status).not.toBe('opted_out');
      expect(replies).toHaveLength(1);
      expect(asked(t)).toBe(false);
    }
    const repeated = transitions.filter(
      (t) =>
        t.from.consent.status === 'opted_out' &&
        t.event.type === 'say' &&
        t.to.consent.status === 'opted_out' &&
        t.event.content.kind === 'text' &&
        /^\s*stop!?\s*$/i.test(t.event.content.text),
    );
    expect(repeated.length).toBeGreaterThan(0);
    for (const t of repeated) expect(says(t)).toEqual([]);
  });

  it('never asks after an opt-out unless the customer asks with an opt-in keyword', () => {
    // Once opted out the consent region is idle; only the customer's own opt-in keyword
    // reopens the question (the region is then "asking", which is the customer's request).
    const consentState = (w: World) =>
      (w.machine as { value?: { consent?: string } } | undefined)?.value?.consent ?? 'idle';
    const afterOptOut = transitions.filter(
      (t) => t.from.consent.status === 'opted_out' && consentState(t.from) === 'idle',
    );
    expect(afterOptOut.length).toBeGreaterThan(0);
    for (const t of afterOptOut) {
      if (isOptInKeyword(t.event)) continue;
      expect(asked(t)).toBe(false);
      expect(says(t).some((i) => i.type === 'consent.grant')).toBe(false);
    }
  });

  it('never asks inside a decline cool-down unless the customer asks', () => {
    const cooling = transitions.filter(
      (t) =>
        t.event.type === 'say' &&
        inDeclineCooldown(t.from.consent, flow.definition.consent, t.from.now),
    );
    expect(cooling.length).toBeGreaterThan(0);
    for (const t of cooling) if (!isOptInKeyword(t.event)) expect(asked(t)).toBe(false);
  });

  it('never answers a sentence that merely contains a stop word with the opt-in question', () => {
    const stopWord = (
      flow.definition.keywords[flow.definition.defaultLanguage]?.optOut[0] ?? 'STOP'
    ).toLowerCase();
    const ambiguous = transitions.filter(
      (t) =>
        t.event.type === 'say' &&
        t.event.content.kind === 'text' &&
        t.event.content.text.toLowerCase().includes(stopWord) &&
        t.event.content.text.trim().replace(/!$/, '').toLowerCase() !== stopWord,
    );
    expect(ambiguous.length).toBeGreaterThan(0);
    for (const t of ambiguous) expect(asked(t)).toBe(false);
  });

  it('never asks more often than the flow allows in one window', () => {
    for (const t of transitions) {
      const value = t.to.machine as { context?: { askTimes?: number[] } } | undefined;
      const since = t.to.windowStartedAt ?? 0;
      const asks = (value?.context?.askTimes ?? []).filter((time) => time >= since).length;
      if (asked(t) && !isOptInKeyword(t.event)) {
        expect(asks).toBeLessThanOrEqual(flow.definition.consent.maxAsksPerWindow);
      }
    }
  });

  it('answers every customer message while the window is open, except a repeated STOP', () => {
    for (const t of transitions) {
      if (t.event.type !== 'say') continue;
      const silentStop =
        t.from.consent.status === 'opted_out' &&
        t.to.consent.status === 'opted_out' &&
        says(t).length === 0;
      const stillChoosing = says(t).length === 0 && !silentStop;
      if (stillChoosing) {
        // Only a stale button of a prompt no longer shown may go unanswered.
        const where = JSON.stringify([
          (t.from.machine as { value?: unknown } | undefined)?.value,
          t.from.consent.status,
          t.event,
        ]);
        expect(t.event.content.kind, where).toBe('choice');
      }
    }
  });

  it('changes no consent on HELP', () => {
    const helps = transitions.filter(
      (t) =>
        t.event.type === 'say' &&
        t.event.content.kind === 'text' &&
        Object.values(flow.definition.keywords).some((k) =>
          k.help.includes((t.event as { content: { text: string } }).content.text),
        ),
    );
    expect(helps.length).toBeGreaterThan(0);
    for (const t of helps) expect(t.to.consent).toEqual(t.from.consent);
  });
});
