import { and, not, or, stateIn } from 'xstate';
import type { FlowDefinition, ServiceChoice } from './definition.js';
import { AWAITING_ANSWER_STATES } from './consent-region.js';

/**
 * The service region: the flow's own in-session conversation (menu, answers, hand-over),
 * compiled from `service.states`. It answers every customer message reactively — the opt-in
 * question never blocks or delays it — and it never sees STOP, START or HELP: those events
 * belong to the consent region alone.
 */
export const START_STATE = 'start';

/** True while the consent region waits for a yes/no, so a typed "yes" answers it, not the menu. */
const consentAwaitsAnswer = or(AWAITING_ANSWER_STATES.map((s) => stateIn({ consent: s })));

export function buildServiceRegion(flow: FlowDefinition) {
  const { initial, states } = flow.service;
  const global = flow.service.global ?? [];
  const compiled: Record<string, unknown> = {
    [START_STATE]: {
      // The first message of a conversation lands on the flow's initial state.
      on: Object.fromEntries(
        ['message', 'media', 'service.choice', 'answer.*', 'stop.ambiguous'].map((e) => [
          e,
          { target: initial },
        ]),
      ),
    },
  };
  for (const [id, state] of Object.entries(states)) {
    const choices = [...(state.choices ?? []), ...global];
    const choose = choices.map((c) => choiceTransition(c));
    const fallback = { target: initial, reenter: true, actions: ['sayUnrelated'] };
    compiled[id] = {
      entry: [
        { type: 'enterServiceState', params: { state: id } },
        ...(state.actions ?? []).map((name) => ({ type: name, params: { state: id } })),
      ],
      on: {
        'service.choice': [...choose, fallback],
        message: [...choose, fallback],
        'answer.*': [
          ...choose.map((t) => ({ ...t, guard: and([not(consentAwaitsAnswer), t.guard]) })),
          { guard: not(consentAwaitsAnswer), ...fallback },
        ],
        'stop.ambiguous': { guard: not('confirmsAmbiguousStop'), ...fallback },
        media: { actions: ['sayUnsupported'] },
      },
    };
  }
  return { initial: START_STATE, states: compiled };
}

function choiceTransition(choice: ServiceChoice) {
  const matches = { type: 'choiceMatches', params: { choiceId: choice.id } } as const;
  return {
    guard: choice.guard ? and([matches, choice.guard]) : and([matches]),
    target: choice.target,
    reenter: true,
  };
}
