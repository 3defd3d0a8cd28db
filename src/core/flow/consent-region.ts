import { and, not } from 'xstate';
import type { Prompt, PromptButton } from '../conversation/events.js';

/**
 * THE STOP RULE and the opt-in conversation: the consent region of every compiled flow.
 *
 * The compiler owns this region; a flow file only supplies its texts and policy. These
 * guarantees hold for every flow because they are written here once:
 * - `keyword.optout` is handled on the region itself, so it works from every consent state,
 *   and the service region never handles it (nothing else replies to STOP);
 * - a second STOP is recorded as proof but changes nothing and is not confirmed again;
 * - the question is asked unprompted only through `mayAsk` / `mayReask` (`consent/ask-policy.ts`),
 *   which refuse after an opt-out and inside a decline cool-down, and never in answer to a
 *   sentence that may mean stop. Only the customer's own opt-in keyword (START, UNSTOP,
 *   VOLVER…, a sentence asking for messages, or a tap on an old question's yes) reopens the
 *   question, and not one older than their latest STOP (a late webhook);
 * - consent is recorded only for an answer (`answers`, see `answer-of.ts`): a tap on the
 *   prompt's button, or a typed yes, title or number while the prompt is the bot's latest
 *   message and within the answer period (a no also as "no gracias." before more words,
 *   `NO_WITH_REQUEST`). In "let me choose" an answer is for the category being asked only;
 * - while the conversation is handed over to a person (issue 10), the region answers only the
 *   customer's own STOP, START and HELP (and the prompts they open, by their buttons): it never
 *   asks on its own, never re-shows a prompt, and lets a sentence that may mean stop, or that
 *   asks for messages, reach the agent unprompted.
 * - a typed no right after the thanks for a yes (within the answer period) takes the yes back:
 *   the region asks whether to stop (`TAKES_BACK_YES`), and only that answer records anything;
 *   "mejor sí" right after a no was acknowledged shows the question again (`TAKES_BACK_NO`), as
 *   does "don't unsubscribe me!" right after a STOP was confirmed (`TAKES_BACK_STOP`);
 * - HELP in the middle of "let me choose": the help, then the category question again, so the
 *   next "yes" answers it (after the opt-in question, the help alone: the re-ask gap holds);
 * - a customer who said yes is asked about categories the flow gained since, once, one by one
 *   (`choosing` with `newCategories`), through `mayAskNewCategories`; a no to them changes
 *   nothing else.
 */
const answers = (prompt: Prompt, button: PromptButton) =>
  ({ type: 'answers', params: { prompt, button } }) as const;
const onLast = (prompt: Prompt, button: PromptButton) =>
  and([answers(prompt, button), 'onLastCategory']);

/** The events that may carry an answer: taps and typed yes/no words, and typed titles or numbers. */
const ANSWER_EVENTS = ['answer.yes', 'answer.no', 'answer.choose', 'message'] as const;
/**
 * The same transitions for each of `events`, keyed by the event names themselves (not `string`),
 * so `setup().createStateConfig` checks every action and guard name in them.
 */
const onEach = <const E extends string, const T>(
  events: readonly E[],
  transitions: (event: E) => T,
): Record<E, T> =>
  Object.fromEntries(events.map((event) => [event, transitions(event)])) as Record<E, T>;
const isAnswerEvent = (event: string) => event.startsWith('answer.');

/**
 * In `asking`, "Yes, but no promos" or "sí pero solo lo de mis pedidos" typed to the question:
 * asked about each kind it does not leave out, as with "let me choose"; nothing is recorded
 * until they answer (but for a yes given before to a kind it leaves out, now a no).
 */
export const YES_WITH_CONDITION = {
  guard: 'answersWithCondition',
  target: 'choosing',
  actions: ['startChoosingOthers'],
} as const;

/**
 * In `asking`, a no to some kinds typed to the question by a customer who has none of them ("no
 * promos", "not the login codes", "las ofertas no", "ni códigos ni ofertas"): asked about each
 * other kind, as with "let me choose"; nothing is recorded until they answer. (Before, "stop just
 * those?" for kinds they never had, and the question was never asked again.)
 */
export const REFUSES_KINDS_AT_QUESTION = {
  guard: 'refusesKindsAtQuestion',
  target: 'choosing',
  actions: ['startChoosingOthers'],
} as const;

/**
 * In `asking`, a wish to stop some kinds ("stop the promos", "paren las ofertas") typed to the
 * question by a customer who opted out and asked for it again (START): a no to those kinds, the
 * others asked about, as "no promos" is ({@link REFUSES_KINDS_AT_QUESTION}). (Before, no reply:
 * the region's `stop.some` says nothing to a customer opted out.)
 */
export const STOPS_KINDS_AFTER_START = {
  guard: 'stopsKindsAfterStart',
  target: 'choosing',
  actions: ['startChoosingOthers'],
} as const;

/**
 * In `asking` and `choosing`, STOP, "stop everything" or a stop of every kind typed to the
 * question (or to "let me choose") by a customer who opted out and asked for it again (START):
 * they stay out, and are told so. (Before, no reply: a STOP while opted out is not confirmed
 * again, but this one answers the question they asked for.)
 */
const STOP_AFTER_START = {
  guard: 'stopsAfterStart',
  target: 'idle',
  actions: ['sayOptedOut'],
} as const;

/** {@link STOP_AFTER_START} for a STOP: kept in the ledger as a repeated one. */
const STOP_OUT_AFTER_START = {
  ...STOP_AFTER_START,
  actions: ['recordRevoke', ...STOP_AFTER_START.actions],
} as const;

/**
 * In `asking`, "only order updates pls", "só os pedidos" typed to the question: asked about each
 * kind named, as with "let me choose"; nothing is recorded until they answer (but for a yes
 * given before to a kind left out, now a no).
 */
export const ONLY_KINDS = {
  guard: 'answersWithOnlyKinds',
  target: 'choosing',
  actions: ['startChoosingOthers'],
} as const;

/**
 * In `asking`, the customer's own words for a yes to every kind, typed to the question ("quiero
 * recibir mensajes", "I want to get your messages", "sim, quero receber as mensagens"): the yes,
 * recorded with the message as typed. (Before, the question was shown again, as after START.)
 * Kinds named ("quiero solo los avisos de mis pedidos") are {@link ONLY_KINDS}', tried first.
 */
export const WANTS_MESSAGES = {
  guard: 'wantsMessagesAtQuestion',
  target: 'idle',
  actions: ['grantAll'],
} as const;

/**
 * In `asking`, "sí, y dónde está mi pedido?" typed to the question: the service region answers
 * the request, and the question is shown again right after it (the customer asked for it, as
 * with START: neither the re-ask gap nor the asks of the window hold it back), so it is the
 * latest message once more and one tap, or a "sí", records the yes. Nothing is recorded from
 * the sentence itself: what follows a yes in free text ("sí, y cero promos", "yeah sure, like
 * my order will ever show up") can take it back or make it no yes at all.
 */
export const YES_WITH_REQUEST = {
  guard: 'answersYesWithRequest',
  actions: ['reaskQuestion'],
} as const;

/**
 * In `asking`, "no gracias. ¿y mi pedido cuándo llega?" typed to the question: declined (the no
 * recorded, with the customer's words), and the service region answers the request.
 */
export const NO_WITH_REQUEST = {
  guard: 'answersNoWithRequest',
  target: 'idle',
  actions: ['decline'],
} as const;

/**
 * In `asking`, a bare "ok" typed to the question, or "vale", "sure" typed to it when it came with
 * a service answer (they take in the answer): shown again, nothing recorded.
 */
export const GO_AHEAD_TO_QUESTION = {
  guard: 'goAheadToQuestion',
  actions: ['reaskQuestion'],
} as const;

/**
 * In `asking`, a language named while the question is the latest message ("english please", "em
 * português"): the question again, in that language, after the menu in it. (Before, the menu
 * alone, and the question's title typed next was no answer: a tester's.)
 */
export const LANGUAGE_TO_QUESTION = {
  guard: 'namesLanguageAtQuestion',
  actions: ['reaskQuestion'],
} as const;

/**
 * In `asking`, a yes or no word typed while the question waits for its answer but is no longer
 * the bot's latest message (a service answer or "you're welcome" came since), within the answer
 * period: the customer answers it. Shown again, nothing recorded; the next "yes" answers it.
 */
export const YES_OR_NO_TO_EARLIER_QUESTION = {
  guard: 'answersEarlierQuestion',
  actions: ['reaskQuestion'],
} as const;

/**
 * In `asking`, thanks with a yes word that is not taken as an answer ("dale, gracias", "claro,
 * obrigado", or "yes thanks" after a service answer): the service thanks back, and the question
 * is shown again after it, nothing recorded, so one tap or "yes" answers it.
 */
export const THANKS_WITH_A_YES = {
  guard: 'thanksWithAYes',
  actions: ['reaskQuestion'],
} as const;

/**
 * In `asking`, a number past the menu shown before the question in the same turn ("4." after a
 * menu of three): it answers nothing; the question is shown again, nothing recorded.
 */
export const NUMBER_PAST_MENU = {
  guard: 'numberPastMenu',
  actions: ['reaskQuestion'],
} as const;

/** In `choosing`, a bare "ok" typed to a category question: shown again, nothing recorded. */
export const GO_AHEAD_TO_CATEGORY = {
  guard: 'goAheadToCategory',
  actions: ['askCategory'],
} as const;

/**
 * In `idle`, "actually only order updates", "solo los pedidos" from a customer who said yes:
 * offered to stop the kinds they have and did not name ("stop just those?"), nothing recorded
 * until they answer.
 */
export const NARROWS_TO_KINDS = {
  guard: 'narrowsToKinds',
  target: 'confirmingStopSome',
  actions: ['askStopOthers'],
} as const;

/**
 * In `idle`, "ni códigos ni ofertas", "not the codes either" from a customer who said yes:
 * offered to stop the kinds named that they have ("stop just those?").
 */
export const REFUSES_KINDS = {
  guard: 'refusesKinds',
  target: 'confirmingStopSome',
  actions: ['askStopRefused'],
} as const;

/**
 * In `choosing`, "no quiero ofertas", "ni códigos ni ofertas" while another kind is asked: a no
 * to the kinds named, which are not asked about; the kind asked now again (or the next, if it
 * was named). When every kind left is named, "let me choose" ends with the yeses given.
 */
export const LEAVES_OUT_KINDS = [
  {
    guard: and(['leavesOutKinds', 'leavesOutEveryKind']),
    target: 'idle',
    actions: ['leaveOutNamed', 'finishChoosing'],
  },
  { guard: 'leavesOutKinds', actions: ['leaveOutNamed', 'askCategory'] },
] as const;

/**
 * In `choosing`, "yes to codes" typed to the question about the offers after a no to the codes:
 * that no taken back, and the question about the offers shown again. (A tester's: read as "only
 * the codes", so the offers were refused and the codes stayed refused.)
 */
export const TAKES_BACK_NO_OF_CHOICE = {
  guard: 'takesBackNoOfChoice',
  actions: ['chooseAgain', 'askCategory'],
} as const;

/**
 * In `choosing`, "solo los pedidos" or "yes but no promos" typed to the question about the order
 * updates: a yes to them, and the kinds it leaves out are not asked about (a tester's: the order
 * updates were asked again, and the answer lost).
 */
export const TAKES_KIND_ASKED = [
  {
    guard: and(['takesKindAsked', 'takesLastKindLeft']),
    target: 'idle',
    actions: [
      'leaveOutOthers',
      { type: 'recordCategory', params: { accept: true } },
      'finishChoosing',
    ],
  },
  {
    guard: 'takesKindAsked',
    actions: [
      'leaveOutOthers',
      { type: 'recordCategory', params: { accept: true } },
      'askCategory',
    ],
  },
] as const;

/**
 * In `choosing`, a wish to stop kinds the customer said yes to a moment ago ("stop the order
 * updates" to the question about the login codes): that yes taken back, the kinds named left
 * out of those still to be asked, and the question asked now (or the next) shown again. (Before,
 * "stop just those?", whose "Just those" dropped every answer given so far.)
 */
export const STOPS_KIND_CHOSEN = stopsWhileChoosing('stopsKindChosen');

/**
 * In `choosing`, after its other readings, a wish to stop kinds of the choice the customer said
 * no to or has still to be asked about ("stop the codes" after a no to them): the same.
 */
export const STOPS_KINDS_OF_CHOICE = stopsWhileChoosing('stopsKindsOfChoice');

/** The transitions of a stop of kinds while choosing: the choice finished, or its question shown again. */
function stopsWhileChoosing(guard: 'stopsKindChosen' | 'stopsKindsOfChoice') {
  return [
    {
      guard: and([guard, 'stopsEveryKindLeft']),
      target: 'idle',
      actions: ['unchooseStopped', 'finishChoosing'],
    },
    { guard, actions: ['unchooseStopped', 'askCategory'] },
  ] as const;
}

/**
 * `transitions`, each that shows the category question again preceded by its twin that does not
 * when the message also hands the conversation over ("talk to a person and no more promos": what
 * it says of the kinds recorded, no question after "we are passing you to someone").
 */
function withoutQuestionIntoHandover<
  const T extends { readonly guard: unknown; readonly actions: readonly unknown[] },
>(transitions: readonly T[]): readonly T[] {
  return transitions.flatMap((t) => {
    if (!t.actions.includes('askCategory')) return [t];
    const quiet = {
      ...t,
      guard: and([t.guard as never, 'entersHandover']),
      actions: t.actions.filter((a) => a !== 'askCategory'),
    };
    return [quiet, t];
  });
}

/** In `idle`, a tap on an old question's yes or "let me choose": shown the question again. */
export const TAPPED_OLD_QUESTION = {
  guard: and(['tapsQuestion', 'optInIsLatest']),
  target: 'asking',
  actions: ['askQuestion'],
} as const;

/** In `idle`, a typed no right after the thanks for a yes: asked whether to stop everything. */
export const TAKES_BACK_YES = {
  guard: 'takesBackYes',
  target: 'confirmingStop',
  actions: ['askStopConfirm'],
} as const;

/** In `idle`, "mejor sí" right after a no was acknowledged: the question shown again. */
export const TAKES_BACK_NO = {
  guard: 'takesBackNo',
  target: 'asking',
  actions: ['askQuestion'],
} as const;

/**
 * In `idle`, asking to stay subscribed right after the STOP was confirmed ("wait, don't
 * unsubscribe me!"): the question shown again, as with START; nothing recorded until answered.
 */
export const TAKES_BACK_STOP = {
  guard: 'takesBackStop',
  target: 'asking',
  actions: ['askQuestion'],
} as const;

/**
 * In `confirmingStopSome`, a request the service answers with one of its choices ("where is my
 * order?"), or a first message it does not understand ("pues sí, ya"): the question is asked
 * again after the reply, so the customer's "just those" still answers it. Anything else (thanks,
 * a goodbye, a second message not understood, which offers a person) drops it, as does the end
 * of the answer period: silence is not an opt-out.
 */
const STOP_SOME_AGAIN = { guard: 'mayShowStopSomeAgain', actions: ['askStopSome'] } as const;

/**
 * "just the promos", "solo las ofertas" to "do you want to stop?", or to "stop just those?" some
 * of the kinds it asks about: asked whether to stop just those (the words may also name the kinds
 * to keep; the buttons tell).
 */
export const NARROWS_STOP = {
  guard: 'narrowsStop',
  target: 'confirmingStopSome',
  actions: ['askStopNamed'],
} as const;

/** "and the codes too" to "stop just those?": asked again, about those kinds as well. */
export const ADDS_TO_STOP = { guard: 'addsToStop', actions: ['askStopMore'] } as const;

/** In `confirmingStop`, the same for "do you want to stop?". */
const STOP_AGAIN = { guard: 'mayShowStopAgain', actions: ['askStopConfirm'] } as const;

export const consentRegion = {
  initial: 'idle',
  on: {
    'keyword.optout': [
      // Kept in the ledger as proof (a later-dated STOP wins over an earlier "yes" that arrives
      // after it), but changes nothing and is not confirmed again (PRODUCT.md, Opt-out).
      { guard: 'alreadyOptedOut', target: '.idle', actions: ['recordRevoke'] },
      { target: '.idle', actions: ['revokeAll'] },
    ],
    // A sentence asking for messages while a person has the conversation is theirs to answer,
    // like a sentence that may mean stop; the opt-in word itself (START) is answered.
    'keyword.optin': {
      guard: and(['optInIsLatest', not(and(['saidInSentence', 'handedOver']))]),
      target: '.asking',
      actions: ['askQuestion'],
    },
    'keyword.help': { actions: ['sayHelp'] },
    // A sentence that may mean stop ("No, stop", "please stop it"): ask whether they want to
    // stop, from every state, unless already opted out or the flow says `ambiguousStop: ignore`.
    // It never prompts the opt-in question: someone who may have said "stop" is not asked to
    // sign up.
    'stop.ambiguous': {
      guard: 'confirmsAmbiguousStop',
      target: '.confirmingStop',
      actions: ['askStopConfirm'],
    },
    // "Stop sending me promos": offer to stop just those kinds, of the ones the customer has, or
    // everything; to a customer who has none of them, say they will not come.
    'stop.some': [
      { guard: and(['notOptedOut', 'stopsNoneHad']), target: '.idle', actions: ['sayNoneHad'] },
      { guard: 'notOptedOut', target: '.confirmingStopSome', actions: ['askStopSome'] },
    ],
  },
  states: {
    // The categories offered by "stop just those?" live only while it is asked.
    idle: {
      entry: ['forgetStopping'],
      on: {
        // The question's own yes (or "let me choose") tapped on an old question, after an answer
        // or a STOP: the customer asks for the question, as with START. Shown again, nothing
        // recorded until it is answered. (Tried before the wildcard's transitions below.)
        ...onEach(['answer.yes', 'answer.choose'], () => [TAPPED_OLD_QUESTION]),
        // A typed no ("no", "mejor no") or "wait no" right after the thanks for a yes takes it
        // back: asked whether to stop.
        'answer.no': [TAKES_BACK_YES],
        // "quiero solo los avisos de mis pedidos" reads as START too: the kinds named.
        'keyword.optin': [NARROWS_TO_KINDS],
        ...onEach(['message', 'media', 'service.choice', 'answer.*'], (event) => [
          ...(event === 'message'
            ? [NARROWS_TO_KINDS, REFUSES_KINDS, TAKES_BACK_YES, TAKES_BACK_NO, TAKES_BACK_STOP]
            : []),
          { guard: 'mayAsk', target: 'asking', actions: ['askQuestion'] },
          // A customer who said yes, asked once about the categories the flow gained since.
          { guard: 'mayAskNewCategories', target: 'choosing', actions: ['askNewCategories'] },
        ]),
      },
    },
    asking: {
      entry: ['forgetStopping'],
      on: {
        ...onEach(ANSWER_EVENTS, (event) => [
          { guard: answers('question', 'yes'), target: 'idle', actions: ['grantAll'] },
          { guard: answers('question', 'choose'), target: 'choosing', actions: ['startChoosing'] },
          { guard: answers('question', 'no'), target: 'idle', actions: ['decline'] },
          ...(event === 'message'
            ? [
                ONLY_KINDS,
                YES_WITH_CONDITION,
                REFUSES_KINDS_AT_QUESTION,
                YES_WITH_REQUEST,
                NO_WITH_REQUEST,
                GO_AHEAD_TO_QUESTION,
                LANGUAGE_TO_QUESTION,
                NUMBER_PAST_MENU,
              ]
            : []),
          // "vale", "dale" (yes words) taking in a service answer shown with the question.
          ...(event === 'answer.yes' ? [GO_AHEAD_TO_QUESTION] : []),
          ...(event === 'answer.yes' || event === 'answer.no'
            ? [YES_OR_NO_TO_EARLIER_QUESTION]
            : []),
          ...(event === 'answer.yes' ? [THANKS_WITH_A_YES] : []),
          // Not an answer ("ok" after a service answer, "yes" days later): ask again with
          // buttons where the policy allows.
          { guard: 'mayReask', actions: ['reaskQuestion'] },
        ]),
        // "pedidos sí, ofertas no" reads as a wish to stop the offers too: kind by kind.
        'stop.some': [
          ONLY_KINDS,
          YES_WITH_CONDITION,
          REFUSES_KINDS_AT_QUESTION,
          STOPS_KINDS_AFTER_START,
          STOP_AFTER_START,
        ],
        'stop.ambiguous': [STOP_AFTER_START],
        'keyword.optout': [STOP_OUT_AFTER_START],
        // "quiero solo los avisos de mis pedidos" reads as START too: the kinds named; "quiero
        // recibir mensajes", a yes to all.
        'keyword.optin': [ONLY_KINDS, WANTS_MESSAGES],
        media: { guard: 'mayReask', actions: ['reaskQuestion'] },
        'service.choice': { guard: 'mayReask', actions: ['reaskQuestion'] },
      },
    },
    choosing: {
      entry: ['forgetStopping'],
      on: {
        // "no promos" typed to the question about the offers: its no. A wish to stop another
        // kind, the region's own `stop.some` asks about.
        'stop.some': withoutQuestionIntoHandover([
          ...STOPS_KIND_CHOSEN,
          {
            guard: onLast('category', 'no'),
            target: 'idle',
            actions: [{ type: 'recordCategory', params: { accept: false } }, 'finishChoosing'],
          },
          {
            guard: answers('category', 'no'),
            actions: [{ type: 'recordCategory', params: { accept: false } }, 'askCategory'],
          },
          ...TAKES_KIND_ASKED,
          ...LEAVES_OUT_KINDS,
          ...STOPS_KINDS_OF_CHOICE,
        ]),
        'stop.ambiguous': [STOP_AFTER_START],
        'keyword.optout': [STOP_OUT_AFTER_START],
        // "yes login codes", "yes to order updates" typed to a category question: read as the
        // kinds named typed as a message ("only login codes"); any other wish for messages in a
        // sentence shows the question again. (Before: the opt-in question from the start, the
        // answers given so far lost.) START itself is the region's: the question again.
        'keyword.optin': [
          TAKES_BACK_NO_OF_CHOICE,
          ...TAKES_KIND_ASKED,
          ...LEAVES_OUT_KINDS,
          {
            guard: and(['saidInSentence', 'mayShowCategoryAgain', not('entersHandover')]),
            actions: ['askCategory'],
          },
        ],
        'keyword.help': [
          { guard: 'helpToCategory', actions: ['sayHelp', 'askCategory'] },
          { actions: ['sayHelp'] },
        ],
        ...onEach(ANSWER_EVENTS, (event) => [
          ...(event === 'message' ? [TAKES_BACK_NO_OF_CHOICE] : []),
          // "none", "ninguno": a no to every kind left, not to this one alone.
          ...(event === 'answer.no' ? LEAVES_OUT_KINDS : []),
          {
            guard: onLast('category', 'yes'),
            target: 'idle',
            actions: [{ type: 'recordCategory', params: { accept: true } }, 'finishChoosing'],
          },
          {
            guard: answers('category', 'yes'),
            actions: [{ type: 'recordCategory', params: { accept: true } }, 'askCategory'],
          },
          {
            guard: onLast('category', 'no'),
            target: 'idle',
            actions: [{ type: 'recordCategory', params: { accept: false } }, 'finishChoosing'],
          },
          {
            guard: answers('category', 'no'),
            actions: [{ type: 'recordCategory', params: { accept: false } }, 'askCategory'],
          },
          ...(event === 'message'
            ? [...TAKES_KIND_ASKED, ...LEAVES_OUT_KINDS, GO_AHEAD_TO_CATEGORY]
            : []),
          // A yes or no that answers nothing (a button of an older category question, a "yes"
          // typed after a service answer): show the category being asked again. So too after
          // another message the service answers, in "let me choose" (new categories are asked
          // once) while the category question is the latest message: a typed answer needs it to
          // stay the latest.
          isAnswerEvent(event)
            ? ({
                guard: and(['notHandedOver', not('entersHandover')]),
                actions: ['askCategory'],
              } as const)
            : ({
                // Not after the message that hands the conversation to a person (a tester's:
                // "we are passing you to someone", then the category question).
                guard: and(['mayShowCategoryAgain', not('entersHandover')]),
                actions: ['askCategory'],
              } as const),
        ]),
      },
    },
    confirmingStop: {
      entry: ['forgetStopping'],
      on: {
        ...onEach([...ANSWER_EVENTS, 'stop.ambiguous'], (event) => [
          NARROWS_STOP,
          { guard: answers('stop', 'yes'), target: 'idle', actions: ['revokeAll'] },
          { guard: answers('stop', 'no'), target: 'idle', actions: ['sayStopCancelled'] },
          // Another sentence that may mean stop asks again; a request or a first message not
          // understood, after the service's reply (`STOP_AGAIN`); anything else drops the
          // confirmation, and the service region answers it: silence is not an opt-out.
          ...(event === 'stop.ambiguous'
            ? ([{ guard: 'confirmsAmbiguousStop', actions: ['askStopConfirm'] }] as const)
            : [STOP_AGAIN]),
          { target: 'idle' },
        ]),
        // "yes, just the promos" reads as asking for promos (START): here it narrows the stop.
        // Anything else such a message says, the region's own START handles. So too "yes but
        // not the order updates", read as a wish to stop those.
        'keyword.optin': [NARROWS_STOP],
        // "not the promos and not the codes and not the order updates": every kind kept, a no.
        'stop.some': [
          NARROWS_STOP,
          { guard: answers('stop', 'no'), target: 'idle', actions: ['sayStopCancelled'] },
        ],
        media: { target: 'idle' },
        'service.choice': [STOP_AGAIN, { target: 'idle' }],
      },
    },
    confirmingStopSome: {
      on: {
        // "yeah just the promos" reads as asking for promos (START): here it names the kinds
        // being asked about, and answers. Anything else such a message says, the region's own
        // START handles.
        ...onEach([...ANSWER_EVENTS, 'stop.ambiguous', 'stop.some', 'keyword.optin'], (event) => [
          NARROWS_STOP,
          ADDS_TO_STOP,
          { guard: answers('stopSome', 'yes'), target: 'idle', actions: ['revokeSome'] },
          { guard: answers('stopSome', 'all'), target: 'idle', actions: ['revokeAll'] },
          { guard: answers('stopSome', 'no'), target: 'idle', actions: ['sayStopCancelled'] },
          ...(event === 'keyword.optin'
            ? []
            : event === 'stop.some'
              ? ([
                  { guard: 'stopsNoneHad', target: 'idle', actions: ['sayNoneHad'] },
                  { actions: ['askStopMore'] },
                ] as const)
              : event === 'stop.ambiguous'
                ? ([
                    {
                      guard: 'confirmsAmbiguousStop',
                      target: 'confirmingStop',
                      actions: ['askStopConfirm'],
                    },
                  ] as const)
                : ([STOP_SOME_AGAIN, { target: 'idle' }] as const)),
        ]),
        media: { target: 'idle' },
        'service.choice': [STOP_SOME_AGAIN, { target: 'idle' }],
      },
    },
  },
} as const;

/** Each consent state that waits for an answer, and its prompt. */
export const AWAITING_ANSWER: readonly { readonly state: string; readonly prompt: Prompt }[] = [
  { state: 'asking', prompt: 'question' },
  { state: 'choosing', prompt: 'category' },
  { state: 'confirmingStop', prompt: 'stop' },
  { state: 'confirmingStopSome', prompt: 'stopSome' },
];

/** Every state of the consent region (a flow reload keeps the conversation in one of them). */
export const CONSENT_STATES: readonly string[] = Object.keys(consentRegion.states);
