import type { KeywordIndex, MessageKeywords } from '../keywords/index.js';
import { messageKeywords, normalizeForMatching } from '../keywords/index.js';
import type { ConversationEvent, TurnFacts } from './events.js';
import { CONSENT_BUTTON_IDS, SERVICE_CHOICE_PREFIX } from './events.js';
import type { InboundContent } from './inbound.js';

/** What else the turn knows about a message. */
export interface InterpretOptions {
  /** The contact's language: a word of several languages is read in it first. */
  readonly language?: string;
  /** For a tap: the text of the message its button was under, when known (`context.id`). */
  readonly shown?: string;
  /** The typed message's keyword readings, when the turn has read them already (`readTurn`). */
  readonly read?: MessageKeywords;
}

/**
 * Turns what the customer sent into the one event the flow machine understands.
 * Keywords and opt-out phrasings are matched on the whole message (STOP rule:
 * `keywords/match-keyword.ts`); a sentence that only may mean stop becomes `stop.ambiguous`, one
 * that names kinds of message `stop.some`, never an opt-out. Whether a typed yes, button title or
 * number answers a prompt is the machine's to decide: it knows what it asked last.
 */
export function interpretMessage(
  content: InboundContent,
  keywords: KeywordIndex,
  facts: TurnFacts,
  options: InterpretOptions = {},
): ConversationEvent {
  switch (content.kind) {
    case 'choice':
      return interpretChoice(content.id, content.title, facts, options.shown);
    case 'quick_reply':
    case 'text': {
      const raw = content.kind === 'text' ? content.text : content.text || content.payload;
      const read = options.read ?? messageKeywords(keywords, raw);
      return interpretText(raw, read, facts, options.language);
    }
    case 'other':
      return { type: 'media', mediaType: content.type, facts };
  }
}

function interpretChoice(
  id: string,
  title: string,
  facts: TurnFacts,
  shown: string | undefined,
): ConversationEvent {
  const text = normalizeForMatching(title);
  const tap = { facts, text, ...(shown === undefined ? {} : { shown }) };
  switch (id) {
    case CONSENT_BUTTON_IDS.yes:
      return { type: 'answer.yes', prompt: 'question', ...tap };
    case CONSENT_BUTTON_IDS.no:
      return { type: 'answer.no', prompt: 'question', ...tap };
    case CONSENT_BUTTON_IDS.choose:
      return { type: 'answer.choose', prompt: 'question', ...tap };
    case CONSENT_BUTTON_IDS.stopYes:
    case CONSENT_BUTTON_IDS.stopSomeAll:
      // "Yes, stop them" / "Stop everything" is an opt-out whenever it is tapped: after other
      // messages, after a flow reload, from an old message. Never a mere answer a state may ignore.
      return { type: 'keyword.optout', via: 'confirmation', text, facts };
    case CONSENT_BUTTON_IDS.stopNo:
      return { type: 'answer.no', prompt: 'stop', ...tap };
    case CONSENT_BUTTON_IDS.stopSomeThese:
      return { type: 'answer.yes', prompt: 'stopSome', ...tap };
    case CONSENT_BUTTON_IDS.stopSomeNo:
      return { type: 'answer.no', prompt: 'stopSome', ...tap };
  }
  for (const [prefix, type] of [
    [CONSENT_BUTTON_IDS.categoryYes, 'answer.yes'],
    [CONSENT_BUTTON_IDS.categoryNo, 'answer.no'],
  ] as const) {
    if (id === prefix) return { type, prompt: 'category', ...tap };
    if (id.startsWith(`${prefix}.`)) {
      return { type, prompt: 'category', category: id.slice(prefix.length + 1), ...tap };
    }
  }
  if (id.startsWith(SERVICE_CHOICE_PREFIX)) {
    return { type: 'service.choice', choiceId: id.slice(SERVICE_CHOICE_PREFIX.length), facts };
  }
  // A button we no longer know (an old message): read its title like typed text.
  return { type: 'message', text, facts };
}

/** Only thumbs-up, OK hands or check marks, in any skin tone. */
const GO_AHEAD_SIGNS = /^[\s\uFE0F]*(?:[👍👌✅✔][\u{1F3FB}-\u{1F3FF}]?[\s\uFE0F]*)+$/u;

/**
 * Signs that take a yes back or doubt it: "yes 👎", "sure 🙄", "sim 🤮", "yes 🤔" are no clear
 * consent (a tester's: the word was read alone, and the customer opted in to everything).
 */
const DOUBT_SIGNS = /[👎❌✖🙄🤮🤢🤔😒😑😐🤨🖕😡🤬😠😤💩🙃🛑⛔🚫]/u;

/** Only thumbs-down, in any skin tone: a no (a tester's: "didn't understand" to every question). */
const NO_SIGNS = /^[\s\uFE0F]*(?:👎[\u{1F3FB}-\u{1F3FF}]?[\s\uFE0F]*)+$/u;

/** Only stop signs (with the variation selectors and spaces emoji come with). */
const STOP_SIGNS = /^[\s\uFE0F]*(?:[🛑⛔🚫][\s\uFE0F]*)+$/u;

function interpretText(
  raw: string,
  read: MessageKeywords,
  facts: TurnFacts,
  preferredLanguage: string | undefined,
): ConversationEvent {
  const text = normalizeForMatching(raw);
  const match = read(preferredLanguage);
  if (!match) {
    // A stop sign and nothing else (🛑, ⛔, 🚫) may mean stop: the flow asks, as for "No, stop".
    if (text === '' && STOP_SIGNS.test(raw)) {
      return { type: 'stop.ambiguous', keyword: raw.trim(), text, facts };
    }
    // A thumbs-up or an OK hand alone reads as "ok": thanks, or the go-ahead to "do you want to
    // stop?" (`answer-of.ts`).
    if (text === '' && GO_AHEAD_SIGNS.test(raw)) return { type: 'message', text: 'ok', facts };
    if (text === '' && NO_SIGNS.test(raw)) return { type: 'answer.no', text: 'no', facts };
    return { type: 'message', text, facts };
  }
  const { language, keyword } = match;
  // "I want to get your offers": the customer's own START, which shows the question.
  if (match.type === 'phrase' && match.kind === 'optIn') {
    return { type: 'keyword.optin', via: 'phrase', keyword, language, text, facts };
  }
  if (match.type !== 'exact') {
    if (match.categories && match.categories.length > 0) {
      const { categories, kept } = match;
      return {
        type: 'stop.some',
        keyword,
        categories,
        ...(kept && { kept }),
        language,
        text,
        facts,
      };
    }
    return match.type === 'phrase'
      ? { type: 'keyword.optout', via: 'phrase', keyword, language, text, facts }
      : { type: 'stop.ambiguous', keyword, language, text, facts };
  }
  switch (match.kind) {
    case 'optOut':
      return { type: 'keyword.optout', via: 'keyword', keyword, language, text, facts };
    case 'optIn':
      return { type: 'keyword.optin', keyword, language, text, facts };
    case 'help':
      return { type: 'keyword.help', language, text, facts };
    case 'yes':
    case 'no':
      // "yes?", "¿dale?": a question, not an answer: an ordinary message, never consent.
      if (/[?¿]/u.test(raw)) return { type: 'message', text, facts };
      // A yes with a sign that takes it back or doubts it ("yes 👎", "sure 🙄") is an "ok" at
      // most: never consent; the question is shown again (`answer-of.ts`, go-aheads).
      if (match.kind === 'yes' && DOUBT_SIGNS.test(raw)) {
        return { type: 'message', text: 'ok', facts };
      }
      return { type: match.kind === 'yes' ? 'answer.yes' : 'answer.no', language, text, facts };
  }
}
