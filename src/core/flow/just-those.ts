/**
 * Words that answer "stop just those?" without its buttons' titles: the kinds it asks about
 * named ("yeah just the promos", "solo las ofertas"), "both" of two ("los dos", "stop both",
 * "both, but not the order updates"), or "just those" in other words ("yes only those").
 */
import type { AnswerKey } from './answer-key.js';
import { kindsNamed } from './answer-key.js';
import { ONLY } from './answer-words.js';
import { STOPPING_VERBS } from '../keywords/index.js';

/**
 * Words that say "both" of two kinds, of every built-in language ("both of them", "ambas"), and
 * "two" after an article ("those two", "los dos", "as duas"; "dos", "la dos" alone may pick the
 * second button): to "stop just those?" about two kinds, those two.
 */
function saysBoth(words: readonly string[]): boolean {
  return words.some(
    (word, i) => BOTH.has(word) || (TWO.has(word) && THOSE.has(words[i - 1] ?? '')),
  );
}

/** The words of {@link saysBoth}, read as words around kinds. */
const BOTH_WORDS: ReadonlySet<string> = new Set([
  ...['both', 'ambos', 'ambas', 'two', 'dos', 'dois', 'duas'],
]);

const BOTH: ReadonlySet<string> = new Set(['both', 'ambos', 'ambas']);
const TWO: ReadonlySet<string> = new Set(['two', 'dos', 'dois', 'duas']);
const THOSE: ReadonlySet<string> = new Set([
  ...['the', 'those', 'these', 'los', 'las', 'esos', 'esas', 'os', 'as', 'esses', 'essas'],
]);

/**
 * Whether `text` (as typed) says "not only" in Spanish or Portuguese: a no right before "solo",
 * "só" ("no solo los códigos", "não só as promoções"; with a comma it is a no, then "only").
 */
export function saysNotOnly(text: string): boolean {
  return NOT_ONLY.test(text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
}

const NOT_ONLY = /(?:^|[^\p{L}])(?:no|nao) +(?:solo|solamente|so|somente|apenas)(?=$|[^\p{L}])/u;

/**
 * Whether `text` (its words) names only kinds being asked about in "stop just those?"
 * (`stopping`), with nothing else than the words around such a choice ("yeah just the promos",
 * "solo las ofertas", "só as promoções"), or says "just those" in other words ("yes only
 * those"; "both", "los dos" of two kinds, unless `unsure`: after a no, or asked), and at most
 * leaves other kinds out ("both, but not the order updates").
 */
export function namesOnly(
  key: AnswerKey,
  text: string,
  stopping: readonly string[],
  unsure: boolean,
): boolean {
  // "nada más esas", "esas nada más": Mexico's "nomás" in two words.
  const said = text.replaceAll(/(?<=^| )nada mas(?= |$)/gu, 'nomas');
  // "both, but not the order updates": kinds not asked about, kept anyway.
  const except = BUT_NOT.exec(said);
  const others = except ? kindsNamed(key, except[2]!.split(' ')) : undefined;
  if (except && !others?.length) return false;
  if (others?.some((id) => stopping.includes(id))) return false;
  const words = (except ? except[1]! : said).split(' ');
  const named = kindsNamed(key, words, BOTH_WORDS) ?? stopsBoth(key, words);
  if (named === undefined) return false;
  if (named.length === 0 && words.some((word) => BOTH_WORDS.has(word))) {
    return stopping.length === 2 && !unsure && saysBoth(words);
  }
  if (named.length === 0) return words.some((word) => ONLY.has(word));
  // Some of them only ("just the promos" of the codes and the promos): asked again about those.
  return named.every((id) => stopping.includes(id)) && stopping.every((id) => named.includes(id));
}

/** "stop both", "pode parar os dois", "paren los dos": no kind named, if both are said. */
function stopsBoth(key: AnswerKey, words: readonly string[]): [] | undefined {
  if (!saysBoth(words)) return undefined;
  const named = kindsNamed(
    key,
    words.filter((word) => !STOP_VERBS.has(word)),
    BOTH_WORDS,
  );
  return named?.length === 0 ? [] : undefined;
}

/**
 * Verbs that stop, in the built-in languages, said of both kinds ("stop both", "parar os dois"):
 * those that stop kinds named, and the ones that also mean "for" elsewhere ("para").
 */
export const STOP_VERBS: ReadonlySet<string> = new Set([
  ...STOPPING_VERBS,
  ...['para', 'parar', 'quita', 'tira'],
]);

/** A "but not" and what follows it, at the end of an answer. */
export const BUT_NOT = /^(.+?) (?:but|pero|mas) (?:not|no|nao) (.+)$/u;
