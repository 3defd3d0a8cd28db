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
import { keepingClauses } from './kept-kinds.js';
import { contentWords, tokenize } from './keyword-index.js';
import {
  kindsAsMessages,
  kindsBesideMessages,
  kindsReadPast,
  kindsThenRefused,
} from './kinds-read-past.js';
import { closesWithOnly, keptByOnlyAfter, kindsListedAfter } from './listed-kinds.js';
import {
  AFTER_FIRST_CLAUSE,
  CLAUSE_BREAK,
  CLAUSE_OR_BUT,
  PUNCTUATION_BREAK,
  QUESTION,
  asks,
  withoutAlso,
  withoutFillers,
} from './message-clauses.js';
import {
  ALSO_WORDS,
  CANCELLING_VERBS,
  EVERYTHING,
  KEEPING,
  kindsNamedIn,
  ONLY_AFTER,
  ONLY_WORDS,
  REFUSALS,
  kindsNamedPlainly,
  namesMarketingAndAll,
} from './named-kinds.js';
import { withListedKindsJoined } from './joined-kinds.js';
import { normalizeForMatching } from './normalize-text.js';
import { phraseWords } from './phrase-pattern.js';

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
  const text = withListedKindsJoined(index, typed, preferredLanguage);
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
  if (
    includedInAll(index, text, preferredLanguage) ||
    EVERYTHING_CLAUSE.test(normalizeForMatching(text)) ||
    onlyAfterAll(index, text, preferredLanguage)
  ) {
    return { type: 'contains', kind: 'optOut', language: match.language, keyword: match.keyword };
  }
  // One clause that keeps nothing ("…, keep the order updates and everything else" keeps them).
  const inside = text.replace(/[\s.!?\p{Extended_Pictographic}\uFE0F]+$/u, '');
  const spoken = ` ${phraseWords(text).join(' ')} `;
  if (!AND_EVERYTHING.test(text) || PUNCTUATION_BREAK.test(inside) || KEEPING.test(spoken)) {
    return match;
  }
  return { type: 'contains', kind: 'optOut', language: match.language, keyword: match.keyword };
}

/**
 * Everything else, after kinds named, at the end of a message of one clause: "and everything
 * else", "y todo lo demás", "e todo o resto" (not "…, and everything else is ok", nor "stop the
 * promos, i love your store and everything").
 */
const AND_EVERYTHING =
  /(?:^|[\s,])(?:and|&|y|e) (?:everything(?: else)?|all the rest|the rest|todo lo dem[aá]s|todo|lo dem[aá]s|el resto|tudo|tudo mais|todo o resto|o resto)[\s.!?\p{Extended_Pictographic}\uFE0F]*$/iu;

/**
 * A last clause of "everything" alone, after kinds named: "stop the promos, also everything
 * else", "…, everything actually", "paren las ofertas. todo también" (normalised).
 */
const EVERYTHING_CLAUSE =
  /[,.;:!]\s*(?:(?:and also|and|also|y|e|tambien|tambem)\s+)?(?:everything|all of it|todo|tudo)(?:\s+(?:else|lo demas|o resto|mais))?(?:\s+(?:too|also|actually|as well|tambien|tambem|tb))?[\s.!?\p{Extended_Pictographic}\uFE0F]*$/u;

/** Words that put kinds inside a stop of everything: "…, order updates included". */
const INCLUDING_WORDS =
  '(?:including|included|incl|inclusive|incluido|incluidos|incluida|incluidas|incluyendo|incluindo|incluso|inclusos|inclusa|inclusas)';
const INCLUDING = new RegExp(`(?<=^| )${INCLUDING_WORDS}(?= |$)`, 'u');
/** Where a message splits before an including word: "stop everything | including the codes". */
const BEFORE_INCLUDING = new RegExp(`\\s(?=${INCLUDING_WORDS}(?:\\s|$))`, 'u');

/**
 * Whether `text` stops everything in a part of its own and names kinds as included in it
 * ("unsubscribe me from everything, delivery updates included", "STOP. also the order updates",
 * "dejad de mandarme todo, incluidos los códigos"): the kinds are not all it stops, so the bot
 * asks whether to stop everything instead of offering those kinds alone.
 */
function includedInAll(index: KeywordIndex, text: string, preferred: string | undefined): boolean {
  const spoken = phraseWords(text);
  const including = INCLUDING.test(spoken.join(' '));
  const adding = spoken.some((word) => ALSO_WORDS.has(word)) || ADDED_AFTER_BREAK.test(text);
  if (!including && !adding) return false;
  // "stop everything, promos included, except the order updates": the kinds kept are read.
  if (KEEPING.test(` ${spoken.join(' ')} `) || spoken.some((word) => EXCEPTING.has(word))) {
    return false;
  }
  const parts = normalizeForMatching(text)
    .split(PUNCTUATION_BREAK)
    .flatMap((part) => (including ? part.split(BEFORE_INCLUDING) : [part]))
    .filter((part) => phraseWords(part).length > 0);
  return (
    parts.length > 1 &&
    parts.some((part, at) => {
      // A stop of everything in so many words ("stop them", "quero parar" may be of the kinds),
      // or a stop word before the kinds ("STOP. the promos too"; "promos too, stop" stops them).
      const all = phraseWords(part).some((word) => EVERYTHING.has(word));
      const alone = readKeyword(index, part, preferred);
      return (
        alone?.kind === 'optOut' &&
        ((alone.type === 'exact' && at === 0) ||
          (all && alone.type !== 'exact' && !alone.categories))
      );
    })
  );
}

/**
 * Whether `text` stops everything, then names kinds after "only" alone: "stop all messages, only
 * the order updates please", "no quiero más mensajes, solo los avisos de entrega". Whether those
 * are the ones to stop or to keep is asked, as a stop of everything ("…, i only want the order
 * updates" keeps them: see `keepingClauses`).
 */
function onlyAfterAll(index: KeywordIndex, text: string, preferred: string | undefined): boolean {
  // (Right after it: "paren todo, digo, solo las ofertas" corrects it to the offers.)
  const [first = '', next = ''] = normalizeForMatching(text).split(PUNCTUATION_BREAK);
  const opening = readKeyword(index, first, preferred);
  if (opening?.kind !== 'optOut' || ('categories' in opening && opening.categories)) return false;
  // ("no quiero darme de baja de todo, solo de las ofertas", "dont cancel everything, just the
  // promos": a stop not wanted, the kinds after it the ones to stop.)
  const words = phraseWords(first);
  const refused = words.some((word) => REFUSALS.has(word));
  if (refused && words.some((word) => CANCELLING_VERBS.has(word) || UNSUBSCRIBING.has(word))) {
    return false;
  }
  if (kindsNamedIn(index, `${phraseWords(first).join(' ')} `).size > 0) return false;
  const [only, ...kinds] = withoutFillers(index, phraseWords(next));
  return only !== undefined && ONLY_WORDS.has(only) && kindsNamedPlainly(index, kinds).length > 0;
}

/** Words of leaving a list, beside the cancelling verbs: "darme de baja", "sair", "descadastrar". */
const UNSUBSCRIBING: ReadonlySet<string> = new Set([
  ...['baja', 'desuscribirme', 'salirme', 'sair', 'descadastrar', 'descadastrem', 'opt'],
]);

/** A clause added with "and" after punctuation: "STOP!! and the codes". */
const ADDED_AFTER_BREAK = /[,.;:!]\s*(?:and|&|y|e)\s/iu;

/** Words that leave kinds out of what they follow: "…, but not the order updates". */
const EXCEPTING: ReadonlySet<string> = new Set([...BUT, 'not', 'nao', 'nor', 'ni', 'nem']);

/** The most words of an opt-out word a message may begin with ("opt out", "stop all"). */
const LONGEST_STOP_WORD = 2;

/**
 * An opt-out word, then the kinds it stops and nothing else: "BAJA ofertas", "SAIR dos avisos
 * dos seus pedidos", "baja ofertas porfa", "baja de los códigos de verificación"; not "cancel
 * my order" nor "cancelar la promoción de mi pedido" (see `kindsNamedPlainly`).
 */
function stopWordThenKinds(
  index: KeywordIndex,
  tokens: readonly string[],
  preferred: string | undefined,
  read: (match: KeywordMatch) => KeywordMatch,
): KeywordMatch | undefined {
  for (let n = Math.min(LONGEST_STOP_WORD, tokens.length - 1); n >= 1; n -= 1) {
    const word = findExact(index, tokens.slice(0, n), preferred);
    if (word?.kind !== 'optOut') continue;
    const rest = tokens.slice(n);
    const { language, keyword } = word;
    // "SAIR de tudo", "BAJA todo y los códigos tb": everything, kinds included or not. Asked, as
    // "cancel everything" may be a purchase's.
    if (everythingThenKinds(index, rest)) {
      return read({ type: 'contains', kind: 'optOut', language, keyword });
    }
    const categories = kindsNamedPlainly(index, rest);
    // "chega de propaganda e mensagem": not the offers alone.
    if (categories.length === 0 || namesMarketingAndAll(index, `${rest.join(' ')} `)) {
      return undefined;
    }
    return read({ type: 'phrase', kind: 'optOut', language, keyword, categories });
  }
  return undefined;
}

/**
 * Whether `words` say "everything", then nothing or the kinds it includes: "de tudo", "todo y los
 * códigos tb", "de todo incluido ofertas".
 */
function everythingThenKinds(index: KeywordIndex, words: readonly string[]): boolean {
  const [first, ...rest] = contentWords(words);
  if (first === undefined || !EVERYTHING.has(first)) return false;
  const kinds = rest.filter((word) => !INCLUDING.test(word) && !ADDING.has(word));
  return kinds.length === 0 || kindsNamedPlainly(index, kinds).length > 0;
}

/** Words that add kinds to "everything": "and", "too", "até" (even). */
const ADDING: ReadonlySet<string> = new Set([...ALSO_WORDS, 'and', 'y', 'e', 'ate', 'incluso']);

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
  const kinds = kindless ? kindsAsMessages(index, text, said, preferredLanguage) : undefined;
  return (
    kinds ??
    found ??
    pastAlso(index, text, preferredLanguage, read) ??
    findInSentence(index, tokens, said, preferredLanguage) ??
    findOptIn(index, said, preferredLanguage) ??
    pastOpeners(index, said, preferredLanguage, read) ??
    // Last: a message any reading above finds keeps that reading, and its language.
    stopWordThenKinds(index, words.length > 0 ? words : tokens, preferredLanguage, read) ??
    null
  );
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

/** An opt-out read out of a question: it may mean stop (the bot asks); any other kind stands. */
function maybe(match: KeywordMatch): KeywordMatch {
  return match.kind === 'optOut' ? { ...match, type: 'contains', kind: 'optOut' } : match;
}

/**
 * An opt-out word or phrasing that is one clause of a longer message ("not interested, don't
 * write to me"): the customer may well mean it, but the rest of the message may change it, so
 * the bot asks (a `contains` match) rather than acting.
 */
function findInClause(
  index: KeywordIndex,
  text: string,
  preferred: string | undefined,
): KeywordMatch | undefined {
  // The clauses between punctuation, then between every break ("no gracias ya no quiero nada").
  const clauses = [...new Set([...text.split(PUNCTUATION_BREAK), ...text.split(CLAUSE_BREAK)])];
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
    const exact = findExact(index, words, preferred);
    if (exact?.kind === 'optOut') {
      const stop = { ...exact, type: 'contains', kind: 'optOut' } as const;
      return keeps ? withCategories(index, whole, stop) : stop;
    }
    const said = `${words.join(' ')} `;
    const phrase =
      findPhrase(index, said, 'optOut', preferred) ??
      kindsBesideMessages(kindsReadPast(index, clause, said, asks(text, clause)), (phrased) =>
        findPhrase(index, said, 'optOut', preferred, phrased),
      );
    if (!phrase) continue;
    if (closing && phrase.categories && phrase.categories.length > 0) {
      return { ...phrase, type: 'contains' };
    }
    // "Stop sending me promos and messages": the kinds one clause names are not all it asks.
    if (!namesMarketingAndAll(index, `${phraseWords(text).join(' ')} `)) {
      const contains = { ...phrase, type: 'contains' } as const;
      if (keeps) return withCategories(index, whole, contains);
      // "…, order updates only", as "…, only order updates": every other kind.
      if (keptLast.length > 0) {
        const others = index.labels.map((label) => label.category);
        return {
          ...contains,
          categories: [...new Set(others)].filter((id) => !keptLast.includes(id)),
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
