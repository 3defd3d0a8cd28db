import type { KeywordIndex } from '../keywords/index.js';
import { matchKeyword, normalizeForMatching } from '../keywords/index.js';
import type { ConversationEvent, TurnFacts } from './events.js';
import { CONSENT_BUTTON_IDS, SERVICE_CHOICE_PREFIX } from './events.js';
import type { InboundContent } from './inbound.js';

/**
 * Turns what the customer sent into the one event the flow machine understands.
 * Keywords are matched on the whole message (STOP rule: `keywords/match-keyword.ts`);
 * a sentence that only contains an opt-out word becomes `stop.ambiguous`, never an opt-out.
 */
export function interpretMessage(
  content: InboundContent,
  keywords: KeywordIndex,
  facts: TurnFacts,
  preferredLanguage?: string,
): ConversationEvent {
  switch (content.kind) {
    case 'choice':
      return interpretChoice(content.id, content.title, facts);
    case 'quick_reply':
      return interpretText(content.text || content.payload, keywords, facts, preferredLanguage);
    case 'text':
      return interpretText(content.text, keywords, facts, preferredLanguage);
    case 'other':
      return { type: 'media', mediaType: content.type, facts };
  }
}

function interpretChoice(id: string, title: string, facts: TurnFacts): ConversationEvent {
  switch (id) {
    case CONSENT_BUTTON_IDS.yes:
      return { type: 'answer.yes', prompt: 'question', facts };
    case CONSENT_BUTTON_IDS.no:
      return { type: 'answer.no', prompt: 'question', facts };
    case CONSENT_BUTTON_IDS.choose:
      return { type: 'answer.choose', facts };
    case CONSENT_BUTTON_IDS.categoryYes:
      return { type: 'answer.yes', prompt: 'category', facts };
    case CONSENT_BUTTON_IDS.categoryNo:
      return { type: 'answer.no', prompt: 'category', facts };
    case CONSENT_BUTTON_IDS.stopYes:
      // "Yes, stop them" is an opt-out whenever it is tapped: after other messages, after a
      // flow reload, from an old message. It is never a mere answer that a state may ignore.
      return { type: 'keyword.optout', text: normalizeForMatching(title), facts };
    case CONSENT_BUTTON_IDS.stopNo:
      return { type: 'answer.no', prompt: 'stop', facts };
  }
  if (id.startsWith(SERVICE_CHOICE_PREFIX)) {
    return { type: 'service.choice', choiceId: id.slice(SERVICE_CHOICE_PREFIX.length), facts };
  }
  // A button we no longer know (an old message): read its title like typed text.
  return { type: 'message', text: normalizeForMatching(title), facts };
}

function interpretText(
  raw: string,
  keywords: KeywordIndex,
  facts: TurnFacts,
  preferredLanguage: string | undefined,
): ConversationEvent {
  const text = normalizeForMatching(raw);
  const match = matchKeyword(keywords, raw, preferredLanguage);
  if (!match) return { type: 'message', text, facts };
  const { language, keyword } = match;
  if (match.type === 'contains') return { type: 'stop.ambiguous', keyword, language, text, facts };
  switch (match.kind) {
    case 'optOut':
      return { type: 'keyword.optout', keyword, language, text, facts };
    case 'optIn':
      return { type: 'keyword.optin', keyword, language, text, facts };
    case 'help':
      return { type: 'keyword.help', language, text, facts };
    case 'yes':
      return { type: 'answer.yes', language, text, facts };
    case 'no':
      return { type: 'answer.no', language, text, facts };
  }
}
