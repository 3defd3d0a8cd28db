import { and, not, or, stateIn } from 'xstate';
import type { FlowDefinition, ServiceChoice } from './definition.js';
import { AWAITING_ANSWER } from './consent-region.js';

/**
 * The service region: the flow's own in-session conversation (menu, answers, hand-over),
 * compiled from `service.states`. It answers every customer message reactively — the opt-in
 * question never blocks or delays it — and it never sees STOP, START or HELP: those events
 * belong to the consent region alone. A message the consent region takes as an answer to its
 * prompt ("Yes, all of them" typed under the question) is not answered here as well.
 */
export const START_STATE = 'start';

/** True when the consent region takes this event as the answer to the prompt it waits on. */
const consentTakesAnswer = or(
  AWAITING_ANSWER.map(({ state, prompt }) =>
    and([stateIn({ consent: state }), { type: 'answersPrompt', params: { prompt } }]),
  ),
);

export function buildServiceRegion(flow: FlowDefinition) {
  const { initial, states } = flow.service;
  const global = flow.service.global ?? [];
  const compiled: Record<string, unknown> = {
    [START_STATE]: {
      // The first message of a conversation lands on the flow's initial state.
      on: Object.fromEntries(
        ['message', 'media', 'service.choice', 'answer.*', 'stop.ambiguous', 'stop.some'].map(
          (e) => [e, { target: initial }],
        ),
      ),
    },
  };
  for (const [id, state] of Object.entries(states)) {
    const choices = [...(state.choices ?? []), ...global];
    const choose = choices.map((c) => choiceTransition(c));
    const fallback = { target: initial, reenter: true, actions: ['sayUnrelated'] };
    const unlessAnswer = (t: Readonly<Record<string, unknown>>) => ({
      ...t,
      // The choice's own guard first: it is cheap and usually decides.
      guard: t.guard ? and([t.guard as never, not(consentTakesAnswer)]) : not(consentTakesAnswer),
    });
    compiled[id] = {
      entry: [
        { type: 'enterServiceState', params: { state: id } },
        ...(state.actions ?? []).map((name) => ({ type: name, params: { state: id } })),
      ],
      on: {
        'service.choice': [...choose, fallback],
        message: [...choose, fallback].map(unlessAnswer),
        'answer.*': [...choose, fallback].map(unlessAnswer),
        'stop.ambiguous': unlessAnswer({ guard: not('confirmsAmbiguousStop'), ...fallback }),
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
