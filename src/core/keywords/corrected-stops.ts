/**
 * A clause that takes back the stop before it and names the kinds meant instead ("stop the codes,
 * no wait, the promos", "stop promos oops i meant codes", "paren los códigos, digo, las ofertas").
 * Read by the kept kinds' clauses (`kept-kinds.ts`), clause by clause.
 */
import type { ClauseStance } from './clause-stance.js';
import type { KeywordIndex } from './keyword-index.js';
import { NOT, withoutAround } from './excepted-kinds.js';
import { ALSO_WORDS, JOINS, kindsAlone } from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';

/**
 * The words of a clause after a correction that opens it ("no wait, the promos" → "the promos";
 * "scratch that" → none), or `undefined` for a clause that opens with none. A no alone corrects
 * ("stop promos, no, codes"); with more words, a correction needs a word that says so ("wait",
 * "sorry", "i mean"): "no promos" refuses them. Not before kinds added (`nextAdds`: "stop the
 * codes, no, the promos too").
 */
export function afterCorrection(words: readonly string[], nextAdds = false): string[] | undefined {
  let at = 0;
  let says = false;
  while (at < words.length) {
    const pair = `${words[at]} ${words[at + 1] ?? ''}`;
    if (CORRECTING_PAIRS.has(pair)) [at, says] = [at + 2, true];
    else if (CORRECTING.has(words[at]!)) [at, says] = [at + 1, true];
    else if (NO.has(words[at]!)) at += 1;
    else break;
  }
  // ("stop the codes, no, the promos too": added, not meant instead.)
  if (at === 0 || words.some((word) => ALSO_WORDS.has(word))) return undefined;
  const noAlone = !says && at === words.length && at === 1 && !nextAdds;
  return says || noAlone ? words.slice(at) : undefined;
}

/** Where a correction begins inside a clause ("stop promos oops i meant codes"). */
export const CORRECTION_BREAK =
  '(?<=[\\p{L}\\p{N}])(?<!(?:^|\\s)(?:oops|ops|sorry|no|nah))\\s(?=(?:(?:oops|ops|sorry|no|nah) )?(?:i mean|i meant|scratch that|quiero decir|digo|quis dizer|quer dizer|quero dizer)\\s)';

/** Words that take back what was said before them, in the built-in languages. */
const CORRECTING: ReadonlySet<string> = new Set([
  ...['wait', 'sorry', 'oops', 'ops', 'actually', 'correction', 'digo', 'perdon', 'espera'],
  ...['esperen', 'mentira', 'pera', 'perai', 'desculpa', 'desculpe'],
]);

/** Pairs of words that take back what was said before them ("i mean", "scratch that"). */
const CORRECTING_PAIRS: ReadonlySet<string> = new Set([
  ...['i mean', 'i meant', 'or rather', 'scratch that', 'my bad', 'hold on', 'quiero decir'],
  ...['quise decir', 'mejor dicho', 'es decir', 'quis dizer', 'quer dizer', 'quero dizer'],
  ...['ou melhor', 'ou seja'],
]);

/** A no, which may open a correction ("no wait", "no sorry"). */
const NO: ReadonlySet<string> = new Set(['no', 'nah', 'nope', 'nao']);

/**
 * Whether `words` ask to keep what was just named, and nothing else ("keep those", "keep em", "no
 * los paren", "déjenlos", "não parem", "dont").
 */
export function keepsThem(words: readonly string[]): boolean {
  return KEEP_THEM.test(words.join(' '));
}

const KEEP_THEM =
  /^(?:(?:keep|leave) (?:them|those|these|em|it|that)(?: on)?|dont(?: do it)?|no lo hagan|nao faca isso|mantenganlos|mantenlos|dejalos|dejenlos|mantenham|mantenha|deixa|deixem|deixe|(?:dont|do not|no|nao) (?:stop|cancel|paren|quiten|parem|pare|tirem|cancelem)(?: (?:them|em|those|it))?|no (?:los|las) (?:paren|quiten|cancelen)|nao (?:os|as) (?:parem|tirem|cancelem))$/u;

/**
 * What the clause at `at` of `pieces` (see `stanceClauses`) does to the stance before it
 * (`last`) when it takes something back: `keepTakenBack` for a keep taken back ("…, los códigos
 * no, no espera, también los códigos"), `stopTakenBack` for a stop taken back to keep what it
 * named ("stop codes, no wait, keep them"); for a stop taken back at the message's end, the kinds
 * meant instead, read alone ("stop the codes, no wait, the promos", "stop promos oops i meant
 * codes"): that stop, of those kinds. `undefined` for any other clause, and where the kinds after
 * the correction add to the stop ("…, no wait, the promos too"), keep or refuse ("…, no wait,
 * not the promos", "…, no, promos are fine").
 */
export function correctionOf(
  index: KeywordIndex,
  pieces: readonly string[],
  at: number,
  last: ClauseStance | undefined,
): ClauseStance | 'keepTakenBack' | 'stopTakenBack' | undefined {
  if (!last) return undefined;
  const next = phraseWords(pieces[at + 2] ?? '');
  const adds = next.some((word) => ALSO_WORDS.has(word)) || JOINS.has(next[0] ?? '');
  const meant = afterCorrection(withoutAround(phraseWords(pieces[at] ?? '')), adds);
  if (meant === undefined) return undefined;
  if (last.stance === 'keep' && last.notStopped && meant.length === 0) return 'keepTakenBack';
  if (last.stance !== 'stop') return undefined;
  // The kinds meant: in the clause, or alone in the next one, which ends the message.
  const [said, end] = meant.length > 0 ? [meant, at + 2] : [withoutAround(next), at + 4];
  if (end >= pieces.length && keepsThem(said)) return 'stopTakenBack';
  if (!last.match || last.kinds.length === 0) return undefined;
  if (end < pieces.length || adds) return undefined;
  const kinds = kindsAlone(index, said);
  if (kinds.length === 0 || said.some((word) => NOT.has(word))) return undefined;
  return { ...last, kinds, match: { ...last.match, categories: kinds } };
}
