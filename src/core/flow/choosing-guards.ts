/**
 * The guards of a compiled flow about "let me choose": a category question answered, shown
 * again, or told which kinds to leave out (see `consent-region.ts`).
 */
import { and, not } from 'xstate';
import { goAheadOnly, yesAskedBack } from './answer-of.js';
import { onlyKindsAsked, saysOnly } from './kinds-in-answers.js';
import { grantedTo } from '../consent/state.js';
import type { FlowDefinition } from './definition.js';
import { hushed } from './ask-moments.js';
import type { FlowReadings, GuardArgs } from './flow-readings.js';

/** The kinds a wish to stop some kinds names; none for any other event. */
export const kindsStopped = (event: GuardArgs['event']): readonly string[] =>
  event.type === 'stop.some' ? event.categories : [];

/** The "let me choose" guards of `flow`. */
export function choosingGuards(flow: FlowDefinition, r: FlowReadings) {
  const {
    answerKey,
    languageOf,
    idsOf,
    kindsLeft,
    kindsLeftOut,
    kindsOutWithYes,
    kindsRefusedBefore,
    writesToPrompt,
  } = r;

  return {
    // "Let me choose" interrupted by another message (not thanks or goodbye, not during a
    // hand-over: `ask-moments.ts`) while the category question is the latest message, within
    // the answer period.
    mayShowCategoryAgain: ({ context, event }: GuardArgs) => {
      const { choosing, said } = context;
      return (
        !hushed(event) &&
        choosing?.newCategories !== true &&
        said?.by === 'consent' &&
        said.prompt === 'category' &&
        event.facts.now - said.at <= answerKey.periodMs
      );
    },
    // In "let me choose", a typed yes or no word (not small talk) outside a hand-over: the
    // consent region answers the category with it, or shows the category again.
    yesOrNoWhileChoosing: and([
      ({ event }: GuardArgs) =>
        (event.type === 'answer.yes' || event.type === 'answer.no') &&
        event.prompt === undefined &&
        event.smallTalk === undefined &&
        event.facts.handover === undefined,
      // "yes" to the person offered: the hand-over's.
      not('entersHandover'),
    ]),
    goAheadToCategory: ({ context, event }: GuardArgs) =>
      context.choosing?.newCategories !== true &&
      writesToPrompt(context, event, 'category') &&
      (goAheadOnly(answerKey, event, languageOf(context, event), context.said) ||
        yesAskedBack(answerKey, event, 'category')),
    // HELP typed while a category question of "let me choose" is the latest message, within
    // the answer period: after the help, that question again, so the next "sí" answers it.
    // (New categories are asked once: not again.)
    helpToCategory: ({ context, event }: GuardArgs) =>
      context.choosing?.newCategories !== true && writesToPrompt(context, event, 'category'),
    // "stop the order updates" typed to a category question of "let me choose" after a yes to
    // them: see `STOPS_KIND_CHOSEN`.
    stopsKindChosen: ({ context, event }: GuardArgs) =>
      writesToPrompt(context, event, 'category') &&
      kindsStopped(event).some((id) => context.choosing?.chosen.includes(id) === true),
    // …or of kinds of this choice the customer said no to, or has still to be asked about
    // ("stop the codes" after a no to them): see `STOPS_KINDS_OF_CHOICE`.
    stopsKindsOfChoice: ({ context, event }: GuardArgs) =>
      writesToPrompt(context, event, 'category') &&
      kindsStopped(event).length > 0 &&
      kindsStopped(event).every((id) => idsOf(context.choosing).includes(id)),
    // …and every kind still to be asked too.
    stopsEveryKindLeft: ({ context, event }: GuardArgs) =>
      kindsLeft(context).every((id) => kindsStopped(event).includes(id)),
    // A message typed to a category question of "let me choose" (see `writesTo`) that says
    // no to kinds still to be asked, this one included (`kindsLeftOut`): "no quiero ofertas",
    // "solo los pedidos".
    // Not a stop of kinds the customer gets besides those asked about ("no more offers" to the
    // question about a new kind): the region's own `stop.some` asks about those (a tester's:
    // the new kind was refused, and the offers kept coming).
    leavesOutKinds: ({ context, event }: GuardArgs) =>
      writesToPrompt(context, event, 'category') &&
      kindsLeftOut(context, event).length > 0 &&
      !kindsStopped(event).some(
        (id) => !idsOf(context.choosing).includes(id) && grantedTo(event.facts.consent, id),
      ),
    // …and leaves out every kind left to ask.
    leavesOutEveryKind: ({ context, event }: GuardArgs) =>
      kindsLeftOut(context, event).length === kindsLeft(context).length,
    // "yes to codes" typed to the question about the offers after a no to the codes: see
    // `TAKES_BACK_NO_OF_CHOICE`.
    // ("only login codes" there says no to the offers too: `LEAVES_OUT_KINDS`.)
    takesBackNoOfChoice: ({ context, event }: GuardArgs) => {
      if (context.choosing?.newCategories === true || saysOnly(event)) return false;
      if (!writesToPrompt(context, event, 'category')) return false;
      // (Kinds named with a yes already given are said again: "order updates and login codes"
      // after a yes to the first and a no to the second.)
      const back = kindsRefusedBefore(context, event);
      const again = context.choosing?.chosen ?? [];
      const named = onlyKindsAsked(answerKey, event) ?? [];
      return back.length > 0 && named.every((id) => back.includes(id) || again.includes(id));
    },
    // "solo los pedidos", "yes but no promos" typed to the category question of the order
    // updates: see `TAKES_KIND_ASKED`.
    takesKindAsked: ({ context, event }: GuardArgs) =>
      writesToPrompt(context, event, 'category') && kindsOutWithYes(context, event) !== undefined,
    // …and leaves nothing else to ask.
    takesLastKindLeft: ({ context, event }: GuardArgs) =>
      kindsLeft(context).length - (kindsOutWithYes(context, event)?.length ?? 0) <= 1,
    onLastCategory: ({ context }: GuardArgs) =>
      (context.choosing?.index ?? 0) >= idsOf(context.choosing).length - 1,
  };
}
