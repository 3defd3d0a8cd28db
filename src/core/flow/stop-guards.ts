/**
 * The guards of a compiled flow about stopping: the stop questions narrowed, added to or shown
 * again, a STOP taken back, and a wish to stop some kinds (see `consent-region.ts`).
 */
import { and, or } from 'xstate';
import { kindsRefusedAlone, onlyKindsAsked, saysOnly } from './kinds-in-answers.js';
import {
  kindsAddedToStop,
  kindsToOfferStopping,
  kindsWishedStopped,
  narrowedStop,
  stopPromptOpen,
} from './stop-answers.js';
import type { FlowDefinition } from './definition.js';
import { takesBackStop } from './take-backs.js';
import type { FlowContext } from './flow-context.js';
import type { FlowReadings, GuardArgs } from './flow-readings.js';

/** The stop guards of `flow`. */
export function stopGuards(flow: FlowDefinition, r: FlowReadings) {
  const { allCategories, answerKey, hadOf, kindsNotNamed, languageOf } = r;
  const { mayShowStopPromptAgain, rightAfter } = r;
  /** See {@link mayShowStopPromptAgain}: not after the second message not understood. */
  const understoodOrFirstMiss = or([
    ({ context }: { context: FlowContext }) => (context.misses ?? 0) === 0,
    'answeredWithChoice',
  ]);
  return {
    // "Stop just those?" interrupted by a request the service answers with one of its choices
    // ("where is my order?"), outside a hand-over, while it is the latest message within the
    // answer period: asked again after the answer, so "just those" still answers it.
    mayShowStopSomeAgain: and([
      ({ context, event }: GuardArgs) =>
        (context.stopping?.length ?? 0) > 0 && mayShowStopPromptAgain(context, event, 'stopSome'),
      understoodOrFirstMiss,
    ]),
    // "stop the promos" from a customer who gets none of the kinds named (who declined, or said
    // no to those): nothing to ask; also while "stop just those?" asks about other kinds.
    stopsNoneHad: ({ context, event }: GuardArgs) =>
      event.type === 'stop.some' &&
      kindsToOfferStopping(answerKey, context.stopping, event).length > 0 &&
      kindsWishedStopped(answerKey, context.stopping, event, (ids) => hadOf(event, ids)).length ===
        0,
    // "and the codes too" to "stop just those?": kinds the customer has, not asked about yet.
    addsToStop: ({ context, event }: GuardArgs) =>
      stopPromptOpen(context, event, 'stopSome') &&
      hadOf(event, kindsAddedToStop(answerKey, event)).some(
        (id) => !(context.stopping ?? []).includes(id),
      ),
    // "just the promos" to "do you want to stop?", of kinds the customer has; to "stop just
    // those?", some of the kinds it asks about.
    narrowsStop: ({ context, event }: GuardArgs) =>
      narrowedStop(answerKey, context, event, (ids) => hadOf(event, ids), allCategories).length > 0,
    // The same for "do you want to stop?".
    mayShowStopAgain: and([
      ({ context, event }: GuardArgs) => mayShowStopPromptAgain(context, event, 'stop'),
      understoodOrFirstMiss,
    ]),
    // "no wait, don't unsubscribe me!", "changed my mind", "mudei de ideia" right after the STOP
    // was confirmed: the customer asks for the question again, as with START.
    takesBackStop: ({ context, event }: GuardArgs) =>
      rightAfter(context, event, 'optedOut', 'opted_out') &&
      event.type === 'message' &&
      (event.staysSubscribed === true ||
        takesBackStop(answerKey, event, languageOf(context, event))),
    // "actually only order updates", "solo los pedidos" from an opted-in customer, outside a
    // hand-over: see `NARROWS_TO_KINDS`.
    // Without "only", kinds named alone narrow only right after the thanks for a yes, said
    // (not asked: "do I get delivery notifications?"), and of kinds the customer gets: "order
    // updates" later, or from one who has the login codes alone, is no wish to stop the rest.
    narrowsToKinds: ({ context, event }: GuardArgs) => {
      if (event.facts.handover !== undefined || event.facts.consent.status !== 'opted_in') {
        return false;
      }
      const named = onlyKindsAsked(answerKey, event);
      if (named === undefined || kindsNotNamed(event).length === 0) return false;
      if (saysOnly(event)) return true;
      return (
        rightAfter(context, event, 'granted', 'opted_in') &&
        !('asks' in event && event.asks === true) &&
        hadOf(event, named).length > 0
      );
    },
    // "ni códigos ni ofertas", "not the codes either" from an opted-in customer, outside a
    // hand-over, naming kinds they have: see `REFUSES_KINDS`.
    refusesKinds: ({ event }: GuardArgs) =>
      event.facts.handover === undefined &&
      event.facts.consent.status === 'opted_in' &&
      hadOf(event, kindsRefusedAlone(answerKey, event)).length > 0,
    // Anyone not yet opted out may mean it: an opted-out customer has nothing left to stop.
    // During a hand-over such a sentence is the agent's to read: no prompt interrupts them.
    confirmsAmbiguousStop: ({ event }: GuardArgs) =>
      flow.consent.ambiguousStop === 'confirm' &&
      event.facts.consent.status !== 'opted_out' &&
      event.facts.handover !== 'active',
  };
}
