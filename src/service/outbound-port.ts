import type { Reply } from '../core/conversation/inbound.js';
import type { ContactRecord } from '../store/port.js';

/** One message to send to a customer: a conversation reply or an approved template. */
export type OutboundMessage =
  | { readonly kind: 'reply'; readonly reply: Reply }
  | {
      readonly kind: 'template';
      readonly name: string;
      readonly language: string;
      readonly components?: readonly unknown[];
      /** The flow category the template belongs to (for the outbound log). */
      readonly category: string;
    };

/**
 * The port through which anything reaches a customer. The WhatsApp adapter implements it
 * (pacing queue, Cloud API client, outbound log); callers decide *whether* to send (send
 * policy) before they call it.
 */
export interface OutboundPort {
  /**
   * Sends the messages in order, logging each to the outbound log. Resolves with the WhatsApp
   * message ids; rejects with `ChannelError` on the first message that could not be sent.
   */
  send(
    contact: ContactRecord,
    messages: readonly OutboundMessage[],
    businessNumberId?: string,
  ): Promise<{ readonly waMessageId: string }[]>;
}
