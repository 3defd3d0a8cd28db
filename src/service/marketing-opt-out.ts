import type { NewConsentEvent } from '../core/consent/events.js';
import type { InboundContent, InboundMessage } from '../core/conversation/inbound.js';
import { replyTextOf } from './consent-from-intents.js';

/**
 * WhatsApp's own marketing opt-out counts (PRODUCT.md): the "Stop promotions" quick-reply of
 * marketing templates suppresses the MARKETING categories, and only those.
 */
export function isStopPromotions(content: InboundContent): boolean {
  if (content.kind !== 'quick_reply') return false;
  const said = `${content.payload} ${content.text}`.toLowerCase();
  return said.includes('stop promotions');
}

/** A marketing suppression or resumption event proven by the customer's message. */
export function marketingEvent(
  type: 'consent.marketing_suppressed' | 'consent.marketing_resumed',
  message: InboundMessage,
  recordedAt: number,
): NewConsentEvent {
  return {
    type,
    occurredAt: message.timestamp,
    recordedAt,
    source: message.channel ?? 'whatsapp',
    evidence: {
      replyText: replyTextOf(message),
      messageId: message.messageId,
      ...(type === 'consent.marketing_suppressed' ? { trigger: 'stop_promotions' as const } : {}),
    },
  };
}
