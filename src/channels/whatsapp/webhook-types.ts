import type { ContactRef } from '../../core/identity.js';
import type { InboundMessage } from '../../core/conversation/inbound.js';

/** A delivery report for a message the business sent (`statuses[]` in the webhook). */
export interface StatusUpdate {
  /** The `wamid.…` the Cloud API returned when the message was sent. */
  readonly waMessageId: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  /** When WhatsApp reached that status, epoch ms. */
  readonly timestamp: number;
  readonly recipient: ContactRef;
  readonly businessNumberId: string;
  /** Why a `failed` message failed (e.g. 131050: the user stopped marketing messages). */
  readonly errors: { code: number; title: string }[];
}

/**
 * A customer stopped or resumed marketing messages in WhatsApp itself (`user_preferences`).
 * The product treats `stop` like an opt-out of the marketing categories only.
 */
export interface PreferenceUpdate {
  readonly contact: ContactRef;
  readonly businessNumberId: string;
  readonly category: 'marketing_messages';
  readonly value: 'stop' | 'resume';
  /** When WhatsApp sent the preference change, epoch ms. */
  readonly timestamp: number;
}

/** One item of a batch that was well-formed but could not be used; the rest still counts. */
export interface RejectedItem {
  readonly kind: 'message' | 'status' | 'preference';
  /** Position among the batch's items of that kind, in payload order (0-based). */
  readonly index: number;
  /** Where it is in the payload, e.g. `entry[0].changes[1].value.messages[2]`. */
  readonly path: string;
  readonly reason: string;
}

/** Everything a webhook batch carried that the bot acts on. */
export interface ParsedWebhook {
  /** Customer messages, sorted by their own timestamp (stable for equal times). */
  readonly messages: InboundMessage[];
  readonly statuses: StatusUpdate[];
  readonly preferences: PreferenceUpdate[];
  readonly rejected: RejectedItem[];
}
