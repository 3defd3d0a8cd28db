/**
 * THE STOP RULE's matching: a message is compared, after {@link normalizeForMatching}, with
 * every keyword list of a flow (PRODUCT.md, "Keywords are matched like a careful human would").
 */
import type { KeywordLists } from '../flow/definition.js';
import { normalizeForMatching } from './normalize-text.js';

/**
 * The kinds of keyword, in precedence order: when one word is in several lists the earlier kind
 * wins, so a word that is both an opt-out and anything else is an opt-out (safety first).
 */
export const KEYWORD_KINDS = ['optOut', 'optIn', 'help', 'yes', 'no'] as const;
/** One of {@link KEYWORD_KINDS}: which list of the flow a word was found in. */
export type KeywordKind = (typeof KEYWORD_KINDS)[number];

/**
 * The result of matching a message. `exact`: the whole message is the keyword. `contains`: an
 * opt-out keyword occurs as a whole word inside a longer message ("I can't stop laughing"),
 * which the flow may confirm or ignore (`consent.ambiguousStop`). `keyword` is normalised.
 */
export type KeywordMatch =
  | {
      readonly type: 'exact';
      readonly kind: KeywordKind;
      readonly language: string;
      readonly keyword: string;
    }
  | {
      readonly type: 'contains';
      readonly kind: 'optOut';
      readonly language: string;
      readonly keyword: string;
    };

interface KeywordEntry {
  readonly kind: KeywordKind;
  readonly language: string;
  readonly keyword: string;
}

interface OptOutPhrase {
  readonly tokens: readonly string[];
  /** Entries of this phrase, best language first. */
  readonly entries: readonly KeywordEntry[];
}

/**
 * A flow's keywords prepared for matching: one map lookup per message for the exact match, one
 * per word for the opt-out scan. Build it once per flow with {@link buildKeywordIndex}; its
 * fields are internal.
 */
export interface KeywordIndex {
  /** Token key (`tokens.join(' ')`) → entries, best kind first, then best language. */
  readonly exact: ReadonlyMap<string, readonly KeywordEntry[]>;
  /** First token of each opt-out keyword → the opt-out phrases that start with it. */
  readonly optOutByFirstToken: ReadonlyMap<string, readonly OptOutPhrase[]>;
}

/**
 * Words of a normalised text: runs of letters and digits. Both messages and keywords are split
 * the same way, so `opt-out`, `opt out` and `OPT_OUT` are the same two words.
 */
function tokenize(normalized: string): string[] {
  return normalized.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/**
 * Prepares a flow's keyword lists for {@link matchKeyword}. Keywords that normalise to nothing
 * (only emoji or punctuation) cannot be matched and are left out; the flow check should refuse them.
 * @param languageOrder Tie-break when a word is in several languages (e.g. `PARAR` in es and pt)
 *   and the customer's language is not one of them: the earlier language wins. Languages not
 *   listed come after, in the order of `keywords`.
 * @example const index = buildKeywordIndex(flow.keywords, flow.languages);
 */
export function buildKeywordIndex(
  keywords: Readonly<Record<string, KeywordLists>>,
  languageOrder: readonly string[],
): KeywordIndex {
  const languages = [
    ...languageOrder,
    ...Object.keys(keywords).filter((l) => !languageOrder.includes(l)),
  ];
  const kindRank = (k: KeywordKind): number => KEYWORD_KINDS.indexOf(k);
  const languageRank = (l: string): number => languages.indexOf(l);

  const byKey = new Map<string, KeywordEntry[]>();
  for (const [language, lists] of Object.entries(keywords)) {
    for (const kind of KEYWORD_KINDS) {
      for (const raw of lists[kind]) {
        const keyword = normalizeForMatching(raw);
        const key = tokenize(keyword).join(' ');
        if (key === '') continue;
        const entries = byKey.get(key) ?? [];
        if (!entries.some((e) => e.kind === kind && e.language === language)) {
          entries.push({ kind, language, keyword });
        }
        byKey.set(key, entries);
      }
    }
  }

  const optOutByFirstToken = new Map<string, OptOutPhrase[]>();
  for (const [key, entries] of byKey) {
    entries.sort(
      (a, b) =>
        kindRank(a.kind) - kindRank(b.kind) || languageRank(a.language) - languageRank(b.language),
    );
    const optOut = entries.filter((e) => e.kind === 'optOut');
    if (optOut.length === 0) continue;
    const tokens = key.split(' ');
    const first = tokens[0] ?? '';
    const phrases = optOutByFirstToken.get(first) ?? [];
    phrases.push({ tokens, entries: optOut });
    // Longest first, so "stop all" is preferred to "stop" at the same position.
    phrases.sort((a, b) => b.tokens.length - a.tokens.length);
    optOutByFirstToken.set(first, phrases);
  }
  return { exact: byKey, optOutByFirstToken };
}

/**
 * Classifies a message against a flow's keywords: an exact whole-message match of any kind, else
 * an opt-out word inside a longer message (`contains`), else `null`.
 * @param preferredLanguage The contact's language: chosen when the matched word exists in it.
 * @example matchKeyword(index, ' Stop. ') // { type: 'exact', kind: 'optOut', language: 'en', keyword: 'stop' }
 */
export function matchKeyword(
  index: KeywordIndex,
  text: string,
  preferredLanguage?: string,
): KeywordMatch | null {
  const tokens = tokenize(normalizeForMatching(text));
  if (tokens.length === 0) return null;

  const exact = index.exact.get(tokens.join(' '));
  if (exact?.[0]) {
    const best = exact[0];
    const entry = pickLanguage(
      exact.filter((e) => e.kind === best.kind),
      best,
      preferredLanguage,
    );
    return { type: 'exact', kind: best.kind, language: entry.language, keyword: entry.keyword };
  }

  for (let i = 0; i < tokens.length; i += 1) {
    const phrases = index.optOutByFirstToken.get(tokens[i] ?? '');
    if (!phrases) continue;
    const phrase = phrases.find((p) => p.tokens.every((t, j) => tokens[i + j] === t));
    if (phrase?.entries[0]) {
      const entry = pickLanguage(phrase.entries, phrase.entries[0], preferredLanguage);
      return { type: 'contains', kind: 'optOut', language: entry.language, keyword: entry.keyword };
    }
  }
  return null;
}

/** The entry in the preferred language if there is one, else `best` (the best-ranked entry). */
function pickLanguage(
  entries: readonly KeywordEntry[],
  best: KeywordEntry,
  preferred?: string,
): KeywordEntry {
  return entries.find((e) => e.language === preferred) ?? best;
}
