/**
 * The actions of a compiled flow about the opt-in question and its answers: asking it, a yes, a
 * no, a STOP, and the records each makes for the consent ledger (see `consent-region.ts`).
 */
import type { ConversationEvent, ConversationIntent } from '../conversation/events.js';
import type { AskKind, OptOutTrigger } from '../consent/events.js';
import type { FlowDefinition } from './definition.js';
import type { FlowContext } from './flow-context.js';
import { ASK_TIMES_KEPT } from './flow-context.js';
import { optedInReply, questionReply, textReply } from './flow-replies.js';
import { renderFlowText } from './render-text.js';
import { youGetText } from './small-talk-replies.js';
import { drawVariant, hasVariant, STANDARD_VARIANT } from './question-variants.js';
import type { FlowReadings } from './flow-readings.js';
import { actWith, say } from './flow-actions.js';

/** The question and STOP actions of `flow`. */
export function consentActions(flow: FlowDefinition, r: FlowReadings) {
  const { allCategories, textsIn } = r;
  const act = actWith(r);
  const { variantIn, grant, decline } = consentRecords(flow, r);
  /** Asks the question (`question`) or asks it again (`reask`), in the customer's variant. */
  const ask = (which: 'question' | 'reask') =>
    act((context, event, language) => {
      const variant = variantIn(context, event, language);
      const question = questionReply(flow, language, which, variant);
      const text = question.type === 'buttons' ? question.text : '';
      return {
        patch: {
          askTimes: [...context.askTimes, event.facts.now].slice(-ASK_TIMES_KEPT),
          askedAtTurn: context.turns ?? 0,
          question: { text, at: event.facts.now, variant },
          variants: { ...context.variants, [language]: variant },
          // The question names every category: none is new to this customer any more.
          knownCategories: allCategories,
          newCategories: undefined,
        },
        intents: [
          say(question),
          { type: 'question.asked', language, ask: which, categories: allCategories, variant },
        ],
      };
    });

  return {
    askQuestion: ask('question'),
    reaskQuestion: ask('reask'),
    grantAll: act((context, event, language) => ({
      intents: grant(context, event, language, allCategories),
    })),
    decline: act((context, event, language) => ({ intents: decline(context, event, language) })),
    revokeAll: act((_c, event, language) => ({
      patch: { stopping: undefined },
      intents: [
        { type: 'consent.revoke', language, trigger: triggerOf(event), ...keywordOf(event) },
        say(textReply(flow, language, textsIn(language).optedOut)),
      ],
    })),
    // A customer still opted out, told so (see `STOP_AFTER_START`).
    sayOptedOut: act((_c, _e, language) => ({
      intents: [say(textReply(flow, language, textsIn(language).optedOut))],
    })),
    // A STOP while opted out: proof for the ledger, nothing said (PRODUCT.md, Opt-out).
    recordRevoke: act((_c, event, language) => ({
      intents: [
        {
          type: 'consent.revoke',
          language,
          repeated: true,
          trigger: triggerOf(event),
          ...keywordOf(event),
        },
      ],
    })),
    // The help text, then what this customer gets now ("Right now you get order updates.").
    sayHelp: act((_c, event, language) => {
      const help = renderFlowText(flow, language, textsIn(language).help);
      const { consent } = event.facts;
      const sent = allCategories.filter((id) => consent.categories[id] === true);
      const text = `${help}\n\n${youGetText(flow, language, sent)}`;
      return { intents: [say({ type: 'text', text })] };
    }),
  };
}

/**
 * The records a flow's answers make: the question asked (`asked`), a yes (`grant`), a no
 * (`declined`, and `decline` with its acknowledgement), each with the question's text and variant.
 */
export function consentRecords(flow: FlowDefinition, r: FlowReadings) {
  const { textsIn, answerKey } = r;
  /** The customer's variant of the question in `language`: the one drawn before, or a new draw. */
  const variantIn = (context: FlowContext, event: ConversationEvent, language: string) => {
    const texts = textsIn(language);
    const kept = context.variants?.[language];
    if (kept !== undefined && hasVariant(texts, kept)) return kept;
    const key = event.facts.drawKey ?? event.facts.messageId;
    return drawVariant(texts, `${flow.id}:${language}:${key}`);
  };
  const asked = (
    context: FlowContext,
    language: string,
    ask: AskKind,
    categories: readonly string[],
  ): ConversationIntent => ({
    type: 'question.asked',
    language,
    ask,
    categories,
    variant: context.question?.variant ?? context.variants?.[language] ?? STANDARD_VARIANT,
  });
  /** The question the customer answered: the one their tap was under, else the last shown. */
  const questionText = (context: FlowContext, event: ConversationEvent) =>
    ('shown' in event ? event.shown : undefined) ?? context.question?.text ?? '';
  /** Its variant: that of the question under the tap, else the customer's. */
  const variantAnswered = (context: FlowContext, event: ConversationEvent) => {
    const shown = 'shown' in event ? event.shown : undefined;
    const variant =
      shown === undefined || shown === context.question?.text
        ? context.question?.variant
        : answerKey.variantOf.get(shown);
    return variant === undefined ? {} : { variant };
  };
  const grant = (
    context: FlowContext,
    event: ConversationEvent,
    language: string,
    categories: readonly string[],
  ) => [
    {
      type: 'consent.grant' as const,
      categories,
      questionText: questionText(context, event),
      language,
      ...variantAnswered(context, event),
    },
    say(optedInReply(flow, language, categories)),
  ];
  /** The record of a no: to the question, or to `categories` alone. */
  const declined = (
    context: FlowContext,
    event: ConversationEvent,
    language: string,
    categories?: readonly string[],
  ) => ({
    type: 'consent.decline' as const,
    questionText: questionText(context, event),
    language,
    ...variantAnswered(context, event),
    ...(categories ? { categories } : {}),
  });
  const decline = (
    context: FlowContext,
    event: ConversationEvent,
    language: string,
    categories?: readonly string[],
  ) => [
    declined(context, event, language, categories),
    say(textReply(flow, language, textsIn(language).declined)),
  ];
  return { variantIn, asked, grant, declined, decline };
}

/** The keyword an event was read from, for the ledger's proof. */
export function keywordOf(event: ConversationEvent) {
  return 'keyword' in event && event.keyword ? { keyword: event.keyword } : {};
}

/** How an opt-out event came about: a stop confirmation's tap or typed answer unless a word or sentence. */
function triggerOf(event: ConversationEvent): OptOutTrigger {
  return event.type === 'keyword.optout' ? (event.via ?? 'keyword') : 'confirmation';
}
