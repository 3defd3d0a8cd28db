/**
 * The guards of a compiled flow about the opt-in question: when it may be asked, and what a
 * message typed or tapped to it answers (see `consent-region.ts`, `answer-of.ts`).
 */
import { and, not } from 'xstate';
import type { Prompt } from '../conversation/events.js';
import { mayAsk, mayAskNewCategories, mayReask } from '../consent/ask-policy.js';
import { answerOf, goAheadOnly, numberPastMenu, yesAskedBack } from './answer-of.js';
import { asksForAllKinds, kindsRefusedInWords, onlyKindsAsked } from './kinds-in-answers.js';
import { takesBack, takesBackNo } from './take-backs.js';
import { noWithThanks, yesWithCondition, yesWithRequest } from './answer-sentences.js';
import type { FlowDefinition } from './definition.js';
import { hushed } from './ask-moments.js';
import type { FlowReadings, GuardArgs } from './flow-readings.js';

/** The question guards of `flow`. */
export function questionGuards(flow: FlowDefinition, r: FlowReadings) {
  const {
    answerKey,
    allCategories,
    languageOf,
    pendingNew,
    askFacts,
    quiet,
    hadOf,
    othersThan,
    writesToPrompt,
    mayShowQuestionAgain,
    toEarlierQuestion,
    rightAfter,
  } = r;

  return {
    alreadyOptedOut: ({ event }: GuardArgs) => event.facts.consent.status === 'opted_out',
    notOptedOut: ({ event }: GuardArgs) => event.facts.consent.status !== 'opted_out',
    // A START older than the customer's latest STOP (webhooks out of order) reopens nothing.
    optInIsLatest: ({ event }: GuardArgs) => {
      const stoppedAt = event.facts.consent.lastOptOutAt;
      return stoppedAt === undefined || event.facts.now >= stoppedAt;
    },
    // A tap on the question's "Yes, all of them" or "Let me choose" (not a typed yes).
    tapsQuestion: ({ event }: GuardArgs) =>
      (event.type === 'answer.yes' || event.type === 'answer.choose') &&
      event.prompt === 'question',
    mayAsk: and([
      ({ context, event }: GuardArgs) =>
        !quiet(context, event) && mayAsk(flow.consent, askFacts(context, event)),
      not('entersHandover'),
    ]),
    // The question was answered (yes): the re-ask gap of an unanswered one does not apply.
    mayAskNewCategories: and([
      ({ context, event }: GuardArgs) =>
        !hushed(event) &&
        pendingNew(context, event, languageOf(context, event)).length > 0 &&
        mayAskNewCategories(flow.consent, askFacts(context, event)),
      not('entersHandover'),
    ]),
    mayReask: and([
      ({ context, event }: GuardArgs) =>
        !quiet(context, event) && mayReask(flow.consent, askFacts(context, event)),
      not('entersHandover'),
    ]),
    saidInSentence: ({ event }: GuardArgs) =>
      event.type === 'keyword.optin' && event.via === 'phrase',
    answers: ({ context, event }: GuardArgs, params: { prompt: Prompt; button: string }) => {
      const given = answerOf(answerKey, context, event);
      return given?.prompt === params.prompt && given.button === params.button;
    },
    answersPrompt: ({ context, event }: GuardArgs, params: { prompt: Prompt }) =>
      answerOf(answerKey, context, event)?.prompt === params.prompt,
    // A typed no, or "wait no", "me equivoqué", right after the thanks for a yes: the
    // customer takes the yes back, so the bot asks whether to stop. (The text is read last.)
    takesBackYes: ({ context, event }: GuardArgs) =>
      rightAfter(context, event, 'granted', 'opted_in') &&
      !(event.type === 'message' && event.staysSubscribed === true) &&
      takesBack(answerKey, event, languageOf(context, event)),
    // "actually, yes", "mejor sí" right after the bot acknowledged a no (a bare yes word is an
    // "ok" there): the customer asks for the question again, as with START.
    takesBackNo: ({ context, event }: GuardArgs) =>
      rightAfter(context, event, 'declined', 'declined') &&
      takesBackNo(answerKey, event, languageOf(context, event)),
    // "Sim, mas sem promoções", "yes but no promos", "sí pero solo lo de mis pedidos": a yes
    // with a condition, typed to the question while it is the bot's latest message, within
    // the answer period, outside a hand-over and with nothing the business sent since. ("No
    // promos" alone is no yes: it is offered to stop those kinds, and asked about nothing
    // else.) (The text is read last.)
    answersWithCondition: and([
      ({ context, event }: GuardArgs) =>
        (event.type === 'stop.some' || event.type === 'message') &&
        writesToPrompt(context, event, 'question') &&
        othersThan(event).length > 0 &&
        yesWithCondition(answerKey, event, languageOf(context, event)),
      // A person is about to take over ("claro, mas quero falar com uma pessoa"): no questions.
      not('entersHandover'),
    ]),
    // "only order updates pls", "só os pedidos" typed to the question: "let me choose" over
    // the kinds named (the service says nothing of the order: the customer named a kind).
    // "no promos", "ni códigos ni ofertas" typed to the question by a customer who has none
    // of those kinds, with other kinds left to ask about: see `REFUSES_KINDS_AT_QUESTION`.
    refusesKindsAtQuestion: and([
      ({ context, event }: GuardArgs) => {
        if (!writesToPrompt(context, event, 'question')) return false;
        const refused = kindsRefusedInWords(answerKey, event);
        return (
          refused.length > 0 &&
          hadOf(event, refused).length === 0 &&
          allCategories.some((id) => !refused.includes(id))
        );
      },
      not('entersHandover'),
    ]),
    // A stop typed to the question, or to "let me choose", by a customer who opted out and asked
    // for it again (START): see `STOP_AFTER_START`.
    stopsAfterStart: and([
      'alreadyOptedOut',
      ({ context, event }: GuardArgs) =>
        writesToPrompt(context, event, 'question') || writesToPrompt(context, event, 'category'),
      not('entersHandover'),
    ]),
    // "stop the promos" typed to the question by a customer who opted out and asked for it
    // again (START), with other kinds left to ask about: see `STOPS_KINDS_AFTER_START`.
    stopsKindsAfterStart: and([
      'alreadyOptedOut',
      ({ context, event }: GuardArgs) =>
        event.type === 'stop.some' &&
        writesToPrompt(context, event, 'question') &&
        othersThan(event).length > 0,
      not('entersHandover'),
    ]),
    answersWithOnlyKinds: and([
      ({ context, event }: GuardArgs) =>
        writesToPrompt(context, event, 'question') &&
        onlyKindsAsked(answerKey, event) !== undefined,
      not('entersHandover'),
    ]),
    // "quiero recibir mensajes", "I want to get your messages" typed to the question while it
    // is the bot's latest message, within the answer period: a phrasing that asks for messages
    // as a whole, naming no kind (not a listed word: START to the question shows it again; "I
    // want your offers" either).
    wantsMessagesAtQuestion: and([
      ({ context, event }: GuardArgs) =>
        event.type === 'keyword.optin' &&
        event.via === 'phrase' &&
        writesToPrompt(context, event, 'question') &&
        asksForAllKinds(answerKey, event),
      not('entersHandover'),
    ]),
    // "sí, y dónde está mi pedido?", "yes. when does my order arrive?": a plain yes typed to
    // the question as its whole first clause (as above), and a request the service answers
    // with one of its choices. The customer asks for the question, as with START: shown
    // again whatever the asks of the window. (The text is read last.)
    answersYesWithRequest: and([
      ({ context, event }: GuardArgs) =>
        writesToPrompt(context, event, 'question') &&
        yesWithRequest(answerKey, event, languageOf(context, event)),
      'answeredWithChoice',
    ]),
    // "no gracias. ¿y mi pedido cuándo llega?": a no with thanks typed to the question as its
    // first clause, and more after it, for the service to answer. (Read last.)
    answersNoWithRequest: ({ context, event }: GuardArgs) =>
      writesToPrompt(context, event, 'question') &&
      noWithThanks(answerKey, event, languageOf(context, event)),
    // A bare "ok" (or a yes asked back: "¿Sí, todos?") typed to the question, or "ok" to a
    // category question of "let me choose", while
    // it is the latest message, within the answer period: no answer, and no "you're welcome"
    // either; the question is shown again (the question within the asks per window, the re-ask
    // gap aside). (The text is read last.)
    // "english please", "em português" typed while the question is the latest message, within
    // the answer period: shown again in that language (the asks of the window allowing).
    namesLanguageAtQuestion: ({ context, event }: GuardArgs) =>
      event.smallTalk === 'language' && mayShowQuestionAgain(context, event),
    goAheadToQuestion: ({ context, event }: GuardArgs) =>
      mayShowQuestionAgain(context, event) &&
      (goAheadOnly(answerKey, event, languageOf(context, event), context.said) ||
        yesAskedBack(answerKey, event, 'question')),
    // "4." typed after "hola" (the menu of three, then the question): it can only count the
    // question's buttons, shown without numbers; the question again, within the asks per window.
    // "dale, gracias" to the question, or "yes thanks" after a service answer: see
    // `THANKS_WITH_A_YES`. (The text is read last.)
    thanksWithAYes: and([
      ({ context, event }: GuardArgs) =>
        event.type === 'answer.yes' &&
        event.prompt === undefined &&
        event.smallTalk === 'thanks' &&
        mayShowQuestionAgain(context, event) &&
        answerOf(answerKey, context, event) === undefined,
      not('entersHandover'),
    ]),
    // "yes" after "where is my order?" was answered (the question before it): see
    // `YES_OR_NO_TO_EARLIER_QUESTION`. Never when the yes takes a person offered.
    answersEarlierQuestion: and([
      ({ context, event }: GuardArgs) => toEarlierQuestion(context, event),
      not('entersHandover'),
    ]),
    numberPastMenu: ({ context, event }: GuardArgs) =>
      mayShowQuestionAgain(context, event) && numberPastMenu(context.said, event),
  };
}
