import type { ContactRef } from '../identity.js';

/**
 * What a customer sent, independent of the channel that carried it.
 * The WhatsApp adapter, the Bot Framework endpoint and the simulators all produce this.
 */
export type InboundContent =
  | { readonly kind: 'text'; readonly text: string }
  /** An interactive reply button or list row: `id` is ours, `title` what the customer saw. */
  | { readonly kind: 'choice'; readonly id: string; readonly title: string }
  /** A template quick-reply button (e.g. WhatsApp's "Stop promotions"). */
  | { readonly kind: 'quick_reply'; readonly payload: string; readonly text: string }
  /** Anything without text we act on: image, sticker, location, reaction, audio, unsupported… */
  | { readonly kind: 'other'; readonly type: string };

/**
 * The channel a message came through: WhatsApp, or the Bot Framework endpoint (`emulator`),
 * whose conversations are recorded as such and never count as WhatsApp consent.
 */
export type InboundChannel = 'whatsapp' | 'emulator';

export interface InboundMessage {
  /** The channel's message id (`wamid.…`): duplicates with the same id are applied once. */
  readonly messageId: string;
  /** Absent: WhatsApp (the webhook and the simulators, which stand in for it). */
  readonly channel?: InboundChannel;
  readonly contact: ContactRef;
  readonly profileName?: string;
  /** The customer's message time from the webhook (not our receipt time), epoch ms. */
  readonly timestamp: number;
  /** The business phone-number id that received it (webhook `metadata.phone_number_id`). */
  readonly businessNumberId?: string;
  /**
   * The channel's id of the business message this one replies to (WhatsApp `context.id`): for a
   * tapped button, the message the button was under.
   */
  readonly replyTo?: string;
  readonly content: InboundContent;
}

/** A reply the bot wants to send; the machine produces these, a service sends them. */
export type Reply =
  | { readonly type: 'text'; readonly text: string }
  /** Interactive reply buttons: at most 3, titles at most 20 characters. */
  | {
      readonly type: 'buttons';
      readonly text: string;
      readonly buttons: readonly { readonly id: string; readonly title: string }[];
    }
  /** Interactive list: at most 10 rows, titles at most 24 characters. */
  | {
      readonly type: 'list';
      readonly text: string;
      readonly button: string;
      readonly rows: readonly { readonly id: string; readonly title: string }[];
    };
