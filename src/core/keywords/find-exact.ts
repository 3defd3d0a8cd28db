/**
 * The whole message as one keyword: as written, said twice, spelled out, with a letter held
 * ("siii"), or with a small typo ("stpo").
 */
import type { KeywordEntry, KeywordIndex } from './keyword-index.js';
import type { KeywordMatch } from './keyword-match.js';
import type { PhraseLanguage } from './phrase-index.js';
import { MIN_JOINED_KEYWORD_LENGTH } from './keyword-index.js';
import { isTypo, spelling } from './typo.js';

/**
 * The whole message as one keyword of any kind, as written, said twice, spelled out, or with a
 * letter held ("siii").
 */
export function findExact(
  index: KeywordIndex,
  tokens: readonly string[],
  preferred: string | undefined,
): KeywordMatch | undefined {
  const entries =
    findWhole(index, tokens) ??
    findWhole(index, repeatedUnit(tokens)) ??
    yesOnlyIfPlain(findWhole(index, squeezed(tokens)), tokens);
  const best = entries?.[0];
  if (!entries || !best) return undefined;
  // A yes or a no of one letter ("y", "n") only in its own language: "y" is Spanish's "and".
  const letter = [...tokens.join('')].length === 1 && (best.kind === 'yes' || best.kind === 'no');
  if (letter && preferred !== undefined && !entries.some((e) => e.language === preferred)) {
    return undefined;
  }
  const entry = pickLanguage(
    entries.filter((e) => e.kind === best.kind),
    best,
    preferred,
  );
  return { type: 'exact', kind: best.kind, language: entry.language, keyword: entry.keyword };
}

/** A letter typed three or more times in a row, once ("siii", "yesss", "simmm", "stooop"). */
const HELD_LETTER = /(\p{L})\1{2,}/gu;

/**
 * The yes words a held letter may still be read in: "siii", "yesss", "simmm". A drawn-out
 * "claaaro", "suuuure" or "valeee" is as often sarcasm, and is no yes.
 */
const HELD_YES = new Set(['si', 'sim', 'yes', 'sip', 'yep', 'yup', 'yeah']);

/** Entries found with held letters squeezed: a yes only for a single plain yes word. */
function yesOnlyIfPlain(
  entries: readonly KeywordEntry[] | undefined,
  tokens: readonly string[],
): readonly KeywordEntry[] | undefined {
  if (!entries?.some((entry) => entry.kind === 'yes')) return entries;
  const word = squeezed(tokens)?.join(' ') ?? '';
  return tokens.length === 1 && HELD_YES.has(word) ? entries : undefined;
}

/** A letter typed twice in a row ("sii", "simm"): held only in a word that is a plain yes. */
const DOUBLED_LETTER = /(\p{L})\1/gu;

/**
 * The words with every held letter typed once, when any was held; else `undefined`. A doubled
 * letter counts too when the message is one word that then reads as a plain yes ("sii").
 */
function squeezed(tokens: readonly string[]): readonly string[] | undefined {
  const words = tokens.map((token) => token.replace(HELD_LETTER, '$1'));
  const [only] = words;
  if (words.length === 1 && only !== undefined) {
    const single = only.replace(DOUBLED_LETTER, '$1');
    if (single !== only && HELD_YES.has(single)) return [single];
  }
  return words.some((word, i) => word !== tokens[i]) ? words : undefined;
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
  if (!tokens || tokens.length === 0) return undefined;
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

/** A one-word message that is an opt-out word with a small typo ("stpo", "unsubscibe"). */
export function findTypo(
  index: KeywordIndex,
  word: string,
  preferred: string | undefined,
): KeywordMatch | undefined {
  const typed = spelling(word);
  const entries = index.optOutWords.filter((e) => isTypo(typed, e.spelling));
  const best = entries[0];
  if (!best) return undefined;
  const entry = pickLanguage(entries, best, preferred);
  return { type: 'exact', kind: 'optOut', language: entry.language, keyword: entry.keyword };
}

/** The entry in the preferred language if there is one, else `best` (the best-ranked entry). */
export function pickLanguage(
  entries: readonly KeywordEntry[],
  best: KeywordEntry,
  preferred?: string,
): KeywordEntry {
  return entries.find((e) => e.language === preferred) ?? best;
}

/** The preferred language first, then the flow's order. */
export function ordered(phrases: readonly PhraseLanguage[], preferred: string | undefined) {
  const first = phrases.filter((p) => p.language === preferred);
  return first.length === 0
    ? phrases
    : [...first, ...phrases.filter((p) => p.language !== preferred)];
}
