import type { NewConsentEvent } from '../core/consent/events.js';
import type { ConversationIntent } from '../core/conversation/events.js';
import type { InboundMessage } from '../core/conversation/inbound.js';
import type { FlowDefinition } from '../core/flow/definition.js';

/**
 * Turns the machine's consent intents into ledger events with their proof: the exact question
 * shown, the flow id, version and consent-texts hash, the question variant, the customer's reply
 * verbatim and its message id, under the channel it came through as the source. Each question
 * shown becomes a `consent.asked` event (flow, version, hash, language, variant, what was asked),
 * so the consent report needs the ledger alone.
 */
export function consentEventsFromIntents(
  intents: readonly ConversationIntent[],
  message: InboundMessage,
  flow: FlowDefinition,
  recordedAt: number,
  textsHash?: string,
): NewConsentEvent[] {
  const base = {
    occurredAt: message.timestamp,
    recordedAt,
    // The channel the customer answered on: an Emulator conversation is never WhatsApp consent.
    source: message.channel ?? 'whatsapp',
  };
  const evidence = {
    flowId: flow.id,
    flowVersion: flow.version,
    ...(textsHash ? { textsHash } : {}),
    replyText: replyTextOf(message),
    messageId: message.messageId,
  };
  const variantOf = (intent: { readonly variant?: string }) =>
    intent.variant === undefined ? {} : { variant: intent.variant };
  const events: NewConsentEvent[] = [];
  for (const intent of intents) {
    switch (intent.type) {
      case 'question.asked':
        events.push({
          ...base,
          type: 'consent.asked',
          categories: [...intent.categories],
          // The flow's words, not the customer's: no reply text.
          evidence: {
            flowId: flow.id,
            flowVersion: flow.version,
            ...(textsHash ? { textsHash } : {}),
            language: intent.language,
            variant: intent.variant,
            ask: intent.ask,
            messageId: message.messageId,
          },
        });
        break;
      case 'consent.grant':
        events.push({
          ...base,
          type: 'consent.granted',
          categories: [...intent.categories],
          evidence: {
            ...evidence,
            questionText: intent.questionText,
            language: intent.language,
            ...variantOf(intent),
          },
        });
        break;
      case 'consent.decline':
        events.push({
          ...base,
          type: 'consent.declined',
          ...(intent.categories ? { categories: [...intent.categories] } : {}),
          evidence: {
            ...evidence,
            questionText: intent.questionText,
            language: intent.language,
            ...variantOf(intent),
          },
        });
        break;
      case 'consent.revoke':
        // A repeated STOP too: the proof that the customer said it at that time, so a later-
        // arriving, earlier-dated "yes" cannot win over it (the ledger follows message time).
        events.push({
          ...base,
          type: 'consent.revoked',
          ...(intent.categories ? { categories: [...intent.categories] } : {}),
          evidence: {
            ...evidence,
            language: intent.language,
            ...(intent.keyword ? { keyword: intent.keyword } : {}),
            ...(intent.trigger ? { trigger: intent.trigger } : {}),
          },
        });
        break;
      default:
        break;
    }
  }
  return events;
}

/** What the customer sent, verbatim, as proof (button title or typed text). */
export function replyTextOf(message: InboundMessage): string {
  const content = message.content;
  switch (content.kind) {
    case 'text':
      return content.text;
    case 'choice':
      return content.title;
    case 'quick_reply':
      return content.text || content.payload;
    case 'other':
      return `[${content.type}]`;
  }
}
