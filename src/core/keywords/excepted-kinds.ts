/**
 * Kinds a message leaves out of its wish to stop with a no: "not the promos" after a stop or
 * before one (a correction), "but not the order updates" after kinds named, "pero no ofertas"
 * after a stop; and the kinds of several clauses that each stop some ("no more promos, stop the
 * codes"). Read by the kept kinds' clauses (`kept-kinds.ts`) and the clause matcher.
 */
import type { KeywordIndex } from './keyword-index.js';
import {
  ALREADY,
  ALSO_WORDS,
  CANCELLING_VERBS,
  complains,
  EVERYTHING,
  LEAVE_OFF,
  ONLY_WORDS,
  STOPPING_VERBS,
  THEM,
  isLaugh,
  kindsAlone,
  kindsNamedIn,
  labelWordKind,
  namesKindsAndAll,
} from './named-kinds.js';
import { PUNCTUATION_BREAK, asks } from './message-clauses.js';
import { phraseWords } from './phrase-pattern.js';
import type { KeywordMatch } from './keyword-match.js';
import type { ClauseStance } from './clause-stance.js';
import { PLEASE_WORDS } from './named-kinds.js';

/** A no, in the built-in languages ("nope the promos" as "no the promos"). */
export const NOT: ReadonlySet<string> = new Set([
  'not',
  'no',
  'nao',
  'nope',
  'nah',
  'never',
  'nunca',
]);

/** The articles after which a no leaves kinds out ("not the promos", "no las ofertas"). */
export const THE: ReadonlySet<string> = new Set([
  'the',
  'my',
  'los',
  'las',
  'mis',
  'os',
  'as',
  'meus',
]);

/**
 * Whether `words` leave kinds out of a stop before them ("…, not the promos", "pero no las
 * ofertas"): a no and an article; not a refusal added to it ("no promos", "not the promos
 * either").
 */
export function notThe(words: readonly string[]): boolean {
  return NOT.has(words[0]!) && THE.has(words[1] ?? '') && !addsToRefusal(words);
}

/**
 * Whether `words` open with a no and add to nothing ("not codes", "no códigos", "não códigos";
 * not "not codes either", "não mais promoções").
 */
export function notBare(words: readonly string[]): boolean {
  return NOT.has(words[0]!) && !MORE.has(words[1] ?? '') && !addsToRefusal(words);
}

/** "More" after a no, which refuses more ("no more promos", "no más ofertas", "não mais promoções"). */
export const MORE: ReadonlySet<string> = new Set(['more', 'mas', 'mais']);

function addsToRefusal(words: readonly string[]): boolean {
  return words.some((word) => ALSO_WORDS.has(word)) || / as well$/u.test(words.join(' '));
}

/**
 * The kinds a clause after a stop leaves out with "but" and a bare no before or after them (see
 * `keepingClauses`), none for more words ("but no more promos", "pero no ofertas tampoco").
 */
export function exceptedAfterStop(index: KeywordIndex, after: string, piece: string): string[] {
  const words = phraseWords(piece).filter((word) => !isLaugh(word));
  if (BUT.has(words[0] ?? '')) return leftOut(index, words.slice(1));
  return BUT.has(phraseWords(after)[0] ?? '') ? leftOut(index, words) : [];
}

/**
 * The kinds `words` leave out with a no and nothing else ("not the promos", "no ofertas", "as
 * promoções não"); none with more words ("no more promos", "not the promos either").
 */
export function leftOut(index: KeywordIndex, words: readonly string[]): string[] {
  const [first, last] = [words[0] ?? '', words.at(-1) ?? ''];
  // ("not from the order updates", "no de los pedidos")
  const from = NOT.has(first) && OF.has(words[1] ?? '') ? 2 : 1;
  const named = NOT.has(first) ? words.slice(from) : NOT.has(last) ? words.slice(0, -1) : [];
  if (named.length === 0 || named.some((word) => ALSO_WORDS.has(word))) return [];
  return kindsAlone(index, named);
}

/**
 * What ties kinds left out to the wish ("not from the order updates", "no de los pedidos", "no to
 * the promos").
 */
const OF: ReadonlySet<string> = new Set([
  'from',
  'of',
  'to',
  'de',
  'del',
  'do',
  'da',
  'dos',
  'das',
]);

/** `words` without the noes they open with before the one of "not the" ("no no las ofertas"). */
export function pastNo(words: readonly string[]): readonly string[] {
  let at = 0;
  while (NOT.has(words[at] ?? '') && !THE.has(words[at + 1] ?? '')) at += 1;
  return words.slice(at);
}

/** "But" in the built-in languages. */
export const BUT: ReadonlySet<string> = new Set(['but', 'pero', 'mas']);

/**
 * Whether `clause` of `text` leaves kinds out of a stop or of kinds named before it, after "but"
 * ("both, but not the order updates", "los dos pero no los pedidos", "paren los códigos pero no
 * las ofertas"): no wish to stop those kinds. Not after a yes or a wish for kinds ("yes but not
 * the promos", "mándenme los códigos pero no las ofertas": those refuse), nor a refusal ("i like
 * the updates but no more promos").
 */
export function exceptedAfterBut(index: KeywordIndex, text: string, clause: string): boolean {
  const words = phraseWords(clause).filter((word) => !isLaugh(word));
  const at = text.indexOf(clause);
  const before = at > 0 ? phraseWords(text.slice(0, at)) : [];
  const opensWithBut = BUT.has(words[0] ?? '');
  if (!opensWithBut && !BUT.has(before.at(-1) ?? '')) return false;
  const lead = opensWithBut ? before : before.slice(0, -1);
  const rest = opensWithBut ? words.slice(1) : words;
  if (lead.length === 0 || leftOut(index, rest).length === 0) return false;
  return (
    lead.some((word) => STOPPING_VERBS.has(word)) ||
    lead.every(
      (word) =>
        NAMING.has(word) ||
        ALSO_WORDS.has(word) ||
        index.marketingWords.has(word) ||
        index.messageWords.has(word) ||
        labelWordKind(index, word) !== undefined,
    )
  );
}

/** Words around kinds named alone, or both of them ("both", "los dos", "just the codes"). */
const NAMING: ReadonlySet<string> = new Set([
  ...ONLY_WORDS,
  ...['both', 'ambos', 'ambas', 'two', 'dos', 'dois', 'duas', 'and', 'y', 'e'],
  ...['the', 'those', 'these', 'los', 'las', 'esos', 'esas', 'os', 'as', 'esses', 'essas'],
]);

/** Words said around a clause's stance: please, thanks, though ("not the promos thx"). */
export const AROUND_STANCE: ReadonlySet<string> = new Set([
  ...PLEASE_WORDS,
  ...['thx', 'thanks', 'ty', 'tysm', 'gracias', 'grax', 'obrigado', 'obrigada', 'obrigadao'],
  ...['brigado', 'brigada', 'valeu', 'vlw', 'obg', 'obgd'],
  ...['though', 'tho'],
]);

/** Words said together around a stance: "por favor", "thank you so much", "mil gracias". */
const AROUND_PHRASES: readonly (readonly string[])[] = [
  ...['por favor', 'thank you', 'thank u', 'thank you so much', 'thanks so much', 'ty so much'],
  ...['thanks a lot', 'muchas gracias', 'muchisimas gracias', 'mil gracias', 'muito obrigado'],
  ...['muito obrigada', 'valeu mesmo'],
].map((phrase) => phrase.split(' '));

/**
 * `words` without those said around a clause's stance (`AROUND_STANCE`, `AROUND_PHRASES`) and
 * laughs: "não as promoções por favor", "…y codigos muchas gracias", "not the promos lol".
 */
export function withoutAround(words: readonly string[]): string[] {
  const inPhrase = new Set<number>();
  for (const [at] of words.entries()) {
    for (const phrase of AROUND_PHRASES) {
      if (phrase.every((word, i) => words[at + i] === word)) {
        for (const i of phrase.keys()) inPhrase.add(at + i);
      }
    }
  }
  return words.filter((word, i) => !AROUND_STANCE.has(word) && !isLaugh(word) && !inPhrase.has(i));
}

/**
 * Turns into keeps (in place) the stances of clauses that leave kinds out of a stop with a no
 * (see `excepted-kinds.ts`), `clauses` being each stance's clause and the break before it.
 */
export function keepExceptions(
  index: KeywordIndex,
  stances: ClauseStance[],
  clauses: readonly { piece: string; after: string }[],
): void {
  // "stop promos but not order updates", "paren códigos pero no ofertas", "parem os códigos, mas
  // as promoções não": after a stop, "but" and a bare no leave kinds out.
  for (let i = 1; i < stances.length; i += 1) {
    const previous = stances[i - 1]!;
    // ("no more promos but no codes" refuses both; "no more messages but not the codes" keeps.)
    if (previous.stance !== 'stop' || (previous.refusal && previous.kinds.length > 0)) continue;
    const kinds = exceptedAfterStop(index, clauses[i]!.after, clauses[i]!.piece);
    if (kinds.length > 0) stances[i] = { stance: 'keep', kinds, notStopped: true };
    // "stop pls but i still need the order updates": kinds wanted, after "but".
    const current = stances[i]!;
    const wanted =
      current.stance === 'keep' &&
      !current.fine &&
      !current.negated &&
      BUT.has(phraseWords(clauses[i]!.after)[0] ?? '');
    if ((!current.notStopped && !wanted) || previous.kinds.length > 0) continue;
    // "i said stop the codes not the promos": the kinds the stop names, read alone; with none
    // ("stop but not the order updates", "no more messages, not the codes"), every other kind.
    const named = [
      ...kindsNamedIn(index, ` ${phraseWords(clauses[i - 1]!.piece).join(' ')} `, true),
    ];
    stances[i - 1] = named.length > 0 ? { ...previous, kinds: named } : { ...previous, rest: true };
  }
  // "not the promos, stop the codes", "no no las ofertas, paren los códigos", "não, as
  // promoções não, parem os códigos", "the order updates no, stop the rest": a correction that
  // opens with the kinds not to stop, then stops others. Those kinds are kept.
  const [first, next] = stances;
  const opening = pastNo(phraseWords(clauses[0]?.piece ?? ''));
  const opens =
    first?.stance === 'stop' &&
    (notThe(opening) || (opening.length > 1 && NOT.has(opening.at(-1)!)));
  if (!opens) return;
  // "not the promos, the codes": the kinds listed right after are the ones to stop ("…, the
  // codes too" adds them to the refusal).
  const adds = phraseWords(clauses[1]?.piece ?? '').some((word) => ALSO_WORDS.has(word));
  if (next?.stance === 'listed' && !adds && next.kinds.some((id) => !first.kinds.includes(id))) {
    stances[1] = { stance: 'stop', kinds: next.kinds };
  }
  // ("no the promos, stop the codes too" may refuse both: the promos are kept, as offering them
  // could stop what the customer keeps.)
  const corrected = stances
    .slice(1)
    .some(
      (s) =>
        s.stance === 'stop' &&
        !s.refusal &&
        (s.rest === true || s.kinds.some((id) => !first.kinds.includes(id))),
    );
  if (corrected) stances[0] = { stance: 'keep', kinds: first.kinds, notStopped: true };
}

/**
 * With nothing kept, the kinds of every clause that stops some ("no more promos, stop the codes",
 * "no offers, no codes"): `whole` found the first clause's alone, or as a whole, nothing
 * ("paren los códigos, también las ofertas": then the first stop's wish, where it stands on its
 * own, with every clause's kinds). `undefined` when that is all, or when `text` asks anything.
 */
export function everyKindStopped(
  index: KeywordIndex,
  text: string,
  stances: readonly ClauseStance[],
  clauses: readonly { piece: string; after: string }[],
  whole: KeywordMatch | null,
): KeywordMatch | undefined {
  const stopping = stances.filter((s) => s.stance === 'stop');
  // A clause that stops may ask ("stop the codes? no wait"); one after a question does not
  // ("why do i get promos? stop the codes").
  if (stances.some((s, i) => s.stance === 'stop' && asks(text, clauses[i]!.piece))) {
    return undefined;
  }
  if (stopping.length === 0 || stopping.some((s) => s.kinds.length === 0)) return undefined;
  const first = stances.indexOf(stopping[0]!);
  // ("hi, stop the codes": as a whole, "stop" read alone, a stop of everything; not "stop
  // sending me promos and messages", every kind.)
  const named = whole?.kind === 'optOut' && whole.type !== 'exact' && whole.categories?.length;
  // (Nor "stop codes, well everything really": everything; not "…, as promoções tudo certo".)
  const allSaid = text.split(PUNCTUATION_BREAK).some((clause) => {
    const words = phraseWords(clause);
    const all = words.some((word) => EVERYTHING.has(word));
    return all && kindsNamedIn(index, ` ${words.join(' ')} `, true).size === 0;
  });
  const everything = allSaid || namesKindsAndAll(index, ` ${phraseWords(text).join(' ')} `);
  // (The first stop said with its words: "codes are annoying, stop them".)
  const worded = stopping.find((s) => s.match) ?? stopping[0]!;
  const standing = standsAlone(clauses[stances.indexOf(worded)]!) && !everything;
  const own = standing ? worded.match : undefined;
  const read = named ? whole : (own ?? whole);
  const alone = read === own;
  if (read?.kind !== 'optOut' || read.type === 'exact' || !read.categories?.length)
    return undefined;
  // Each a plain stop or refusal of kinds, or a complaint of them ("sick of the codes. stop
  // them"): not "no need to stop the codes", "no wait keep them".
  const plain = () =>
    stances.every((s, i) => {
      const words = phraseWords(clauses[i]!.piece);
      const complaint = s.kinds.length > 0 && complains(words);
      return s.stance !== 'stop' || s.listed || complaint || plainStop(index, words);
    });
  if (stopping.length === 1) {
    const [only, said] = [stopping[0]!, phraseWords(clauses[first]!.piece)];
    // One stop that adds to what the message read ("you keep sending promos, stop the codes too"),
    // read with the others below; or one of other kinds than the message read, outside any clause
    // that stops: that stop's ("stop codes, not sure about promos": the codes).
    const added = said.some((word) => ALSO_WORDS.has(word));
    const elsewhere =
      !only.refusal &&
      only.kinds.every((id) => !read.categories?.includes(id)) &&
      said.some((word) => STOPPING_VERBS.has(word));
    if (!added) {
      if (elsewhere) return { ...read, categories: [...only.kinds] };
      return alone && plain() ? read : undefined;
    }
  }
  if (!plain()) return undefined;
  const categories = [...new Set([...read.categories, ...stopping.flatMap((s) => s.kinds)])];
  const more = categories.length > read.categories.length;
  return more || alone ? { ...read, categories } : undefined;
}

/**
 * Whether a clause that stops stands on its own: it opens the message or follows punctuation,
 * or "but" before a stopping verb ("hola, paren los códigos", "eu gosto das promoções mas parem
 * os códigos"); and no no opens a stopping verb's clause ("no me quiten los códigos"). Not "i
 * didnt say stop the codes", "order updates and codes but no offers".
 */
function standsAlone(clause: { piece: string; after: string }): boolean {
  const words = phraseWords(clause.piece);
  const verb = words.some((word) => STOPPING_VERBS.has(word));
  if (verb && NOT_OPENING.has(words[0] ?? '')) return false;
  if (clause.after === '' || PUNCTUATION_BREAK.test(clause.after)) return true;
  return BUT.has(clause.after.trim().toLowerCase()) && STOPPING_VERBS.has(words[0] ?? '');
}

/** A no that opens a clause, in the built-in languages ("dont stop", "no me quiten"). */
const NOT_OPENING: ReadonlySet<string> = new Set([...NOT, 'dont', 'do', 'please', 'pls']);

/**
 * Whether `words` only stop kinds: a stopping verb and kinds ("stop the codes", "paren los
 * códigos"), a refusal and kinds ("no more promos", "nada de ofertas", "sin ofertas"), kinds and
 * a no ("promos no thanks"), or kinds added to a stop before ("codes too", "also stop the codes").
 */
function plainStop(index: KeywordIndex, words: readonly string[]): boolean {
  const around = withoutAround(words);
  // A stop before the kinds listed after it ("stop. codes. promos."), or of them ("stop them").
  const verbs = around.filter((word) => !THEM.has(word));
  if (verbs.length > 0 && verbs.every((word) => STOPPING_VERBS.has(word))) return true;
  // ("stop codes only", "only stop the codes".)
  const said = around.filter((word) => !ALSO_WORDS.has(word) && !ONLY_WORDS.has(word));
  // "las ofertas no me interesan".
  if (kindsRefusedAfter(index, words).length > 0) return true;
  // "keep the promos off", "keep the promos away from me".
  const away = KEEP_AWAY.exec(said.join(' '));
  if (away) return kindsAlone(index, away[1]!.split(' ')).length > 0;
  // "promos no", "los códigos ya no", "as promoções também parem".
  const last = said.at(-1) ?? '';
  const kinds = said.slice(0, NOT.has(last) && ALREADY.has(said.at(-2) ?? '') ? -2 : -1);
  const refused = NOT.has(last) || STOPPING_VERBS.has(last);
  if (said.length > 1 && refused && kindsAlone(index, kinds).length > 0) return true;
  let at = 0;
  while (at < said.length && LEADS_TO_KINDS.has(said[at]!)) at += 1;
  const adds = words.some((word) => ALSO_WORDS.has(word));
  return (at > 0 || adds) && kindsAlone(index, said.slice(at)).length > 0;
}

/**
 * The kinds `words` name before refusing them ("las ofertas no me interesan", "as promoções não
 * quero", "promos i dont want either"); none for any other words.
 */
export function kindsRefusedAfter(index: KeywordIndex, words: readonly string[]): string[] {
  const refused = REFUSED_AFTER.exec(` ${withoutAround(words).join(' ')} `);
  if (!refused) return [];
  return kindsAlone(index, refused[1]!.trim().split(' '));
}

/** Kinds, then words that refuse them ("… no me interesan", "… não preciso", "… i dont want"). */
const REFUSED_AFTER =
  /^ (.+?) (?:(?:i )?(?:dont|do not) (?:want|need)(?: (?:them|those|em|it))?|(?:are|r) (?:useless|annoying|spam)|(?:no|tampoco|nao|tambem nao|tb nao) (?:(?:me|las|los|les|as|os|lhe|eu) )*(?:interesan|interesa|quiero|necesito|sirven|sirve|interessam|interessa|quero|preciso|servem|serve)(?: (?:para|pra) nada)?)(?: (?:either|tampoco|tambien|tambem))? $/u;

/** Kinds kept away: "keep the promos off", "keep the promos away from me". */
const KEEP_AWAY = /^keep (.+) (?:away|off)(?: from (?:me|us))?$/u;

/** Words before kinds that stop or refuse them ("stop", "no more", "nada de", "i dont want"). */
const LEADS_TO_KINDS: ReadonlySet<string> = new Set([
  ...CANCELLING_VERBS,
  // ("…. dejen de mandar los códigos", "…. deixem de mandar os códigos".)
  ...LEAVE_OFF,
  ...['ya', 'already', 'just', 'now', 'ahora', 'agora', 'so', 'solo'],
  ...['no', 'more', 'mas', 'mais', 'nada', 'de', 'sin', 'sem', 'chega', 'basta', 'ni', 'nem'],
  ...['sending', 'me', 'mandar', 'enviar', 'manden', 'mandem', 'not', 'nor', 'tampoco', 'nao'],
  ...['i', 'dont', 'do', 'want', 'quiero', 'quero', 'interested', 'in', 'interesan', 'to'],
  // ("quiero que paren los códigos".)
  'que',
]);
