/**
 * What the actions and guards of a compiled flow read of a turn: the kinds a message names or
 * leaves out, whether the customer writes to one of the bot's prompts, what the asks of the
 * window allow. Built once per flow (`flowReadings`), around its answer key.
 */
import type { ConversationEvent, Prompt } from '../conversation/events.js';
import { mayReask } from '../consent/ask-policy.js';
import { grantedTo } from '../consent/state.js';
import { buildAnswerKey } from './answer-key.js';
import { yesWithCondition } from './answer-sentences.js';
import { hushed, quietMoments } from './ask-moments.js';
import type { FlowDefinition } from './definition.js';
import type { FlowContext } from './flow-context.js';
import { kindsRefused, kindsRefusedAlone, onlyKindsAsked, saysNone } from './kinds-in-answers.js';
import { createChoicePicker, declinesPersonOffer } from './pick-choice.js';
import { handoverStates } from './service-region.js';

/** What a guard of a flow machine is given: the conversation's context and the event. */
export interface GuardArgs {
  readonly context: FlowContext;
  readonly event: ConversationEvent;
}

/**
 * The readings of `flow`'s turns that its machine's actions and guards share.
 * @example
 * const r = flowReadings(flow);
 * r.hadOf(event, r.allCategories); // the kinds the customer has a yes to
 */
export function flowReadings(flow: FlowDefinition) {
  const picks = createChoicePicker(flow);
  const handovers = handoverStates(flow);
  const answerKey = buildAnswerKey(flow);
  const allCategories = flow.categories.map((c) => c.id);
  /** `ids` once each, in the flow's order of its categories. */
  const inFlowOrder = (ids: readonly string[]) => allCategories.filter((id) => ids.includes(id));
  const languageOf = (context: FlowContext, event: ConversationEvent) =>
    event.language && flow.languages.includes(event.language) ? event.language : context.language;
  const textsIn = (language: string) => flow.texts[language] ?? flow.texts[flow.defaultLanguage]!;
  /** The categories "let me choose" (or a new-category ask) goes through, in order. */
  const idsOf = (choosing: FlowContext['choosing']) => choosing?.ids ?? allCategories;
  /** The kinds "let me choose" has still to ask about, the one asked now first. */
  const kindsLeft = (context: FlowContext) =>
    idsOf(context.choosing).slice(context.choosing?.index ?? 0);
  /**
   * Of the kinds "let me choose" has still to ask about, those a message says no to: the kinds
   * it refuses by name ("ni códigos ni ofertas"), or all but those it asks for alone ("solo los
   * pedidos").
   */
  const kindsLeftOut = (context: FlowContext, event: ConversationEvent): string[] => {
    // "none", "ninguno", "nenhum": a no to every kind left.
    if (saysNone(event)) return kindsLeft(context);
    const only = onlyKindsAsked(answerKey, event);
    const named = only ? [] : kindsRefusedAlone(answerKey, event);
    return kindsLeft(context).filter((id) => (only ? !only.includes(id) : named.includes(id)));
  };
  /**
   * In "let me choose", the kinds a message asks for ("yes to codes", "order updates and login
   * codes") that this choice asked about and got a no to: that no taken back.
   */
  const kindsRefusedBefore = (context: FlowContext, event: ConversationEvent): string[] => {
    const { choosing } = context;
    if (!choosing) return [];
    const refused = idsOf(choosing)
      .slice(0, choosing.index)
      .filter((id) => !choosing.chosen.includes(id));
    return (onlyKindsAsked(answerKey, event) ?? []).filter((id) => refused.includes(id));
  };
  /**
   * In "let me choose", a message that wants the kind asked now and leaves other kinds out:
   * "solo los pedidos" to the order updates question (every kind left but those named), or "yes
   * but no promos" (the kinds it refuses). The kinds left out; `undefined` for any other message.
   */
  const kindsOutWithYes = (context: FlowContext, event: ConversationEvent) => {
    const left = kindsLeft(context);
    const [asked] = left;
    if (asked === undefined) return undefined;
    const only = onlyKindsAsked(answerKey, event);
    if (only) return only.includes(asked) ? left.filter((id) => !only.includes(id)) : undefined;
    if (!yesWithCondition(answerKey, event, languageOf(context, event))) return undefined;
    const refused = kindsRefused(answerKey, event);
    return refused.length > 0 && !refused.includes(asked)
      ? left.filter((id) => refused.includes(id))
      : undefined;
  };
  /**
   * The new categories the customer may be asked about now: still in the flow, not granted or
   * withdrawn meanwhile (through the API), no marketing after WhatsApp's marketing opt-out,
   * and only in a language that has the new-category question.
   */
  const pendingNew = (context: FlowContext, event: ConversationEvent, language: string) => {
    if (textsIn(language).newCategoryQuestion === undefined) return [];
    const { consent } = event.facts;
    return flow.categories
      .filter(
        (c) =>
          context.newCategories?.includes(c.id) === true &&
          !grantedTo(consent, c.id) &&
          consent.revoked?.[c.id] !== true &&
          !(consent.marketingSuppressed && c.whatsappCategory === 'MARKETING'),
      )
      .map((c) => c.id);
  };
  const askFacts = (context: FlowContext, event: ConversationEvent) => ({
    consent: event.facts.consent,
    now: event.facts.now,
    windowStartedAt: event.facts.windowStartedAt,
    askTimes: context.askTimes,
    previousMessages: event.facts.firstMessage ? 0 : 1,
  });
  const quiet = quietMoments(flow);
  /** Of `ids`, the kinds the customer has a yes to now. */
  const hadOf = (event: ConversationEvent, ids: readonly string[]) =>
    ids.filter((id) => grantedTo(event.facts.consent, id));
  /** Of the kinds the customer has a yes to, those "only order updates" does not name. */
  const kindsNotNamed = (event: ConversationEvent) => {
    const named = onlyKindsAsked(answerKey, event) ?? [];
    return hadOf(event, allCategories).filter((id) => !named.includes(id));
  };
  /** The flow's kinds that a message naming kinds to stop ("no promos") does not name: all, for another message. */
  const othersThan = (event: ConversationEvent) => {
    const named = event.type === 'stop.some' ? event.categories : [];
    return allCategories.filter((id) => !named.includes(id));
  };
  /**
   * The bot's latest message (`said`) is one of its consent messages, and the customer writes
   * to it: within the answer period, with no hand-over and nothing the business sent since (an
   * agent's or a template's question is theirs to have answered).
   */
  const writesTo = (
    said: FlowContext['said'],
    event: ConversationEvent,
  ): said is NonNullable<FlowContext['said']> => {
    const { now, handover, businessWroteAt } = event.facts;
    return (
      said?.by === 'consent' &&
      now >= said.at &&
      now - said.at <= answerKey.periodMs &&
      !(businessWroteAt !== undefined && businessWroteAt >= said.at) &&
      handover === undefined
    );
  };
  /** The customer writes to `prompt` while it is the bot's latest message (see `writesTo`). */
  const writesToPrompt = (context: FlowContext, event: ConversationEvent, prompt: Prompt) =>
    writesTo(context.said, event) && context.said.prompt === prompt;
  /** The same, to the question, and it may be shown again (the asks of the window allow). */
  const mayShowQuestionAgain = (context: FlowContext, event: ConversationEvent) =>
    writesToPrompt(context, event, 'question') && mayReask(flow.consent, askFacts(context, event));
  /**
   * A stop prompt ("do you want to stop?", "stop just those?") is the latest message, within the
   * answer period, outside a hand-over, and the customer writes something else that is no small
   * talk: a request the service answers with one of its choices, a first message it does not
   * understand (not the second, which offers a person: a "yes" then is for the person), or a
   * language named ("español": the prompt in it). The prompt is shown again after the service's
   * reply.
   */
  const mayShowStopPromptAgain = (
    context: FlowContext,
    event: ConversationEvent,
    prompt: 'stop' | 'stopSome',
  ) => {
    const { said } = context;
    if (hushed(event)) return false;
    if (event.smallTalk !== undefined && event.smallTalk !== 'language') return false;
    if (said?.by !== 'consent' || said.prompt !== prompt) return false;
    return event.facts.now - said.at <= answerKey.periodMs;
  };
  /**
   * A yes or no word typed (not small talk: "sure", "sí, gracias" thank) while the question
   * waits for its answer but another message of the bot came after it: within the answer
   * period, with no hand-over and nothing the business sent since the question, and the asks of
   * the window allow showing it again.
   */
  const toEarlierQuestion = (context: FlowContext, event: ConversationEvent) => {
    if (event.type !== 'answer.yes' && event.type !== 'answer.no') return false;
    if (event.prompt !== undefined || event.smallTalk !== undefined) return false;
    // "no" to the person offered is the offer's.
    if (declinesPersonOffer(context.said, event)) return false;
    const { said, question } = context;
    if (!said || !question || (said.by === 'consent' && said.prompt !== undefined)) return false;
    const { now, handover, businessWroteAt } = event.facts;
    return (
      now >= question.at &&
      now - question.at <= answerKey.periodMs &&
      handover === undefined &&
      !(businessWroteAt !== undefined && businessWroteAt >= question.at) &&
      mayReask(flow.consent, askFacts(context, event))
    );
  };
  /**
   * The customer writes to the thanks for a yes (`granted`) or to what acknowledged a no
   * (`declined`), with the consent as it left it.
   */
  const rightAfter = (
    context: FlowContext,
    event: ConversationEvent,
    mark: 'granted' | 'declined' | 'optedOut',
    status: 'opted_in' | 'declined' | 'opted_out',
  ) =>
    writesTo(context.said, event) &&
    context.said[mark] === true &&
    event.facts.consent.status === status;

  return {
    picks,
    handovers,
    answerKey,
    allCategories,
    inFlowOrder,
    languageOf,
    textsIn,
    idsOf,
    kindsLeft,
    kindsLeftOut,
    kindsOutWithYes,
    kindsRefusedBefore,
    pendingNew,
    askFacts,
    quiet,
    hadOf,
    kindsNotNamed,
    othersThan,
    writesTo,
    writesToPrompt,
    mayShowQuestionAgain,
    mayShowStopPromptAgain,
    toEarlierQuestion,
    rightAfter,
  };
}

/** The readings of one flow (see {@link flowReadings}). */
export type FlowReadings = ReturnType<typeof flowReadings>;
