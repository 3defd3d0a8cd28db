import type { Reply } from '../conversation/inbound.js';

/**
 * The conversation so far, as kept with the contact for the person who takes it over: the
 * latest customer messages and bot replies (PRODUCT.md, "Hand-over to people": the hand-off
 * carries the transcript so far).
 */

/** One line of the transcript. */
export interface TranscriptLine {
  readonly from: 'customer' | 'bot';
  /** Epoch ms: the customer's message time, or the time of the turn the bot answered in. */
  readonly at: number;
  readonly text: string;
  /** The titles of the buttons or list rows the bot offered. */
  readonly choices?: readonly string[];
}

/** How many lines a contact keeps; older ones drop off. */
export const TRANSCRIPT_LINES_KEPT = 40;

/**
 * The lines of one turn: what the customer sent, then the bot's replies (their texts, and the
 * titles of their buttons or list rows), all at the customer's message time.
 * @example turnTranscript({ at, text: 'hi' }, replies) // [{ from: 'customer', … }, { from: 'bot', … }]
 */
export function turnTranscript(
  customer: { readonly at: number; readonly text: string },
  replies: readonly Reply[],
): TranscriptLine[] {
  return [
    { from: 'customer', at: customer.at, text: customer.text },
    ...replies.map((reply): TranscriptLine => {
      const choices =
        reply.type === 'buttons'
          ? reply.buttons.map((b) => b.title)
          : reply.type === 'list'
            ? reply.rows.map((r) => r.title)
            : [];
      return {
        from: 'bot',
        at: customer.at,
        text: reply.text,
        ...(choices.length > 0 ? { choices } : {}),
      };
    }),
  ];
}
