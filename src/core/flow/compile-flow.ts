import { setup } from 'xstate';
import type { ConversationEvent, ConversationIntent } from '../conversation/events.js';
import { choosingActions } from './choosing-actions.js';
import { choosingGuards } from './choosing-guards.js';
import { consentActions } from './consent-actions.js';
import { consentRegion } from './consent-region.js';
import type { FlowDefinition } from './definition.js';
import type { FlowContext, FlowInput } from './flow-context.js';
import { flowReadings } from './flow-readings.js';
import { questionGuards } from './question-guards.js';
import { serviceActions } from './service-actions.js';
import { serviceGuards } from './service-guards.js';
import { buildServiceRegion } from './service-region.js';
import { stopActions } from './stop-actions.js';
import { stopGuards } from './stop-guards.js';
import { turnsRegion } from './turns-region.js';

/**
 * Compiles a validated flow into one XState machine: a parallel machine with the flow's
 * service region and the compiler-owned consent region (`consent-region.ts`).
 * The machine is pure: it emits {@link ConversationIntent}s (replies, consent changes) and
 * never sends or writes; time and consent reach it as facts on each event.
 * @example
 * const machine = compileFlow(flow);
 * const actor = createActor(machine, { input: { language: 'es' } });
 * actor.on('*', (intent) => intents.push(intent));
 */
export function compileFlow(flow: FlowDefinition) {
  const r = flowReadings(flow);
  // Actions and guards by what they are about; the regions name them (see each file).
  const machineSetup = setup({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState reads the machine's types from this assertion
    types: {} as {
      context: FlowContext;
      events: ConversationEvent;
      emitted: ConversationIntent;
      input: FlowInput;
    },
    actions: {
      ...consentActions(flow, r),
      ...stopActions(flow, r),
      ...choosingActions(flow, r),
      ...serviceActions(flow, r),
    },
    guards: {
      ...questionGuards(flow, r),
      ...stopGuards(flow, r),
      ...choosingGuards(flow, r),
      ...serviceGuards(flow, r),
    },
  });
  return machineSetup.createMachine({
    id: flow.id,
    type: 'parallel',
    context: ({ input }) => ({
      language:
        input.language && flow.languages.includes(input.language)
          ? input.language
          : flow.defaultLanguage,
      askTimes: [],
      turns: 0,
      knownCategories: r.allCategories,
    }),
    // Document order matters: the service answer goes out before the opt-in question, and the
    // turn counter moves after both regions read it.
    // The consent and turns regions go through `createStateConfig`, so every action and guard
    // they name must be one set up above: a renamed action fails the type check. The service
    // region is built from the flow file, whose names the loader checks (`registry-names.ts`).
    states: {
      service: buildServiceRegion(flow),
      consent: machineSetup.createStateConfig(consentRegion),
      turns: machineSetup.createStateConfig(turnsRegion),
    } as never,
  });
}

/** The machine type of a compiled flow. */
export type FlowMachine = ReturnType<typeof compileFlow>;
