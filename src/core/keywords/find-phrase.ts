/**
 * Phrasings of a message ("no more messages", "dejen de mandarme ofertas") and opt-out words
 * inside a sentence, with the kinds they name.
 */
import type { KeywordIndex } from './keyword-index.js';
import type { KeywordMatch, StopMatch } from './keyword-match.js';
import { BUT } from './excepted-kinds.js';
import { ordered, pickLanguage } from './find-exact.js';
import { GOING_ON, kindsNamedPlainly, kindsToStop, namesKindsAndAll } from './named-kinds.js';
import { phrasesToTry } from './phrase-index.js';
/** How many words may be run together to find a keyword inside a sentence (`o p t o u t`: no). */
const MAX_JOINED_WORDS = 3;

/**
 * An opt-out phrasing: of the whole message (`optOut`), anywhere in it (`confirm`), or of the
 * whole message but only maybe (`maybeOptOut`). Only `optOut` stops at once. The phrasing is
 * looked for in `phrased` (`said` unless told), the kinds it names in `said`.
 */
export function findPhrase(
  index: KeywordIndex,
  said: string,
  which: 'optOut' | 'confirm' | 'maybeOptOut' | 'wishAboutKinds',
  preferred: string | undefined,
  phrased = said,
): StopMatch | undefined {
  const found = firstPhrase(index, phrased, which, preferred);
  if (!found) return undefined;
  return withCategories(index, said, {
    type: which === 'optOut' ? 'phrase' : 'contains',
    kind: 'optOut',
    ...found,
  });
}

/** A phrasing of the whole message that asks to receive messages: only once nothing may mean stop. */
export function findOptIn(
  index: KeywordIndex,
  said: string,
  preferred: string | undefined,
): KeywordMatch | undefined {
  const found = firstPhrase(index, said, 'optIn', preferred);
  return found && { type: 'phrase', kind: 'optIn', ...found };
}

/** The first pattern of `which` that `said` matches, the preferred language's first. */
function firstPhrase(
  index: KeywordIndex,
  said: string,
  which: 'optOut' | 'confirm' | 'maybeOptOut' | 'wishAboutKinds' | 'optIn',
  preferred: string | undefined,
): { language: string; keyword: string } | undefined {
  const words = new Set(said.split(' '));
  for (const phrases of ordered(index.phrases, preferred)) {
    const patterns = phrases[which];
    const matched = patterns && phrasesToTry(patterns, words).find((e) => e.regex.test(said));
    if (matched) return { language: phrases.language, keyword: matched.pattern };
  }
  return undefined;
}

/**
 * An opt-out word inside a longer message (as its words, or a long one run together), unless
 * the message uses it in a way that is no stop ("stop by", "can't stop laughing") and does not
 * speak of messages.
 */
export function findInSentence(
  index: KeywordIndex,
  tokens: readonly string[],
  said: string,
  preferred: string | undefined,
): KeywordMatch | undefined {
  const found = sentenceWord(index, tokens);
  if (!found?.entries[0]) return undefined;
  const languages = index.phrases;
  const notStop = languages.some((p) => p.notStop?.test(said));
  const aboutMessages = languages.some((p) => p.aboutMessages?.test(said));
  if (notStop && !aboutMessages) return undefined;
  const entry = pickLanguage(found.entries, found.entries[0], preferred);
  const stop = {
    type: 'contains',
    kind: 'optOut',
    language: entry.language,
    keyword: entry.keyword,
  } as const;
  // The kinds right after the word, to the end of its clause, when they are all it says
  // ("quiero parar los códigos pero que sigan las ofertas": the codes, not the offers).
  const kinds = kindsNamedPlainly(index, clauseAfter(tokens, found.at + found.length));
  return kinds.length > 0 ? { ...stop, categories: kinds } : withCategories(index, said, stop);
}

/**
 * The words from `tokens[from]` to the end of their clause, at "but", "pero", "mas" (Portuguese
 * "but"), "y que", "e que" ("…y que sigan las ofertas") or "que sigan"; none when no other
 * clause follows.
 */
function clauseAfter(tokens: readonly string[], from: number): readonly string[] {
  const rest = tokens.slice(from);
  const closes = rest.findIndex(
    (token, i) =>
      BUT.has(token) ||
      (AND.has(token) && rest[i + 1] === 'que') ||
      (token === 'que' && GOING_ON.has(rest[i + 1] ?? '')),
  );
  return closes < 0 ? [] : rest.slice(0, closes);
}

const AND: ReadonlySet<string> = new Set(['y', 'e']);

function sentenceWord(index: KeywordIndex, tokens: readonly string[]) {
  for (let i = 0; i < tokens.length; i += 1) {
    const words = index.sentenceWords.get(tokens[i] ?? '');
    const word = words?.find((w) => w.tokens.every((t, j) => tokens[i + j] === t));
    if (word) return { entries: word.entries, at: i, length: word.tokens.length };
  }
  for (let i = 0; i < tokens.length; i += 1) {
    for (let n = 2; n <= MAX_JOINED_WORDS && i + n <= tokens.length; n += 1) {
      const entries = index.sentenceCompact.get(tokens.slice(i, i + n).join(''));
      if (entries?.[0]) return { entries, at: i, length: n };
    }
  }
  return undefined;
}

/**
 * The categories a message names: its MARKETING categories for "promos", "ofertas"…, and any
 * category whose label it says ("order updates"). None named: the match as it is.
 */
export function withCategories(index: KeywordIndex, said: string, match: StopMatch): StopMatch {
  // Marketing and messages in general ("promociones ni mensajes"): not just those kinds, so the
  // bot asks whether to stop everything.
  if (namesKindsAndAll(index, said)) return { ...match, type: 'contains' };
  const categories = kindsToStop(index, said);
  if (categories.length > 0) return { ...match, categories };
  // Named a kind of message the flow does not send ("promos" without a marketing category):
  // the customer may want everything stopped, so the bot asks rather than acting.
  const namedKind = index.phrases.some((p) => p.marketing?.test(said));
  return namedKind ? { ...match, type: 'contains' } : match;
}
