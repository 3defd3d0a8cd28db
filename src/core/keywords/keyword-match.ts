/** What matching a message against a flow's words finds (see `match-keyword.ts`). */
import type { KeywordKind } from './keyword-index.js';

/**
 * The result of matching a message. `exact`: the whole message is the keyword (said twice,
 * spelled out, with filler words such as "please", or with a small typo). `phrase`: the whole
 * message is an opt-out phrasing ("no more messages"). `contains`: the message may mean stop
 * ("please stop it, I'm busy"), which the flow confirms or ignores (`consent.ambiguousStop`).
 * A phrase or sentence that names kinds of messages ("stop sending me promos") has
 * `categories`: the flow categories it names, to offer stopping just those.
 */
export type KeywordMatch =
  | {
      readonly type: 'exact';
      readonly kind: KeywordKind;
      readonly language: string;
      readonly keyword: string;
    }
  | {
      readonly type: 'phrase' | 'contains';
      readonly kind: 'optOut';
      readonly language: string;
      /** The opt-out word or the phrase pattern that matched. */
      readonly keyword: string;
      readonly categories?: readonly string[];
      /** Kinds a clause of the message keeps ("stop the codes but keep the promos"): never offered. */
      readonly kept?: readonly string[];
    }
  | {
      /** The whole message asks to receive messages ("I want to get your offers"). */
      readonly type: 'phrase';
      readonly kind: 'optIn';
      readonly language: string;
      /** The phrase pattern that matched. */
      readonly keyword: string;
    };

/** A match that may mean stop, short of a whole-message opt-out word. */
export type StopMatch = Extract<KeywordMatch, { kind: 'optOut'; type: 'phrase' | 'contains' }>;
