/**
 * Where a message's clauses meet for their stance on the kinds they name (see `kept-kinds.ts`):
 * punctuation, "and", "but", "please" with more after it ("stop codes pls promos are fine"), and
 * before a no or a stopping verb that starts a new stance ("stop the codes not the promos", "stop
 * codes not promos", "no more promos stop the codes").
 */
import type { KeywordIndex } from './keyword-index.js';
import {
  ALSO_WORDS,
  CANCELLING_VERBS,
  EVERYTHING,
  STOPPING_VERBS,
  THEM,
  kindsNamedIn,
} from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';
import { MORE, THE, leftOut, withoutAround } from './excepted-kinds.js';
import { CORRECTION_BREAK } from './corrected-stops.js';

/**
 * `text` split into its clauses for their stances, with what broke them between (clauses at the
 * even places, breaks at the odd ones).
 */
export function stanceClauses(index: KeywordIndex, text: string): string[] {
  let at = 0;
  return text.split(STANCE_BREAKS).flatMap((piece, i) => {
    const pieces = i % 2 === 0 ? splitAtNo(index, text, at, piece) : [piece];
    at += piece.length;
    return pieces;
  });
}

/**
 * Words a stopping verb goes on from, not a new clause: a no ("dont stop the codes"), what
 * leads to a wish ("i want you to stop the codes", "no quiero que paren"), "please", "now" ("ya
 * paren los códigos").
 */
const NOT_BEFORE_STOP = [
  ...['dont', "don't", 'do not', 'not', 'no', 'nao', 'não', 'never', 'nunca', 'to', 'que', 'q'],
  ...['you', 'please', 'pls', 'just', 'can', 'could', 'will', 'would', 'pode', 'podem'],
  ...['now', 'so', 'ya', 'ahora', 'ja', 'já', 'agora', 'entao', 'então', 'pues'],
  // ("no me quiten las ofertas".)
  ...['me', 'nos', 'les', 'lhe', 'te'],
];

/**
 * Where clauses meet for their stance: punctuation, "and", "but", "not just" (kept in the split),
 * and before "not the" or a stopping verb and an article ("no more promos stop the codes").
 */
const STANCE_BREAKS = new RegExp(
  `(${[
    '[,.;:!?¡¿\\n]+',
    '\\s[-–]\\s',
    '\\s(?:and|but|y|pero|e)\\s',
    // "stop codes pls promos are fine": a request ends at "please" before more words (not
    // before "but", which breaks there: "yes please but stop the codes").
    '(?<=[\\p{L}\\p{N}])\\s(?:pls|plz|please|porfa|pfv)\\s(?=[\\p{L}])(?!(?:but|pero|and|y|e|mas)\\s)',
    // ("…mas que continuem os pedidos", "…mas q os pedidos continuem", "…mas sim as ofertas"; not
    // the Spanish "nada más que los pedidos".)
    '\\smas\\s(?=(?:parem|pare|tirem|tire|cancelem|cancele|nao|não|os|as|ainda|quero|preciso|mantenham|mantenha|manter|deixem|deixe|continuar|continuem|tamb[eé]m|sim)\\s|(?:que|q)\\s(?:[^,.;:!?]*\\s)?(?:continuem|sigam)(?:\\s|$))',
    '\\s(?=not (?:the|my|any)\\s)',
    // "stop the codes instead of the promos": the kinds after it are kept.
    '\\s(?=(?:instead of|rather than|en vez de|en lugar de|(?:em vez|ao inves|ao invés) d(?:e|a|o|as|os))\\s)',
    // "stop promos oops i meant codes": a correction.
    CORRECTION_BREAK,
    // "stop the codes not just the promos": the kinds after it are added.
    '\\s(?:not just|not only|no solo|no solamente|n[aã]o s[oó]|n[aã]o apenas|n[aã]o somente)\\s',
    // "stop everything i still want the order updates": a wish for kinds of its own (not "…
    // codes as well i need them": the kinds before it).
    '(?<=[\\p{L}\\p{N}])\\s(?=(?:(?:i|yo|eu) (?:still |only |just |also )?(?:want|need)|sigo queriendo|todav[ií]a quiero|a[uú]n quiero|ainda quero) (?!(?:them|it|those|these)(?:\\s|$)|(?:los|las|eles|elas)$))',
    // (Not after a no or a verb it follows: "dont stop the codes", "i want you to stop the…"; nor
    // after punctuation, which breaks there already.)
    `(?<=[\\p{L}\\p{N}])(?<!(?:^|\\s)(?:${NOT_BEFORE_STOP.join('|')}))\\s(?=(?:${[...STOPPING_VERBS].join('|')}) (?:${[...THE].join('|')})\\s)`,
  ].join('|')})`,
  'iu',
);

/** A no between words: where a stop of kinds may end and the kinds it leaves out begin. */
const NO_BETWEEN = /\s(?=(?:not|no|nao|não|nope|nah|never|nunca)\s)/giu;

/**
 * What may follow the kinds left out, or come between the no and them ("either", "more", "no
 * quiero", "não quero mais").
 */
const AROUND_NO: ReadonlySet<string> = new Set([
  ...ALSO_WORDS,
  ...MORE,
  ...['quiero', 'quero', 'necesito', 'preciso'],
]);

/**
 * A clause of a stop of kinds that leaves others out with a no and no comma ("stop codes not
 * promos", "stop all not promos", "…and promos not order updates", "paren códigos no ofertas",
 * "parem os códigos não as promoções"), or refuses more ("stop codes no more promos", "parem os
 * códigos não quero mais promoções"): the kinds
 * before the first no, then each no's clause, with the breaks between; any other clause as it is.
 * (In English, "stop promos no codes" keeps the codes, as "not codes": offering them could stop
 * what the customer keeps; "stop the codes, no promos", with a comma, refuses both.)
 */
function splitAtNo(index: KeywordIndex, text: string, at: number, clause: string): string[] {
  const noes = [...clause.matchAll(NO_BETWEEN)].map((no) => no.index);
  for (let first = 0; first < noes.length; first += 1) {
    const stop = phraseWords(text.slice(0, at + noes[first]!));
    if (!stop.some((word) => CANCELLING_VERBS.has(word))) continue;
    const own = phraseWords(clause.slice(0, noes[first]));
    // ("stop all not promos", "stop them not promos": every kind.)
    const named =
      own.some((word) => EVERYTHING.has(word) || THEM.has(word)) ||
      kindsNamedIn(index, ` ${own.join(' ')} `, true).size > 0;
    if (!named) continue;
    const ends = [...noes.slice(first), clause.length];
    const parts = ends.slice(0, -1).map((start, i) => clause.slice(start + 1, ends[i + 1]));
    const leaves = parts.every((part) => {
      const words = withoutAround(phraseWords(part)).filter((word) => !AROUND_NO.has(word));
      return leftOut(index, words).length > 0;
    });
    if (!leaves) continue;
    return [clause.slice(0, noes[first]), ...parts.flatMap((part) => [' ', part])];
  }
  return [clause];
}
