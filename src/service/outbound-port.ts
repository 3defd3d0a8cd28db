import type { OutboundMessage } from '../core/conversation/outbound.js';
import type { SendRefusedError } from '../errors.js';
import type { ContactRecord, OutboundEntry } from '../store/port.js';

export type { OutboundMessage };

/** How to send a batch, beyond what and to whom. */
export interface OutboundSendOptions {
  /** The business number it goes from (default: the server's `WHATSAPP_PHONE_NUMBER_ID`). */
  readonly businessNumberId?: string | undefined;
  /**
   * Business-initiated: the send policy decides again right before each message goes (after it
   * waited for pacing and the customer's earlier messages), and refuses it if, say, the customer
   * said STOP meanwhile.
   */
  readonly recheck?: boolean;
  /** How long to wait for the outcomes once the messages are saved; default 0 (do not wait). */
  readonly waitMs?: number;
}

/** What became of one message within the wait. */
export interface SendReceipt {
  /** The outbox entry (and outbound log entry) id. */
  readonly id: string;
  /** The WhatsApp message id once the Cloud API took it; absent while it is still queued. */
  readonly waMessageId?: string;
}

/**
 * The port through which anything reaches a customer outside a turn (a turn's replies are
 * saved with the turn). The WhatsApp adapter implements it: the messages are saved in the
 * contact's outbox in one write, then sent from there by the outbox sender. Callers decide
 * *whether* to send (send policy) before they call it, and may have the decision taken again at
 * the moment of sending (`options.recheck`).
 */
export interface OutboundPort {
  /**
   * Saves the messages in the contact's outbox, in order, and waits up to `options.waitMs` for
   * their outcomes. Resolves with a receipt per message (with its WhatsApp id when sent within
   * the wait); rejects with why the first message that could not be sent was not: a
   * `ChannelError`, or the `SendRefusedError` of the policy asked again.
   */
  send(
    contact: ContactRecord,
    messages: readonly OutboundMessage[],
    options?: OutboundSendOptions,
  ): Promise<SendReceipt[]>;
}

/**
 * The send policy, asked once more right before a business-initiated message goes (by whichever
 * sender sends it, after a restart too): the refusal when it may no longer be sent (a STOP
 * stored while it waited), else `undefined`.
 */
export type RecheckPolicy = (
  entry: OutboundEntry,
  contact: ContactRecord,
) => Promise<SendRefusedError | undefined>;
