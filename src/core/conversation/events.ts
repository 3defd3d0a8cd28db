import type { ConsentState } from '../consent/state.js';
import type { Reply } from './inbound.js';

/**
 * The events a flow machine understands. The turn service interprets each inbound message
 * into exactly one of these (see `interpret-message.ts`) and adds the facts of the turn.
 */

/** What the machine's guards may know about the world during one turn (no clock inside). */
export interface TurnFacts {
  /** The customer's message time, epoch ms: "now" for every time rule of this turn. */
  readonly now: number;
  readonly consent: ConsentState;
  readonly windowStartedAt: number;
  /** True for the customer's very first message to this business. */
  readonly firstMessage: boolean;
}

/** Which prompt a tapped button belonged to; absent for typed answers. */
export type Prompt = 'question' | 'category' | 'stop';

interface Base {
  readonly facts: TurnFacts;
  /** The language the customer used, when the message revealed it (a keyword). */
  readonly language?: string;
  /** The customer's text after keyword normalisation, for matching service choices. */
  readonly text?: string;
}

export type ConversationEvent =
  /**
   * An opt-out: the customer sent an opt-out keyword, or tapped "Yes, stop them" on the stop
   * confirmation (then `keyword` is absent). Either is obeyed in every state.
   */
  | (Base & { readonly type: 'keyword.optout'; readonly keyword?: string })
  | (Base & { readonly type: 'keyword.optin'; readonly keyword: string })
  | (Base & { readonly type: 'keyword.help' })
  | (Base & { readonly type: 'answer.yes'; readonly prompt?: Prompt })
  | (Base & { readonly type: 'answer.no'; readonly prompt?: Prompt })
  | (Base & { readonly type: 'answer.choose' })
  /** A sentence that merely contains an opt-out word ("I can't stop laughing"). */
  | (Base & { readonly type: 'stop.ambiguous'; readonly keyword: string })
  | (Base & { readonly type: 'service.choice'; readonly choiceId: string })
  | (Base & { readonly type: 'message' })
  | (Base & { readonly type: 'media'; readonly mediaType: string });

export type ConversationEventType = ConversationEvent['type'];

/** What a machine asks the world to do; it never does it itself. */
export type ConversationIntent =
  /** A reply; `from` tells which region said it: service answers go out before consent prompts. */
  | {
      readonly type: 'reply';
      readonly reply: Reply;
      readonly from: 'service' | 'consent';
    }
  | {
      readonly type: 'consent.grant';
      readonly categories: readonly string[];
      readonly questionText: string;
      readonly language: string;
    }
  | { readonly type: 'consent.decline'; readonly questionText: string; readonly language: string }
  | { readonly type: 'consent.revoke'; readonly keyword?: string; readonly language: string }
  | { readonly type: 'question.asked'; readonly language: string }
  | { readonly type: 'handover'; readonly state: string };

/** Reply-button ids the compiler gives the consent prompts. */
export const CONSENT_BUTTON_IDS = {
  yes: 'consent.yes',
  choose: 'consent.choose',
  no: 'consent.no',
  categoryYes: 'consent.category.yes',
  categoryNo: 'consent.category.no',
  stopYes: 'stop.yes',
  stopNo: 'stop.no',
} as const;

/** Service choices are sent with this prefix so they never clash with consent buttons. */
export const SERVICE_CHOICE_PREFIX = 'service.';
