import type { Reply } from './inbound.js';

/**
 * One message to a customer, as it waits in the outbox and as the channel sends it: a reply of
 * the conversation, or an approved template (the only kind allowed outside the window).
 */
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
