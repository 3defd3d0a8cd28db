/**
 * One customer message as the flow machine's event, with the language of the turn (PRODUCT.md,
 * "The customer's language") and what small talk it is (issue 10). Pure: the turn service and
 * the model-based tests read messages the same way.
 */
import type { FlowDefinition } from '../flow/definition.js';
import type { KeywordIndex } from '../keywords/index.js';
import { QUESTION, messageKeywords, staysSubscribed } from '../keywords/index.js';
import type { LanguageLexicon } from '../language/index.js';
import {
  chooseLanguage,
  languageEvidence,
  languageForCountry,
  NO_EVIDENCE,
} from '../language/index.js';
import type { SmallTalkIndex } from '../small-talk/index.js';
import { asksForPerson, classifySmallTalk } from '../small-talk/index.js';
import type { ConversationEvent, TurnFacts } from './events.js';
import type { InboundContent } from './inbound.js';
import { interpretMessage } from './interpret-message.js';

/** What a flow provides to read messages: its definition and its indexes, built once. */
export interface ReadingFlow {
  readonly definition: FlowDefinition;
  readonly keywords: KeywordIndex;
  readonly lexicon: LanguageLexicon;
  readonly smallTalk: SmallTalkIndex;
}

export interface TurnReadingOptions {
  /** The conversation's language so far; absent before the customer's first message. */
  readonly language?: string;
  /** The country of the customer's number or user id (ISO 3166). */
  readonly country?: string;
  /** For a tap: the text of the message its button was under (`context.id`). */
  readonly shown?: string;
}

/**
 * Reads a customer message: its language (words, then country, then default on a first
 * message; later only clear evidence switches it), its event (keywords matched in that
 * language first), and for typed text that answers nothing, whether it is small talk.
 * @example readTurn(flow, { kind: 'text', text: 'hola' }, facts, { country: 'ES' }) // { language: 'es', event: { type: 'message', smallTalk: 'greeting', … } }
 */
export function readTurn(
  flow: ReadingFlow,
  content: InboundContent,
  facts: TurnFacts,
  options: TurnReadingOptions = {},
): { readonly event: ConversationEvent; readonly language: string } {
  const text =
    content.kind === 'text'
      ? content.text
      : content.kind === 'quick_reply'
        ? content.text || content.payload
        : undefined;
  // The evidence of the language and the event both read the keywords: once per language.
  const read = text === undefined ? undefined : messageKeywords(flow.keywords, text);
  const evidence =
    text === undefined
      ? NO_EVIDENCE
      : languageEvidence(flow.lexicon, flow.keywords, flow.smallTalk, text, options.language, read);
  const countryLanguage = languageForCountry(flow.definition, options.country);
  const { language } = chooseLanguage({
    flow: flow.definition,
    ...(options.language === undefined ? {} : { current: options.language }),
    evidence,
    ...(countryLanguage === undefined ? {} : { countryLanguage }),
  });
  const event = interpretMessage(content, flow.keywords, facts, {
    language,
    ...(options.shown === undefined ? {} : { shown: options.shown }),
    ...(read === undefined ? {} : { read }),
  });
  const typed =
    text !== undefined &&
    (event.type === 'message' ||
      ((event.type === 'answer.yes' || event.type === 'answer.no') && event.prompt === undefined));
  const smallTalk = typed ? classifySmallTalk(flow.smallTalk, text)?.kind : undefined;
  // ("stop the promos and let me talk to a human": the stop, and the request for a person.)
  const stops =
    text !== undefined && (event.type === 'stop.some' || event.type === 'stop.ambiguous');
  const person = (typed || stops) && !smallTalk && asksForPerson(flow.smallTalk, text);
  const stays =
    event.type === 'message' && text !== undefined && staysSubscribed(flow.keywords, text);
  return {
    event: {
      ...event,
      language,
      ...(smallTalk ? { smallTalk } : {}),
      ...(person ? { asksForPerson: true as const } : {}),
      ...(stays ? { staysSubscribed: true as const } : {}),
      ...(text !== undefined && QUESTION.test(text) ? { asks: true as const } : {}),
    },
    language,
  };
}
