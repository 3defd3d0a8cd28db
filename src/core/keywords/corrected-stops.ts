/**
 * A clause that takes back the stop before it and names the kinds meant instead ("stop the codes,
 * no wait, the promos", "stop promos oops i meant codes", "paren los códigos, digo, las ofertas").
 * Read by the kept kinds' clauses (`kept-kinds.ts`), clause by clause.
 */
import type { ClauseStance } from './clause-stance.js';
import type { KeywordIndex } from './keyword-index.js';
import { NOT, withoutAround } from './excepted-kinds.js';
import {
  ALSO_WORDS,
  EVERYTHING,
  JOINS,
  ONLY_WORDS,
  STOPPING_VERBS,
  kindsAlone,
} from './named-kinds.js';
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
  ...['esperen', 'mentira', 'mejor', 'pera', 'perai', 'desculpa', 'desculpe', 'melhor', 'alias'],
]);

/** Pairs of words that take back what was said before them ("i mean", "scratch that"). */
const CORRECTING_PAIRS: ReadonlySet<string> = new Set([
  ...['i mean', 'i meant', 'or rather', 'scratch that', 'my bad', 'hold on', 'quiero decir'],
  ...['quise decir', 'mejor dicho', 'es decir', 'quis dizer', 'quer dizer', 'quero dizer'],
  ...['ou melhor', 'ou seja', 'melhor dizendo'],
]);

/** A no, which may open a correction ("no wait", "no sorry"). */
const NO: ReadonlySet<string> = new Set(['no', 'nah', 'nope', 'nao', 'bueno']);

/**
 * Whether `words` ask to keep what was just named, and nothing else ("keep those", "keep em", "no
 * los paren", "déjenlos", "não parem", "dont").
 */
export function keepsThem(words: readonly string[]): boolean {
  const said = words.join(' ');
  return KEEP_THEM.test(said) || KEEP_ALONE.has(said);
}

/** A word alone that keeps what was just named ("promos: stop. codes: keep."). */
const KEEP_ALONE: ReadonlySet<string> = new Set([
  ...['keep', 'stay', 'stays', 'fine', 'ok', 'okay', 'keep it', 'leave it', 'leave'],
  ...['mantener', 'mantengan', 'dejar', 'siguen', 'sigan', 'manter', 'continuem', 'continua'],
]);

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
  const words = withoutAround(phraseWords(pieces[at] ?? ''));
  // The next clause that says anything, with the breaks before it ("…, no espera, y las ofertas").
  let to = at + 2;
  while (to < pieces.length && phraseWords(pieces[to] ?? '').length === 0) to += 2;
  const next = phraseWords(pieces.slice(at + 1, to + 1).join(' '));
  const adds = next.some((word) => ALSO_WORDS.has(word)) || JOINS.has(next[0] ?? '');
  // The words of the clauses after this one, to the message's end.
  const later: string[][] = [];
  for (let j = at + 2; j < pieces.length; j += 2) {
    const said = withoutAround(phraseWords(pieces[j] ?? ''));
    if (said.length > 0) later.push(said);
  }
  const meant = afterCorrection(words, adds);
  if (meant === undefined) {
    // "stop codes - nvm", "stop the codes. no keep them"; "stop orders. jk. stop promos".
    const wholly = later.length === 0 || TAKEN_BACK.test(words.join(' '));
    const back = last.stance === 'stop' && wholly && takesBack(words);
    return back ? 'stopTakenBack' : undefined;
  }
  if (last.stance === 'keep' && last.notStopped && meant.length === 0) return 'keepTakenBack';
  if (last.stance !== 'stop') return undefined;
  // What was meant: in the clause, and the clauses after it.
  const parts = meant.length > 0 ? [meant, ...later] : later;
  const [only] = parts;
  if (parts.length === 1 && takesBack(only!)) return 'stopTakenBack';
  // (Kinds added after a correction alone add to the stop: "…, no espera, y las ofertas".)
  if (!last.match || (adds && meant.length === 0) || parts.length === 0) return undefined;
  const { type, kind, language, keyword } = last.match;
  // "paren los códigos, mejor dicho todo", "…, actually no, stop everything": everything.
  const all = (word: string) =>
    EVERYTHING.has(word) || STOPPING_VERBS.has(word) || AROUND_ALL.has(word);
  if (parts.length === 1 && only!.every(all) && only!.some((word) => EVERYTHING.has(word))) {
    return { ...last, kinds: [], match: { type, kind, language, keyword } };
  }
  const kinds = new Set<string>();
  for (const part of parts) {
    const named = kindsAlone(
      index,
      part.filter((word) => !ONLY_WORDS.has(word)),
    );
    if (named.length === 0 || part.some((word) => NOT.has(word))) return undefined;
    for (const id of named) kinds.add(id);
  }
  return { ...last, kinds: [...kinds], match: { ...last.match, categories: [...kinds] } };
}

/**
 * Whether `words` take back the stop before them, with a no or not: "keep them", "no keep them",
 * "nvm", "mejor no", "não parem nada".
 */
function takesBack(words: readonly string[]): boolean {
  let at = 0;
  while (NO.has(words[at] ?? '')) at += 1;
  const rest = words.slice(at);
  return [words, rest].some((said) => keepsThem(said) || TAKEN_BACK.test(said.join(' ')));
}

/** Words around "everything" in a correction ("all of it", "everything really", "tudo mesmo"). */
const AROUND_ALL: ReadonlySet<string> = new Set([
  ...['of', 'it', 'them', 'really', 'then', 'the', 'lo', 'de', 'eso', 'isso', 'mesmo', 'pues'],
]);

/** Words that take back all that was said before them ("nvm", "jk", "mejor no", "esquece"). */
const TAKEN_BACK =
  /^(?:(?:no|nah|oops|sorry|wait|actually|bueno) )*(?:nvm|never ?mind|jk|just kidding|ignore (?:that|it)|forget (?:it|that)|cancel that|olvidalo|olvidenlo|olvida eso|mejor no|ya no|nada|esquece|esquece isso|deixa pra la|deixa|melhor nao|nada nao|(?:no|nao) (?:paren|parem|pare|cancelen|cancelem) nada)$/u;
