/**
 * Where a message's clauses meet for their stance on the kinds they name (see `kept-kinds.ts`):
 * punctuation, "and", "but", and before a no or a stopping verb that starts a new stance ("stop
 * the codes not the promos", "stop codes not promos", "no more promos stop the codes").
 */
import type { KeywordIndex } from './keyword-index.js';
import { STOPPING_VERBS, kindsNamedIn } from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';
import { THE, leftOut } from './excepted-kinds.js';

/**
 * `text` split into its clauses for their stances, with what broke them between (clauses at the
 * even places, breaks at the odd ones).
 */
export function stanceClauses(index: KeywordIndex, text: string): string[] {
  return text
    .split(STANCE_BREAKS)
    .flatMap((piece, i) => (i % 2 === 0 ? splitAtNo(index, piece) : [piece]));
}

/**
 * Words a stopping verb goes on from, not a new clause: a no ("dont stop the codes"), what
 * leads to a wish ("i want you to stop the codes", "no quiero que paren"), "please".
 */
const NOT_BEFORE_STOP = [
  ...['dont', "don't", 'do not', 'not', 'no', 'nao', 'não', 'never', 'nunca', 'to', 'que', 'q'],
  ...['you', 'please', 'pls', 'just', 'can', 'could', 'will', 'would', 'pode', 'podem'],
];

/**
 * Where clauses meet for their stance: punctuation, "and", "but" (kept in the split), and before
 * "not the" or a stopping verb and an article ("no more promos stop the codes").
 */
const STANCE_BREAKS = new RegExp(
  `(${[
    '[,.;:!?¡¿\\n]+',
    '\\s[-–]\\s',
    '\\s(?:and|but|y|pero|e)\\s',
    '\\smas\\s(?=(?:parem|pare|tirem|tire|cancelem|cancele|nao|não|os|as|ainda|quero|preciso)\\s)',
    '\\s(?=not (?:the|my|any)\\s)',
    // (Not after a no or a verb it follows: "dont stop the codes", "i want you to stop the…".)
    `(?<!(?:^|\\s)(?:${NOT_BEFORE_STOP.join('|')}))\\s(?=(?:${[...STOPPING_VERBS].join('|')}) (?:${[...THE].join('|')})\\s)`,
  ].join('|')})`,
  'iu',
);

/** A no between words: where a stop of kinds may end and the kinds it leaves out begin. */
const NO_BETWEEN = /\s(?=(?:not|no|nao|não)\s)/giu;

/**
 * A clause that stops kinds and leaves others out with a bare no and no comma ("stop codes not
 * promos", "paren códigos no ofertas", "parem os códigos não as promoções"): the stop, a break,
 * and the no; any other clause as it is.
 */
function splitAtNo(index: KeywordIndex, clause: string): string[] {
  for (const no of clause.matchAll(NO_BETWEEN)) {
    const stop = phraseWords(clause.slice(0, no.index));
    const left = phraseWords(clause.slice(no.index + 1));
    if (!stop.some((word) => STOPPING_VERBS.has(word))) continue;
    if (kindsNamedIn(index, ` ${stop.join(' ')} `, true).size === 0) continue;
    if (leftOut(index, left).length === 0) continue;
    return [clause.slice(0, no.index), no[0], clause.slice(no.index + 1)];
  }
  return [clause];
}
