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
