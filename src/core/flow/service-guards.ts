/**
 * The guards of a compiled flow about its service region: consent facts the flow file may name
 * (`registry.ts`), the choices a message picks, and the hand-over.
 */
import type { FlowDefinition } from './definition.js';
import { declinesPersonOffer } from './pick-choice.js';
import { registryGuards } from './registry.js';
import { entersHandoverGuard, answeredWithChoiceGuard } from './service-region.js';
import type { FlowReadings, GuardArgs } from './flow-readings.js';

/** The service guards of `flow` (see `service-region.ts`). */
export function serviceGuards(flow: FlowDefinition, r: FlowReadings) {
  const { picks, handovers } = r;

  return {
    optedIn: ({ event }: GuardArgs) => registryGuards.optedIn({ event }),
    notOptedIn: ({ event }: GuardArgs) => registryGuards.notOptedIn({ event }),
    entersHandover: entersHandoverGuard(flow),
    picks: ({ context, event }: GuardArgs, params: { state: string; choiceId: string }) =>
      picks(params.state, context.said, event)?.id === params.choiceId,
    picksHandover: ({ context, event }: GuardArgs, params: { state: string }) => {
      if (event.facts.handover === 'active') return false;
      const choice = picks(params.state, context.said, event);
      return choice !== undefined && handovers.has(choice.target);
    },
    picksNonHandover: ({ context, event }: GuardArgs, params: { state: string }) => {
      if (event.facts.handover === 'active') return false;
      const choice = picks(params.state, context.said, event);
      return choice !== undefined && !handovers.has(choice.target);
    },
    answeredWithChoice: answeredWithChoiceGuard(flow),
    handedOver: ({ event }: GuardArgs) => event.facts.handover === 'active',
    declinesPersonOffer: ({ context, event }: GuardArgs) =>
      declinesPersonOffer(context.said, event),
    notHandedOver: ({ event }: GuardArgs) => event.facts.handover !== 'active',
    returning: ({ event }: GuardArgs) =>
      event.facts.handover === 'idle' || event.facts.handover === 'released',
    smallTalkIs: ({ event }: GuardArgs, params: { kind: string }) =>
      event.smallTalk === params.kind,
  };
}
