/**
 * What a flow machine remembers between turns (persisted in its snapshot).
 * Consent itself is not here: it lives in the ledger and reaches the machine as turn facts.
 */
export interface FlowContext {
  /** The language replies are written in. */
  readonly language: string;
  /** Message times at which the question was shown (bounded), for the per-window limit. */
  readonly askTimes: readonly number[];
  /** The question last shown: its exact text is the evidence of a yes. */
  readonly question?: { readonly text: string; readonly at: number };
  /**
   * Progress through "let me choose": the position of the category being asked, its id (so a
   * flow reload that moves or removes categories cannot make a "yes" count for another one),
   * and the categories accepted so far.
   */
  readonly choosing?: {
    readonly index: number;
    readonly asking?: string;
    readonly chosen: readonly string[];
  };
}

/** How many ask times a context keeps; more than any sane `maxAsksPerWindow`. */
export const ASK_TIMES_KEPT = 20;

/** Input of a fresh machine. */
export interface FlowInput {
  readonly language?: string;
}
