import type { Reply } from '../core/conversation/inbound.js';
import type { SendRefusedError } from '../errors.js';
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
 * The caller's send policy, asked again right before a message goes to the channel (after it
 * waited for pacing and for the customer's earlier messages): resolves with the refusal when
 * the message may no longer be sent, e.g. the customer said STOP meanwhile, else `undefined`.
 */
export type SendCheck = () => Promise<SendRefusedError | undefined>;

/** How to send a batch, beyond what and to whom. */
export interface OutboundSendOptions {
  /** Asked before each message; a refusal is recorded on the outbound log and rejects the call. */
  readonly check?: SendCheck;
  /**
   * How long a message that failed for a passing reason (429, 5xx, a network error, pacing) is
   * tried again: `window`, while the customer's service window is open, for a turn's replies
   * that nobody waits for; `brief` (default), four attempts in all, for a caller waiting for
   * the answer (`POST /v1/messages`).
   */
  readonly retry?: 'window' | 'brief';
}

/**
 * The port through which anything reaches a customer. The WhatsApp adapter implements it
 * (pacing queue, Cloud API client, outbound log); callers decide *whether* to send (send
 * policy) before they call it, and may have the decision taken again at the moment of sending
 * (`options.check`) without the channel knowing the policy.
 */
export interface OutboundPort {
  /**
   * Sends the messages in order, logging each to the outbound log. Resolves with the WhatsApp
   * message ids; rejects on the first message that could not be sent: with `ChannelError`, or
   * with the `SendRefusedError` of `options.check`.
   */
  send(
    contact: ContactRecord,
    messages: readonly OutboundMessage[],
    businessNumberId?: string,
    options?: OutboundSendOptions,
  ): Promise<{ readonly waMessageId: string }[]>;
}
