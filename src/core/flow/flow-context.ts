import type { Prompt } from '../conversation/events.js';

/**
 * What a flow machine remembers between turns (persisted in its snapshot).
 * Consent itself is not here: it lives in the ledger and reaches the machine as turn facts.
 */
export interface FlowContext {
  /** The language replies are written in. */
  readonly language: string;
  /** Message times at which the question was shown (bounded), for the per-window limit. */
  readonly askTimes: readonly number[];
  /** The question last shown: its exact text is the evidence of a yes, with its variant. */
  readonly question?: { readonly text: string; readonly at: number; readonly variant?: string };
  /** The question variant drawn for the customer, per language: kept, so they always read it. */
  readonly variants?: Readonly<Record<string, string>>;
  /**
   * Progress through "let me choose" (or through new categories): the position of the category
   * being asked, its id (so a flow reload that moves or removes categories cannot make a "yes"
   * count for another one), and the categories accepted so far.
   */
  readonly choosing?: {
    readonly index: number;
    readonly asking?: string;
    readonly chosen: readonly string[];
    /** The categories gone through, in order; absent: all of the flow's ("let me choose"). */
    readonly ids?: readonly string[];
    /** True when asking about new categories of a customer who had said yes. */
    readonly newCategories?: boolean;
    /** The category whose question was shown, its ask logged: shown again, it is not logged. */
    readonly shown?: string;
  };
  /**
   * The flow's categories as this conversation last knew them. When a new version of the flow
   * has more, those are the new categories the customer may be asked about (`newCategories`).
   */
  readonly knownCategories?: readonly string[];
  /** Categories the flow gained since the customer's conversation began, not asked about yet. */
  readonly newCategories?: readonly string[];
  /** The categories the "stop these only?" prompt offers to stop. */
  readonly stopping?: readonly string[];
  /** The bot's latest message: what a typed answer ("yes", a title, a number) can answer. */
  readonly said?: LastSaid;
  /** How many customer messages the conversation had before this one (`turns-region.ts`). */
  readonly turns?: number;
  /** The value of {@link turns} when the question was last asked: the re-ask gap counts from it. */
  readonly askedAtTurn?: number;
  /** Messages the bot did not understand in a row: the second one offers a person. */
  readonly misses?: number;
}

/**
 * The latest message the bot sent, as far as typed answers go (PRODUCT.md, "What counts as a
 * yes"): a consent prompt, another consent text, or a service answer with its choices.
 */
export interface LastSaid {
  /** The customer message it answered (`TurnFacts.messageId`). */
  readonly turn: string;
  /** That message's time, epoch ms. */
  readonly at: number;
  readonly by: 'consent' | 'service';
  /** The prompt it asked, when it was one. */
  readonly prompt?: Prompt;
  /** The service choices it offered as buttons or rows, in order (ids without prefix). */
  readonly choices?: readonly string[];
  /**
   * Of a consent message: the service choices offered in the same turn (the menu, before the
   * question or the thanks). A typed "1" is then the menu's first choice, not a prompt's first
   * button (its "Yes, all of them"), and no typed number answers the prompt.
   */
  readonly menuBefore?: readonly string[];
  /**
   * A service answer to what the customer asked went out in the same turn (before this consent
   * message, or as this service message): "vale", "sure", "sí, gracias" take it in rather than
   * answer a question shown with it (`answer-of.ts`).
   */
  readonly answered?: true;
  /**
   * The bot offered a person in the same turn: a typed yes takes the offer (the hand-over),
   * never a prompt shown with it.
   */
  readonly personOffered?: true;
  /** It thanked the customer for a yes: a typed no right after takes the yes back. */
  readonly granted?: true;
  /** It acknowledged the customer's no: a typed yes right after takes the no back. */
  readonly declined?: true;
  /**
   * It confirmed the customer's STOP: asking to stay subscribed right after ("no wait, don't
   * unsubscribe me!") asks for the question again.
   */
  readonly optedOut?: true;
}

/** How many ask times a context keeps; more than any sane `maxAsksPerWindow`. */
export const ASK_TIMES_KEPT = 20;

/** Input of a fresh machine. */
export interface FlowInput {
  readonly language?: string;
}
