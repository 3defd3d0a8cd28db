/**
 * THE STOP RULE's matching: a message is compared, after {@link normalizeForMatching}, with a
 * flow's words and the product's built-in words and phrasings of its languages (PRODUCT.md,
 * "Keywords are matched like a careful human would", "STOP cannot be configured away").
 */
import type { KeywordIndex } from './keyword-index.js';
import type { KeywordMatch, StopMatch } from './keyword-match.js';
import type { KindsReadPast } from './kinds-read-past.js';
import { findExact, findTypo } from './find-exact.js';
import { findInSentence, findOptIn, findPhrase, withCategories } from './find-phrase.js';
import { BUT, exceptedAfterBut } from './excepted-kinds.js';
import {
  everythingBut,
  lastStopsAll,
  stopWordThenKinds,
  stopsEverythingWithKinds,
  withStopSetApart,
} from './everything-and-kinds.js';
import { keepingClauses } from './kept-kinds.js';
import { tokenize } from './keyword-index.js';
import {
  kindsAsMessages,
  kindsBesideMessages,
  kindsReadPast,
  kindsThenRefused,
} from './kinds-read-past.js';
import { closesWithOnly, keptByOnlyAfter, kindsListedAfter } from './listed-kinds.js';
import {
  AFTER_FIRST_CLAUSE,
  BETWEEN_CLAUSES,
  CLAUSE_BREAK,
  CLAUSE_OR_BUT,
  PUNCTUATION_BREAK,
  QUESTION,
  asks,
  withoutAlso,
  withoutFillers,
} from './message-clauses.js';
import {
  CANCELLING_VERBS,
  COMPLAINING,
  KEEPING,
  ONLY_AFTER,
  ONLY_WORDS,
  REFUSALS,
  THANKS_FOR_WORDS,
  complains,
  everyKind,
  kindsNamedIn,
  namesKindsAndAll,
} from './named-kinds.js';
import { withListedKindsJoined } from './joined-kinds.js';
import { normalizeForMatching } from './normalize-text.js';
import { phraseWords } from './phrase-pattern.js';
import { afterNoStopWish, withStopBeforeKinds } from './wished-stops.js';

/**
 * Classifies a message against a flow's words: an exact whole-message match of any kind, else
 * an opt-out phrasing of the whole message, else something that may mean stop, else a
 * phrasing of the whole message that asks to receive messages, else `null`.
 * @param preferredLanguage The contact's language: chosen when the matched word exists in it.
 * @example matchKeyword(index, ' Stop. ') // { type: 'exact', kind: 'optOut', language: 'en', keyword: 'stop' }
 */
export function matchKeyword(
  index: KeywordIndex,
  typed: string,
  preferredLanguage?: string,
): KeywordMatch | null {
  // "i dont want the promos to stop", and what follows it.
  const noStop = afterNoStopWish(index, typed, (rest) =>
    matchKeyword(index, rest, preferredLanguage),
  );
  if (noStop !== undefined) return noStop;
  // "odio los códigos pero los necesito", "sick of ur codes but keep sending them": a complaint
  // conceded, no wish to stop; "sick of the offers but send me the login codes": the kinds of the
  // complaint, the others kept.
  const conceding = complaintThenBut(index, withoutFillers(index, phraseWords(typed)));
  if (conceding) {
    return conceding.kept ? complaintKeeping(index, conceding, preferredLanguage) : null;
  }
  // "stop the promos and codes thanks for the order updates": the kinds thanked for are kept.
  const thanked = withoutThanksFor(index, typed);
  if (thanked !== undefined) {
    const rest = matchKeyword(index, thanked, preferredLanguage);
    if (rest?.kind === 'optOut' && rest.type !== 'exact' && rest.categories?.length) return rest;
  }
  // "the promos keep coming stop everything": the stop a part of its own.
  const apart = withStopSetApart(index, typed, (part) =>
    matchKeyword(index, part, preferredLanguage),
  );
  if (apart !== typed) {
    const whole = matchKeyword(index, apart, preferredLanguage);
    if (whole?.kind === 'optOut') return whole;
  }
  const text = withListedKindsJoined(index, withStopBeforeKinds(index, typed), preferredLanguage);
  const read = readKeyword(index, text, preferredLanguage);
  // "keep the promos, just stop the order updates": what a clause keeps is never stopped.
  const kept =
    read?.type === 'exact'
      ? undefined
      : keepingClauses(index, text, read, (clause) =>
          readKeyword(index, clause, preferredLanguage),
        );
  const match = kept === undefined ? read : kept;
  // "stop the order updates and promos and everything else": not just those kinds.
  if (match?.kind !== 'optOut' || match.type === 'exact' || !match.categories) return match;
  const readClause = (clause: string) => readKeyword(index, clause, preferredLanguage);
  if (!stopsEverythingWithKinds(index, text, readClause)) return match;
  return { type: 'contains', kind: 'optOut', language: match.language, keyword: match.keyword };
}

/** A message's keyword reading in the language asked for (none: every language alike). */
export type MessageKeywords = (preferredLanguage?: string) => KeywordMatch | null;

/**
 * Reads one message's keywords once per language asked for: a turn asks for the same reading
 * more than once (the evidence of its language, then its event), and each reading is a whole
 * pass over the message. Nothing outlives the reader: one per message.
 * @example const read = messageKeywords(index, 'stop'); read('en') === read('en') // true
 */
export function messageKeywords(index: KeywordIndex, typed: string): MessageKeywords {
  const read = new Map<string | undefined, KeywordMatch | null>();
  return (preferredLanguage) => {
    const known = read.get(preferredLanguage);
    if (known !== undefined) return known;
    const match = matchKeyword(index, typed, preferredLanguage);
    read.set(preferredLanguage, match);
    return match;
  };
}

function readKeyword(
  index: KeywordIndex,
  text: string,
  preferredLanguage?: string,
): KeywordMatch | null {
  const tokens = tokenize(normalizeForMatching(text));
  if (tokens.length === 0) return null;

  const exact = findExact(index, tokens, preferredLanguage);
  if (exact) return exact;
  // Read out of a sentence (its fillers left out, a phrasing, a typo), an opt-out asked as a
  // question ("¿ya no me mandan nada?", "no more updates?", "chega agora?") only may mean stop.
  const read = QUESTION.test(text) ? maybe : (match: KeywordMatch) => match;
  const words = withoutFillers(index, phraseWords(text));
  const again = words.length > 0 ? findExact(index, words, preferredLanguage) : undefined;
  if (again) return read(again);
  const said = `${(words.length > 0 ? words : tokens).join(' ')} `;
  // "how come you dont message me about my order?": a complaint that they are missing; what
  // follows it only may mean stop.
  const why = pastWhyNot(index, text, said, preferredLanguage);
  if (why !== undefined) return why;
  // "please don't stop sending me order updates": no wish to stop in that clause; one after it
  // ("…, but stop the promos", "… wait no. STOP") may still mean stop, so the bot asks.
  if (index.phrases.some((p) => p.keepOn?.test(said)))
    return afterKeepOn(index, text, preferredLanguage);
  // "please don't unsubscribe me", as the whole message, or as its first clause: what follows
  // only may mean stop ("don't remove me from the list, i love the deals": no wish; "no quiero
  // darme de baja, pero quiten las ofertas": the offers). With "only" after it, it says which
  // kinds to stop ("dont unsubscribe me, only from the promos"): read whole.
  if (index.phrases.some((p) => p.staySubscribed?.test(said))) return null;
  const firstEnds = text.search(AFTER_FIRST_CLAUSE);
  const after = firstEnds > 0 ? phraseWords(text.slice(firstEnds)) : [];
  if (
    firstEnds > 0 &&
    staysSubscribed(index, text.slice(0, firstEnds)) &&
    !after.some((word) => ONLY_WORDS.has(word))
  ) {
    const rest = afterKeepOn(index, text, preferredLanguage);
    // "dont unsubscribe me but no more codes": a refusal the rest alone does not read is read
    // with the whole message, as any other.
    if (rest || !after.some((word) => REFUSALS.has(word))) return rest;
  }
  // "i dont want order notifications": the phrasings speak of messages, the kinds are the flow's.
  // Read past the kinds once, for the whole-message phrasings and the contained ones.
  let past: KindsReadPast | undefined | null = null;
  // Some wishes ask to stop only with the kinds named ("i dont want to hear about my orders").
  const aboutKinds = (which: 'optOut' | 'confirm') => {
    if (past === null) past = kindsReadPast(index, text, said);
    return kindsBesideMessages(past, (phrased) =>
      which === 'optOut'
        ? (findPhrase(index, said, 'optOut', preferredLanguage, phrased) ??
          findPhrase(index, said, 'wishAboutKinds', preferredLanguage, phrased))
        : findPhrase(index, said, which, preferredLanguage, phrased),
    );
  };
  const phrase =
    findPhrase(index, said, 'optOut', preferredLanguage) ??
    findPhrase(index, said, 'maybeOptOut', preferredLanguage) ??
    aboutKinds('optOut');
  if (phrase) return read(phrase);
  const typo = words.length === 1 ? findTypo(index, words[0] ?? '', preferredLanguage) : undefined;
  if (typo) return read(typo);
  const found =
    kindsThenRefused(index, text, said, preferredLanguage) ??
    findInClause(index, text, preferredLanguage) ??
    findConfirm(index, text, said, preferredLanguage) ??
    aboutKinds('confirm');
  // "stop the codes", "dejen de mandarme códigos": the kinds, not the stop of everything its
  // first words say alone.
  const kindless =
    !found || (found.kind === 'optOut' && found.type !== 'exact' && !found.categories);
  // ("ok. también dejen de mandar los códigos": the kinds of the clause "también" adds.)
  const kinds = kindless
    ? (kindsAsMessages(index, text, said, preferredLanguage) ??
      (found && lastClauseStop(index, text, preferredLanguage, true)))
    : undefined;
  return (
    kinds ??
    found ??
    pastAlso(index, text, preferredLanguage, read) ??
    inLastClause(index, text, findInSentence(index, tokens, said, preferredLanguage)) ??
    findOptIn(index, said, preferredLanguage) ??
    pastOpeners(index, said, preferredLanguage, read) ??
    // Last: a message any reading above finds keeps that reading, and its language.
    stopWordThenKinds(index, words.length > 0 ? words : tokens, preferredLanguage, read) ??
    findInClause(index, text, preferredLanguage, 'kinds') ??
    // ("las ofertas no paran, paren todo".)
    lastStopsAll(text, (clause) => readKeyword(index, clause, preferredLanguage)) ??
    // ("cancel everything except the codes".)
    everythingBut(index, text, (clause) => readKeyword(index, clause, preferredLanguage)) ??
    // ("ok. también paren los códigos", "cadê meu pedido? também parem os códigos".)
    lastClauseStop(index, text, preferredLanguage, true) ??
    null
  );
}

/**
 * A complaint, then "but" with no stop nor refusal after it: conceded ("odio los códigos pero son
 * útiles", "cansei dos códigos mas pode continuar mandando"), or, when what follows names only
 * kinds the complaint did not, those kinds kept ("tired of the promos but keep the order updates",
 * "harta de las ofertas pero mándenme los códigos"). None for "odio las promos pero paren los
 * códigos", "sick of the promos but not the codes".
 */
function complaintThenBut(
  index: KeywordIndex,
  words: readonly string[],
): { complaint: string; kept?: readonly string[] } | undefined {
  const but = words.findIndex((word) => BUT.has(word));
  if (but < 1 || !complains(words.slice(0, but))) return undefined;
  const after = words.slice(but + 1);
  if (
    after.some((word) => CANCELLING_VERBS.has(word) || REFUSALS.has(word) || COMPLAINING.has(word))
  ) {
    return undefined;
  }
  const complaint = `${words.slice(0, but).join(' ')} `;
  const named = kindsNamedIn(index, `${after.join(' ')} `, true);
  const complained = kindsNamedIn(index, complaint, true);
  const conceded = named.size === 0 || [...named].some((id) => complained.has(id));
  return conceded ? { complaint } : { complaint, kept: [...named] };
}

/**
 * The stop a complaint asks, but for the kinds kept after it (of a stop of everything, every
 * other kind); none when nothing is left.
 */
function complaintKeeping(
  index: KeywordIndex,
  { complaint, kept = [] }: { complaint: string; kept?: readonly string[] },
  preferredLanguage: string | undefined,
): KeywordMatch | null {
  const match = matchKeyword(index, complaint, preferredLanguage);
  if (match?.kind !== 'optOut' || match.type === 'exact') return null;
  // ("tired of the offers and updates but keep the login codes": every kind but those.)
  const categories = (match.categories ?? everyKind(index)).filter((id) => !kept.includes(id));
  return categories.length > 0 ? { ...match, type: 'contains', categories, kept } : null;
}

/**
 * Whether `text`, as a whole, asks to stay subscribed ("please don't unsubscribe me", "no quiero
 * darme de baja", "não me tirem da lista"): see `PhraseData.staySubscribed`.
 */
export function staysSubscribed(index: KeywordIndex, text: string): boolean {
  const words = withoutFillers(index, phraseWords(text));
  const said = `${words.join(' ')} `;
  return words.length > 0 && index.phrases.some((p) => p.staySubscribed?.test(said));
}

/**
 * A phrasing anywhere in the message that may mean stop (`confirm`), with the kinds of the
 * clause that says it when that clause names some ("no me dejan de mandar ofertas, pero los
 * avisos del pedido nunca llegan": the offers), else those of the whole message.
 */
function findConfirm(
  index: KeywordIndex,
  text: string,
  said: string,
  preferred: string | undefined,
): StopMatch | undefined {
  const found = findPhrase(index, said, 'confirm', preferred);
  if (!found?.categories) return found;
  const clauses = text.split(CLAUSE_OR_BUT);
  if (clauses.length < 2) return found;
  for (const clause of clauses) {
    const words = withoutFillers(index, phraseWords(clause));
    const inClause = findPhrase(index, `${words.join(' ')} `, 'confirm', preferred);
    if (inClause?.categories && inClause.categories.length > 0) {
      return { ...found, categories: inClause.categories };
    }
  }
  return found;
}

/**
 * A message that asks why no messages come ("how come you dont message me about my order?",
 * "¿por qué no me mandan nada de mi pedido?"): no wish to stop, but the rest of it may be one
 * ("why dont you text me about my orders and stop the promos"), so the bot asks. `undefined`
 * for a message that asks no such thing.
 */
function pastWhyNot(
  index: KeywordIndex,
  text: string,
  said: string,
  preferred: string | undefined,
): KeywordMatch | null | undefined {
  const whyNot = (words: string) => {
    for (const phrases of index.phrases) {
      const asked = phrases.whyNot?.exec(words);
      if (asked) return asked;
    }
    return undefined;
  };
  if (!whyNot(said)) return undefined;
  // The clauses that ask it left out ("pq nao me avisam do pedido? nao quero mais promoção"), or
  // in a message of one clause, the question's words.
  const clauses = text.split(PUNCTUATION_BREAK).filter((clause) => clause.trim() !== '');
  const rest = clauses
    .map((clause) => {
      const words = `${withoutFillers(index, phraseWords(clause)).join(' ')} `;
      const asked = whyNot(words);
      if (!asked) return clause;
      return clauses.length > 1
        ? ''
        : `${words.slice(0, asked.index)}${words.slice(asked.index + asked[0].length)}`;
    })
    .filter((clause) => clause.trim() !== '')
    .join(', ');
  // (Asked across clauses, "…i didnt ask for, stop them": no clause of its own to leave out.)
  if (rest === clauses.join(', ')) return undefined;
  const match = rest === '' ? null : matchKeyword(index, rest, preferred);
  return match?.kind === 'optOut' ? maybe(match) : null;
}

/**
 * What follows the first clause of a message that asks not to stop ("don't stop the order
 * updates, but stop the promos"): a wish to stop there only may mean stop (the bot asks).
 */
function afterKeepOn(
  index: KeywordIndex,
  text: string,
  preferred: string | undefined,
): KeywordMatch | null {
  const at = text.search(AFTER_FIRST_CLAUSE);
  if (at < 0) return null;
  const rest = text.slice(at).replace(AFTER_FIRST_CLAUSE, ' ');
  const match = rest.trim() === '' ? null : matchKeyword(index, rest, preferred);
  return match?.kind === 'optOut' ? maybe(match) : null;
}

/**
 * A message that matches nothing as it is, read again past the words it opens with ("hmm
 * actually i dont want the offers", "mejor ya no me manden nada", "na verdade não quero as
 * ofertas"): a phrasing that asks to stop or to get messages, never a word alone ("mejor
 * cancelar" may be an order; an answer's hedges are the answers' to weigh). An opt-out read
 * out of a question only may mean stop, as before.
 */
function pastOpeners(
  index: KeywordIndex,
  said: string,
  preferred: string | undefined,
  read: (match: KeywordMatch) => KeywordMatch,
): KeywordMatch | undefined {
  const rest = index.openers ? said.replace(index.openers, '') : said;
  if (rest === said || rest.trim() === '') return undefined;
  const match = matchKeyword(index, rest, preferred);
  return match && match.type !== 'exact' ? read(match) : undefined;
}

/**
 * A wish that adds to another: it ends with "too", "either", "tampoco", "também" ("no more codes
 * either", "no quiero codigos tampoco"), opens with "and", "also" ("and stop the codes too"), or
 * with "tampoco" for its no ("tampoco quiero los códigos"): read without those words; never a
 * STOP at once ("stop too" may be "me too").
 */
function pastAlso(
  index: KeywordIndex,
  text: string,
  preferred: string | undefined,
  read: (match: KeywordMatch) => KeywordMatch,
): KeywordMatch | undefined {
  const rest = withoutAlso(text);
  if (rest === text || rest.trim() === '') return undefined;
  const match = readKeyword(index, rest, preferred);
  return match?.kind === 'optOut' ? maybe(read(match)) : undefined;
}

/**
 * A stop word read in a sentence without the kinds it stops, when the message's last clause, its
 * own after punctuation, stops kinds: "ok. also stop the codes", "where is my order? also stop
 * the codes" (the words before it name no kind to stop). Else the sentence's reading as it is.
 */
function inLastClause(
  index: KeywordIndex,
  text: string,
  inSentence: KeywordMatch | undefined,
): KeywordMatch | undefined {
  if (inSentence?.kind !== 'optOut' || inSentence.type === 'exact' || inSentence.categories) {
    return inSentence;
  }
  return lastClauseStop(index, text, inSentence.language, false) ?? inSentence;
}

/**
 * The stop of kinds the message's last clause (after punctuation, its "also" left out) reads as
 * alone, asked; only in a message of more clauses than one and, with `added`, when "also",
 * "and", "también", "também" open the clause: it adds a stop to what came before ("ok. también
 * paren los códigos").
 */
function lastClauseStop(
  index: KeywordIndex,
  text: string,
  preferred: string | undefined,
  added: boolean,
): KeywordMatch | undefined {
  const clauses = text.split(PUNCTUATION_BREAK).filter((clause) => /\p{L}/u.test(clause));
  if (clauses.length < 2) return undefined;
  const clause = clauses.at(-1)!;
  const rest = withoutAlso(clause);
  if (added && rest === clause) return undefined;
  const last = readKeyword(index, rest, preferred);
  if (last?.kind !== 'optOut' || last.type === 'exact' || !last.categories?.length) {
    return undefined;
  }
  return { ...last, type: 'contains' };
}

/** `match`, when `needed` only if it names kinds. */
function withKinds(needed: boolean, match: StopMatch | undefined): StopMatch | undefined {
  return !needed || (match?.categories && match.categories.length > 0) ? match : undefined;
}

/** An opt-out read out of a question: it may mean stop (the bot asks); any other kind stands. */
function maybe(match: KeywordMatch): KeywordMatch {
  return match.kind === 'optOut' ? { ...match, type: 'contains', kind: 'optOut' } : match;
}

/**
 * An opt-out word or phrasing that is one clause of a longer message ("not interested, don't
 * write to me"): the customer may well mean it, but the rest of the message may change it, so
 * the bot asks (a `contains` match) rather than acting. Read for `kinds` (when nothing else
 * reads the message), a phrasing that may mean stop, with the kinds it names, in a clause of its
 * own ("quiero que paren los códigos pero que sigan las ofertas").
 */
function findInClause(
  index: KeywordIndex,
  text: string,
  preferred: string | undefined,
  reading: 'stop' | 'kinds' = 'stop',
): KeywordMatch | undefined {
  // The clauses between punctuation, then between every break ("no gracias ya no quiero nada").
  const byKinds = reading === 'kinds';
  const breaks = byKinds ? BETWEEN_CLAUSES : CLAUSE_BREAK;
  const clauses = [...new Set([...text.split(PUNCTUATION_BREAK), ...text.split(breaks)])];
  if (clauses.length < 2) return undefined;
  // "stop all but order updates", "no quiero ofertas, solo los pedidos": what the whole message
  // keeps is kept.
  const whole = `${withoutFillers(index, phraseWords(text)).join(' ')} `;
  // "…, login codes only": the kinds of a clause that ends with "only" are kept.
  const keptLast = keptByOnlyAfter(index, text);
  const keeps = KEEPING.test(whole) || (keptLast.length === 0 && whole.search(ONLY_AFTER) >= 0);
  for (const clause of clauses) {
    // "both, but not the order updates": those kinds left out of something else, not refused.
    if (exceptedAfterBut(index, text, clause)) continue;
    // "stop the promos only, order updates are fine": the kinds of the clause, and no other.
    const closing = closesWithOnly(index, clause);
    const words = withoutFillers(index, phraseWords(clause)).slice(0, closing ? -1 : undefined);
    if (words.length === 0) continue;
    const exact = byKinds ? undefined : findExact(index, words, preferred);
    if (exact?.kind === 'optOut') {
      const stop = { ...exact, type: 'contains', kind: 'optOut' } as const;
      return keeps ? withCategories(index, whole, stop) : stop;
    }
    const said = `${words.join(' ')} `;
    const which = byKinds ? 'confirm' : 'optOut';
    const phrase = withKinds(
      byKinds,
      findPhrase(index, said, which, preferred) ??
        kindsBesideMessages(kindsReadPast(index, clause, said, asks(text, clause)), (phrased) =>
          findPhrase(index, said, which, preferred, phrased),
        ) ??
        (byKinds ? kindsAsMessages(index, clause, said, preferred) : undefined),
    );
    if (!phrase) continue;
    if (closing && phrase.categories && phrase.categories.length > 0) {
      return { ...phrase, type: 'contains' };
    }
    // "Stop sending me promos and messages": the kinds one clause names are not all it asks.
    if (!namesKindsAndAll(index, `${phraseWords(text).join(' ')} `)) {
      const contains = { ...phrase, type: 'contains' } as const;
      if (keeps) return withCategories(index, whole, contains);
      // "…, order updates only", as "…, only order updates": every other kind.
      if (keptLast.length > 0) {
        return {
          ...contains,
          categories: everyKind(index).filter((id) => !keptLast.includes(id)),
        };
      }
      // "stop the order updates and promos": the list goes on past the clause.
      const named = phrase.categories ?? [];
      const more = named.length > 0 ? kindsListedAfter(index, text, clause) : [];
      return more.length > 0
        ? { ...contains, categories: [...new Set([...named, ...more])] }
        : contains;
    }
    return {
      type: 'contains',
      kind: 'optOut',
      language: phrase.language,
      keyword: phrase.keyword,
    };
  }
  return undefined;
}

/**
 * `typed` without thanks for kinds said after something else ("stop the promos and codes thanks
 * for the order updates", "…thanks for the order updates and stop the codes too"), up to the end
 * of their clause; `undefined` for a message with no such thanks, or that opens with them.
 */
function withoutThanksFor(index: KeywordIndex, typed: string): string | undefined {
  const thanks = THANKS_FOR_SAID.exec(typed);
  if (!thanks || typed.slice(0, thanks.index).trim() === '') return undefined;
  const thankedFor = ` ${phraseWords(thanks[1] ?? '').join(' ')} `;
  if (kindsNamedIn(index, thankedFor, true).size === 0) return undefined;
  return `${typed.slice(0, thanks.index)}${typed.slice(thanks.index + thanks[0].length)}`;
}

/**
 * Thanks for what follows, to the end of its clause: punctuation, or "and" before a stop ("…
 * thanks for the order updates and stop the codes too").
 */
const THANKS_FOR_SAID = new RegExp(
  `(?<=^|\\s)${THANKS_FOR_WORDS}\\s+((?:(?!\\s(?:and|but|y|pero|e|mas)\\s+(?:please\\s+|pls\\s+)?(?:stop|cancel|end|quit|paren|pare|para|quiten|cancelen|dejen|parem|cancelem|tirem)(?:\\s|$))[^,.;:!?\\n])*)`,
  'iu',
);
