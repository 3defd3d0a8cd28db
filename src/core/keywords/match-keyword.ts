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
 * A flow's keywords prepared for matching: a few map lookups per message for the exact match, one
 * per word for the opt-out scan. Build it once per flow with {@link buildKeywordIndex}; its
 * fields are internal.
 */
export interface KeywordIndex {
  /** Token key (`tokens.join(' ')`) → entries, best kind first, then best language. */
  readonly exact: ReadonlyMap<string, readonly KeywordEntry[]>;
  /**
   * The same entries under their words run together (`tokens.join('')`), so `opt out` finds
   * OPTOUT, `stop all` finds STOPALL and `S.T.O.P.` finds STOP.
   */
  readonly compact: ReadonlyMap<string, readonly KeywordEntry[]>;
  /** First token of each opt-out keyword → the opt-out phrases that start with it. */
  readonly optOutByFirstToken: ReadonlyMap<string, readonly OptOutPhrase[]>;
  /** Long opt-out keywords with their words run together, for `opt out` inside a sentence. */
  readonly optOutCompact: ReadonlyMap<string, readonly KeywordEntry[]>;
}

/** How many words may be run together to find a keyword inside a sentence (`o p t o u t`: no). */
const MAX_JOINED_WORDS = 3;
/**
 * Only keywords this long are looked for with their words run together (`opt out` is OPTOUT),
 * except when spelled out letter by letter: two short words easily make a short keyword by
 * chance (`ba já` is not BAJA).
 */
const MIN_JOINED_KEYWORD_LENGTH = 6;

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

  const byRank = (a: KeywordEntry, b: KeywordEntry) =>
    kindRank(a.kind) - kindRank(b.kind) || languageRank(a.language) - languageRank(b.language);
  const compact = new Map<string, KeywordEntry[]>();
  const optOutByFirstToken = new Map<string, OptOutPhrase[]>();
  for (const [key, entries] of byKey) {
    entries.sort(byRank);
    const joined = key.replaceAll(' ', '');
    const known = compact.get(joined) ?? [];
    const added = entries.filter(
      (e) => !known.some((k) => k.kind === e.kind && k.language === e.language),
    );
    compact.set(joined, [...known, ...added].sort(byRank));
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
  const optOutCompact = new Map<string, KeywordEntry[]>();
  for (const [joined, entries] of compact) {
    const optOut = entries.filter((e) => e.kind === 'optOut');
    if (optOut.length > 0 && [...joined].length >= MIN_JOINED_KEYWORD_LENGTH) {
      optOutCompact.set(joined, optOut);
    }
  }
  return { exact: byKey, compact, optOutByFirstToken, optOutCompact };
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

  const exact = findWhole(index, tokens) ?? findWhole(index, repeatedUnit(tokens));
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
  for (let i = 0; i < tokens.length; i += 1) {
    for (let n = 2; n <= MAX_JOINED_WORDS && i + n <= tokens.length; n += 1) {
      const entries = index.optOutCompact.get(tokens.slice(i, i + n).join(''));
      if (!entries?.[0]) continue;
      const entry = pickLanguage(entries, entries[0], preferredLanguage);
      return { type: 'contains', kind: 'optOut', language: entry.language, keyword: entry.keyword };
    }
  }
  return null;
}

/**
 * The entries of a whole message: its words as written, else run together when that is how a
 * person splits a keyword: spelled out letter by letter (`S.T.O.P.`), or a long keyword in
 * words (`opt out`). Two short words that happen to make a short keyword (`ba já`) do not count.
 */
function findWhole(
  index: KeywordIndex,
  tokens: readonly string[] | undefined,
): readonly KeywordEntry[] | undefined {
  if (!tokens) return undefined;
  const exact = index.exact.get(tokens.join(' '));
  if (exact) return exact;
  const joined = tokens.join('');
  const spelled = tokens.every((t) => [...t].length === 1);
  if (!spelled && [...joined].length < MIN_JOINED_KEYWORD_LENGTH) return undefined;
  return index.compact.get(joined);
}

/**
 * The words a message repeats, when it is nothing but one phrase said again: `STOP STOP` and
 * `stop\nstop\nstop` are STOP, as a careful human reads them. Undefined otherwise.
 */
function repeatedUnit(tokens: readonly string[]): readonly string[] | undefined {
  for (let size = 1; size <= tokens.length / 2; size += 1) {
    if (tokens.length % size !== 0) continue;
    if (tokens.every((t, i) => t === tokens[i % size])) return tokens.slice(0, size);
  }
  return undefined;
}

/** The entry in the preferred language if there is one, else `best` (the best-ranked entry). */
function pickLanguage(
  entries: readonly KeywordEntry[],
  best: KeywordEntry,
  preferred?: string,
): KeywordEntry {
  return entries.find((e) => e.language === preferred) ?? best;
}
