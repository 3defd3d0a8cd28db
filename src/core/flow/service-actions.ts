/**
 * The actions of a compiled flow about its service region: the states' replies, small talk,
 * "didn't understand" and the person offered, the hand-over and the turns counted.
 */
import { assign } from 'xstate';
import type { ConversationEvent } from '../conversation/events.js';
import type { FlowDefinition } from './definition.js';
import { personOffer } from './ask-moments.js';
import type { FlowContext } from './flow-context.js';
import { offered } from './pick-choice.js';
import { serviceStateReply, textReply } from './flow-replies.js';
import { backReply, notUnderstoodReply, smallTalkTextReply } from './small-talk-replies.js';
import type { FlowReadings } from './flow-readings.js';
import { actWith, answer, assignIfChanged } from './flow-actions.js';

/** The service actions of `flow`. */
export function serviceActions(flow: FlowDefinition, r: FlowReadings) {
  const { handovers, textsIn } = r;
  const act = actWith(r);
  const answerText = (key: 'unrelated' | 'unsupported') =>
    act((_c, _e, language) => ({
      intents: [answer(textReply(flow, language, textsIn(language)[key]))],
    }));

  return {
    sayUnsupported: answerText('unsupported'),
    understood: assignIfChanged({ misses: 0 }),
    // "Didn't understand" at most once in a row; the second time, a person is offered.
    sayNotUnderstood: act((context, event, language) => {
      const misses = context.misses ?? 0;
      const offer = misses >= 1;
      const reply = offer
        ? notUnderstoodReply(flow, language, personOffer(flow, handovers, event))
        : textReply(flow, language, textsIn(language).unrelated);
      const role = offer ? 'personOffer' : undefined;
      return { patch: { misses: misses + 1 }, intents: reply ? [answer(reply, role)] : [] };
    }),
    sayUnavailable: act((_c, _e, language) => ({
      intents: [answer(smallTalkTextReply(flow, language, 'optionUnavailable'))],
    })),
    sayThanks: act((_c, _e, language) => ({
      intents: [answer(smallTalkTextReply(flow, language, 'thanks'))],
    })),
    sayGoodbye: act((_c, _e, language) => ({
      intents: [answer(smallTalkTextReply(flow, language, 'goodbye'))],
    })),
    sayBack: act((_c, event, language) => {
      const reason =
        event.type === 'handover.ended' ? event.reason : (event.facts.handover ?? 'released');
      // Idle after an agent's answer: the team did help, so the bot says they finished.
      const said =
        reason === 'idle' && event.facts.agentWroteAt !== undefined ? 'released' : reason;
      return { patch: { misses: 0 }, intents: [answer(backReply(flow, language, said))] };
    }),
    countTurn: assign<FlowContext, ConversationEvent, undefined, ConversationEvent, never>({
      turns: ({ context }) => (context.turns ?? 0) + 1,
    }),
    enterServiceState: act<{ state: string }>((_c, event, language, params) => {
      const state = flow.service.states[params.state]!;
      const choices = (state.choices ?? []).filter((c) => offered(c, event));
      // Any state but the menu answers what the customer picked.
      const role = params.state === flow.service.initial ? undefined : 'answer';
      return { intents: [answer(serviceStateReply(flow, language, state, choices), role)] };
    }),
    handOverToAgent: act<{ state: string }>((_c, _e, _l, params) => ({
      intents: [{ type: 'handover', state: params.state }],
    })),
  };
}
