/**
 * The actions of a compiled flow about stopping some kinds: "stop just those?" offered, narrowed,
 * added to and answered, and "do you want to stop?" (see `consent-region.ts`).
 */
import { kindsRefusedAlone } from './kinds-in-answers.js';
import {
  kindsAddedToStop,
  kindsLeftOutOfStop,
  kindsToOfferStopping,
  kindsWishedStopped,
  narrowedStop,
} from './stop-answers.js';
import type { FlowDefinition } from './definition.js';
import { optedOutSomeReply, stopConfirmReply, stopSomeReply, textReply } from './flow-replies.js';
import type { FlowReadings } from './flow-readings.js';
import { actWith, assignIfChanged, say } from './flow-actions.js';
import { keywordOf } from './consent-actions.js';

/** The stop actions of `flow`. */
export function stopActions(flow: FlowDefinition, r: FlowReadings) {
  const { allCategories, answerKey, inFlowOrder, textsIn, hadOf, kindsNotNamed } = r;
  const act = actWith(r);
  /** "Stop just those?" for `stopping`, remembered until it is answered. */
  const offerToStop = (language: string, stopping: readonly string[]) => ({
    patch: { stopping },
    intents: [say(stopSomeReply(flow, language, stopping))],
  });

  return {
    // "actually only order updates" from a customer who said yes: offered to stop the kinds
    // they have and did not name.
    askStopOthers: act((_c, event, language) => offerToStop(language, kindsNotNamed(event))),
    // "ni códigos ni ofertas" from a customer who said yes: offered to stop those they have.
    askStopRefused: act((_c, event, language) =>
      offerToStop(language, hadOf(event, kindsRefusedAlone(answerKey, event))),
    ),
    // Asked for a wish to stop some kinds; or asked again, for the kinds it offered.
    askStopSome: act((context, event, language) =>
      offerToStop(
        language,
        // "no offers, no codes": the kinds the keywords read, and those the words refuse, of the
        // ones the customer has.
        event.type === 'stop.some'
          ? inFlowOrder(kindsWishedStopped(answerKey, undefined, event, (ids) => hadOf(event, ids)))
          : (context.stopping ?? []),
      ),
    ),
    // "stop the promos" from a customer who does not get them: told they will not, and nothing
    // recorded (not "no more messages": a customer who said no is not opted out by it).
    sayNoneHad: act((_c, event, language) => {
      const named =
        event.type === 'stop.some'
          ? inFlowOrder(kindsToOfferStopping(answerKey, undefined, event))
          : [];
      return {
        patch: { stopping: undefined },
        intents: [say(optedOutSomeReply(flow, language, named))],
      };
    }),
    // "just the promos" to "do you want to stop?": those kinds, of the ones the customer has.
    // (The guard told which question it answers; the kinds are read the same for either.)
    askStopNamed: act((context, event, language) =>
      offerToStop(
        language,
        narrowedStop(answerKey, context, event, (ids) => hadOf(event, ids), allCategories),
      ),
    ),
    // A second wish to stop while "stop just those?" is asked: its kinds, and the pending ones
    // when it adds to them ("no more codes either", "and the codes too").
    askStopMore: act((context, event, language) => {
      const pending = context.stopping ?? [];
      if (event.type === 'stop.some') {
        const had = (ids: readonly string[]) => hadOf(event, ids);
        return offerToStop(
          language,
          inFlowOrder(kindsWishedStopped(answerKey, pending, event, had)),
        );
      }
      // "and the codes too"; "also the order updates but not the codes" drops the codes.
      const leftOut = kindsLeftOutOfStop(answerKey, event);
      const added = hadOf(event, kindsAddedToStop(answerKey, event));
      return offerToStop(
        language,
        inFlowOrder([...pending.filter((id) => !leftOut.includes(id)), ...added]),
      );
    }),
    revokeSome: act((context, event, language) => {
      const categories = context.stopping ?? [];
      // An opted-in customer with nothing else agreed is opted out by stopping those
      // (`project-consent.ts`): say so, not "reply STOP to stop the rest". Anyone else has
      // stopped those kinds only.
      const { status, granted = {} } = event.facts.consent;
      const rest =
        status !== 'opted_in' ||
        Object.entries(granted).some(([id, yes]) => yes && !categories.includes(id));
      return {
        patch: { stopping: undefined },
        intents: [
          // "Just those", after a sentence that named the kinds ("stop sending me promos").
          {
            type: 'consent.revoke',
            language,
            categories,
            trigger: 'phrase',
            ...keywordOf(event),
          },
          say(
            rest
              ? optedOutSomeReply(flow, language, categories)
              : textReply(flow, language, textsIn(language).optedOut),
          ),
        ],
      };
    }),
    forgetStopping: assignIfChanged({ stopping: undefined }),
    sayStopCancelled: act((_c, _e, language) => ({
      patch: { stopping: undefined },
      intents: [say(textReply(flow, language, textsIn(language).stopCancelled))],
    })),
    askStopConfirm: act((_c, _e, language) => ({
      intents: [say(stopConfirmReply(flow, language))],
    })),
  };
}
