/**
 * A stop of everything with kinds named in it, and a stop word with kinds alone: whether the
 * kinds are all it stops. "unsubscribe me from everything, order updates included", "STOP. also
 * the codes", "stop the promos, also everything else", "stop all, only order updates": the bot
 * asks whether to stop everything. "BAJA ofertas", "SAIR dos avisos dos seus pedidos": those
 * kinds; "SAIR de tudo", "BAJA todo y los códigos tb": asked as everything.
 */
import type { ReadClause } from './clause-stance.js';
import { BUT, withoutAround } from './excepted-kinds.js';
import { findExact, findTypo } from './find-exact.js';
import { findPhrase } from './find-phrase.js';
import type { KeywordIndex } from './keyword-index.js';
import { contentWords } from './keyword-index.js';
import type { KeywordMatch, StopMatch } from './keyword-match.js';
import { PUNCTUATION_BREAK, QUESTION, withoutFillers } from './message-clauses.js';
import {
  ALSO_WORDS,
  ARTICLES,
  CANCELLING_VERBS,
  EVERYTHING,
  KEEPING,
  ONLY_WORDS,
  REFUSALS,
  POSSESSIVES,
  LEAVE_OFF,
  PURCHASES,
  SENDING_VERBS,
  everyKind,
  kindsAlone,
  kindsLabelledIn,
  kindsNamedIn,
  kindsNamedPlainly,
  namesKindsAndAll,
  pluralKinds,
} from './named-kinds.js';
import { normalizeForMatching } from './normalize-text.js';
import { phraseWords } from './phrase-pattern.js';
import { closesWithOnly } from './listed-kinds.js';

/**
 * Whether a stop that names kinds (`text`) stops everything besides: "and everything else" after
 * them, kinds included in a stop of everything, "everything" as a clause of its own after them,
 * or kinds after "only" alone after a stop of everything. `readClause` reads a part of the message alone.
 */
export function stopsEverythingWithKinds(
  index: KeywordIndex,
  text: string,
  readClause: ReadClause,
): boolean {
  return (
    andEverything(text) ||
    includedInAll(index, text, readClause) ||
    EVERYTHING_CLAUSE.test(normalizeForMatching(text)) ||
    onlyAfterAll(index, text, readClause) ||
    lastStopsAll(text, readClause) !== undefined
  );
}

/**
 * The stop of everything that the last part of `text` is, and nothing else, after other parts:
 * "the promos keep coming, stop everything", "las ofertas no paran, paren todo" (not "…, i dont
 * want to stop everything", "…, or should i stop everything?", "…, stop all", "…, stop everything
 * else"). Asked, as a stop of everything said with more.
 */
export function lastStopsAll(text: string, readClause: ReadClause): KeywordMatch | undefined {
  if (QUESTION.test(text)) return undefined;
  const parts = normalizeForMatching(text)
    .split(PUNCTUATION_BREAK)
    .filter((part) => phraseWords(part).length > 0);
  const last = parts.at(-1) ?? '';
  const words = withoutAround(phraseWords(last));
  // ("all", "todas" may be of the kinds named: "stop the promos, stop all", "paren las ofertas,
  // paren todas"; not "stop it all", "stop all messages", "stop all of it".)
  const everything = words.some(
    (word, i) =>
      ALL_THINGS.has(word) ||
      (word === 'all' && (words[i - 1] === 'it' || ALL_OF.has(words[i + 1] ?? ''))),
  );
  // ("para tudo", "para todo": "para" is a preposition too, not before "everything".)
  const stopping = (word: string) => CANCELLING_VERBS.has(word) || word === 'para';
  const plain = words.every(
    (word) => stopping(word) || ALL_THINGS.has(word) || STOP_ALL_TOO.has(word),
  );
  const stops = plain ? words.some(stopping) : stopsSendingAll(words);
  if (parts.length < 2 || !stops || !everything) return undefined;
  const alone = readClause(last);
  if (alone?.kind !== 'optOut' || ('categories' in alone && alone.categories)) return undefined;
  return { type: 'contains', kind: 'optOut', language: alone.language, keyword: alone.keyword };
}

/**
 * Words between a stop and "everything" that say it is their sending that stops: the verbs of
 * sending of every language the product speaks, and "de", "of", "me" ("dejen de mandarme todo",
 * "stop sending me everything", "parem de me mandar tudo").
 */
const SENDING: ReadonlySet<string> = new Set([...SENDING_VERBS, 'de', 'of', 'me', 'nos', 'us']);

/**
 * Whether `words` are a stop of sending everything and nothing else: a stop, or "dejen de", then
 * sending words only, before everything ("dejen de mandarme todo", "stop sending me everything").
 */
function stopsSendingAll(words: readonly string[]): boolean {
  const [first, second] = words;
  if (first === undefined) return false;
  const opens =
    CANCELLING_VERBS.has(first) || first === 'para' || (LEAVE_OFF.has(first) && second === 'de');
  const rest = words.slice(1);
  return (
    opens &&
    rest.some((word) => SENDING.has(word) && word !== 'de' && word !== 'of') &&
    rest.every((word) => SENDING.has(word) || ALL_THINGS.has(word) || STOP_ALL_TOO.has(word))
  );
}

/**
 * `text` with a comma before a stop that nothing sets apart from the words before it: a stop of
 * everything that ends it after a wish to stop, a complaint or kinds ("the promos keep coming
 * stop everything", "paren las ofertas paren todo", "ya basta paren todo gracias": see
 * {@link lastStopsAll}), or a stop or a refusal after kinds and "only" ("order updates only stop
 * everything else", "avisos de pedidos solamente paren lo demás", "only order updates no more
 * promos", read as "order updates only, no more promos"). `text` as it is for any other
 * message: after words of something else ("me cobraron dos veces cancelen todo" is of an
 * order), and where the words before the stop make it no wish of the customer's own ("no paren
 * todo", "i dont want you to stop everything") or part of their clause ("no quiero cancelar
 * todo"). `readClause` reads the words before the stop alone.
 */
export function withStopSetApart(
  index: KeywordIndex,
  text: string,
  readClause: ReadClause,
): string {
  const inside = text.replace(
    /^[\s,.;:!¡]+|[\s,.;:!¡\p{Extended_Pictographic}\uFE0F\u200D]+$/gu,
    '',
  );
  if (QUESTION.test(text) || PUNCTUATION_BREAK.test(inside)) return text;
  // ("…paren todo gracias", "…stop everything pls".)
  const words = withoutAround(phraseWords(inside));
  const apart = (at: number) => `${words.slice(0, at).join(' ')}, ${words.slice(at).join(' ')}`;
  const stopping = (word: string | undefined) =>
    word !== undefined && (CANCELLING_VERBS.has(word) || word === 'para');
  // After kinds and "only", or "only" and kinds, a stop or a refusal ("order updates only no
  // more promos"), when it says what ("promos only stop" stops the promos).
  let opened = -1;
  const afterOnly = words.findIndex((word, at) => {
    if (at < 2 || at >= words.length - 1 || !(stopping(word) || REFUSALS.has(word))) return false;
    const lead = words.slice(0, at);
    opened = onlyOpening(index, lead);
    // (Not "just the codes not the promos": an exception of kinds from a stop of them.)
    const exception = !stopping(word) && ARTICLES.has(words[at + 1] ?? '');
    return closesWithOnly(index, lead.join(' ')) || (opened >= 0 && !exception);
  });
  if (afterOnly > 0) {
    // ("only order updates no more promos", "quiero solo los pedidos paren el resto" are read
    // as "order updates only, no more promos": the kinds kept, every other stopped.)
    if (opened < 0) return apart(afterOnly);
    const kinds = words.slice(opened + 1, afterOnly).join(' ');
    return `${kinds} ${words[opened]}, ${words.slice(afterOnly).join(' ')}`;
  }
  // Everything, at the end.
  let verb = words.length - 1;
  while (verb > 0 && (STOP_ALL_TOO.has(words[verb]!) || ALL_THINGS.has(words[verb]!))) verb -= 1;
  const tail = words.slice(verb + 1);
  // ("…dejen de mandarme todo", "…stop sending me everything": the stop before the sending.)
  let sent = verb;
  while (sent > 0 && SENDING.has(words[sent]!)) sent -= 1;
  const sending = sent < verb && stopsSendingAll(words.slice(sent));
  if (sending) verb = sent;
  const everything = tail.some(
    (word, i) =>
      ALL_THINGS.has(word) ||
      (word === 'all' && (tail[i - 1] === 'it' || ALL_OF.has(tail[i + 1] ?? ''))),
  );
  const stops = sending || stopping(words[verb]);
  if (verb < 1 || !stops || !everything || NOT_OWN_STOP.has(words[verb - 1]!)) {
    return text;
  }
  // (Kinds named by a plural, not of purchases: not "el cupón no funciona", "mis pedidos no
  // llegan"; or by a label: "the order updates keep coming".)
  const before = words.slice(0, verb);
  const ofMessages =
    readClause(before.join(' '))?.kind === 'optOut' ||
    before.some((word) => !PURCHASES.has(word) && pluralKinds(index, word).length > 0) ||
    kindsLabelledIn(index, `${before.join(' ')} `).length > 0;
  return ofMessages ? apart(verb) : text;
}

/**
 * Where `words` say "only" when they are "only" and kinds named alone, maybe after a wish ("just
 * order updates", "quiero solo los pedidos", "só os pedidos"); -1 for any other words.
 */
function onlyOpening(index: KeywordIndex, words: readonly string[]): number {
  const from = WANTING_FIRST.has(words[0] ?? '') ? 1 : 0;
  if (!ONLY_WORDS.has(words[from] ?? '')) return -1;
  return kindsAlone(index, words.slice(from + 1)).length > 0 ? from : -1;
}

/** A wish before "only" and kinds: "quiero solo los pedidos", "i want just the codes". */
const WANTING_FIRST: ReadonlySet<string> = new Set(['quiero', 'quero', 'want', 'need']);

/**
 * Words before a stop that tie it to the words before them: no wish of the customer's own ("no
 * paren todo", "…you to stop everything") or a part of that clause ("no quiero cancelar todo").
 */
const NOT_OWN_STOP: ReadonlySet<string> = new Set([
  ...REFUSALS,
  ...['to', 'que', 'q', 'k', 'pra', 'de', 'you', 'u', 'ya', 'cant', 'wont', 'didnt', 'shouldnt'],
  ...['i', 'me', 'we', 'yo', 'eu', 'should', 'can', 'could', 'will', 'would', 'did', 'do'],
  ...['want', 'wanna', 'quiero', 'quisiera', 'deseo', 'quero', 'queria', 'desejo', 'gostaria'],
  ...['pode', 'podem', 'puede', 'pueden', 'vou', 'voy', 'going', 'gonna', 'ir', 'va', 'vai'],
  // Words said, not a wish: "i never said stop everything", "nadie dijo paren todo".
  ...['say', 'said', 'saying', 'says', 'dije', 'dijo', 'dijiste', 'disse', 'falei', 'falou'],
]);

/**
 * A stop of everything but kinds named, whose stop alone only may mean stop ("cancel everything
 * except the codes", "cancel all but order updates": "cancel everything" may be an order's): the
 * kinds kept say it is of the messages, so the other kinds, asked. `undefined` for a message of
 * any other shape, or one whose first part is no stop of everything.
 */
export function everythingBut(
  index: KeywordIndex,
  text: string,
  readClause: ReadClause,
): StopMatch | undefined {
  const said = ` ${phraseWords(text).join(' ')} `;
  const but = EVERYTHING_BUT.exec(said);
  if (!but) return undefined;
  // Kinds named plainly and nothing else (not "cancel everything except my order", "…the order
  // from monday", "…the promo sofa", "…the code i used": an order's).
  const after = withoutAround(
    said
      .slice(but.index + but[0].length)
      .split(' ')
      .filter(Boolean),
  );
  if (after.some((word) => POSSESSIVES.has(word))) return undefined;
  const kept = kindsNamedPlainly(index, after);
  const others = everyKind(index).filter((id) => !kept.includes(id));
  if (kept.length === 0 || others.length === 0) return undefined;
  const alone = readClause(said.slice(0, but.index + 1 + but[1]!.length));
  if (alone?.kind !== 'optOut' || ('categories' in alone && alone.categories)) return undefined;
  const { language, keyword } = alone;
  return { type: 'contains', kind: 'optOut', language, keyword, categories: others };
}

/** "Everything" and the word that keeps what follows it: "everything except", "all but". */
const EVERYTHING_BUT =
  / ((?:it )?(?:everything|all|all of it|todo|tudo)) (?:except|except for|but|other than|apart from|besides|menos|excepto|salvo|exceto|fora) /u;

/**
 * Everything else, after kinds named, at the end of a message of one clause that keeps nothing:
 * "and everything else", "y todo lo demás", "e todo o resto" (not "…, and everything else is
 * ok", nor "stop the promos, i love your store and everything", nor "…, keep the order updates
 * and everything else").
 */
function andEverything(text: string): boolean {
  const inside = text.replace(/[\s.!?\p{Extended_Pictographic}\uFE0F]+$/u, '');
  return (
    AND_EVERYTHING.test(text) &&
    !PUNCTUATION_BREAK.test(inside) &&
    !KEEPING.test(` ${phraseWords(text).join(' ')} `)
  );
}

const AND_EVERYTHING =
  /(?:^|[\s,])(?:and|&|y|e) (?:everything(?: else)?|all the rest|the rest|todo lo dem[aá]s|todo|lo dem[aá]s|el resto|tudo|tudo mais|todo o resto|o resto)[\s.!?\p{Extended_Pictographic}\uFE0F]*$/iu;

/**
 * A last clause of "everything" alone, after kinds named: "stop the promos, also everything
 * else", "…, everything actually", "paren las ofertas. todo también" (normalised).
 */
const EVERYTHING_CLAUSE =
  /[,.;:!]\s*(?:(?:and also|and|also|y|e|tambien|tambem)\s+)?(?:everything|all of it|todo|tudo)(?:\s+(?:else|lo demas|o resto|mais))?(?:\s+(?:too|also|actually|as well|tambien|tambem|tb))?[\s.!?\p{Extended_Pictographic}\uFE0F]*$/u;

/** Words for everything that cannot be of kinds named ("all", "todas" can). */
const ALL_THINGS: ReadonlySet<string> = new Set(['everything', 'todo', 'tudo']);

/** What makes "all" everything after it: "all messages", "all of it". */
const ALL_OF: ReadonlySet<string> = new Set(['messages', 'msgs', 'texts', 'of']);

/**
 * The other words a stop of everything may say: "i want to", "quiero", "just", "me from", "all
 * of it", "all messages".
 */
const STOP_ALL_TOO: ReadonlySet<string> = new Set([
  ...['i', 'want', 'to', 'just', 'me', 'from', 'it', 'all', 'of', ...ALL_OF],
  ...['quiero', 'quero', 'ya', 'ja', 'de'],
]);

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
function includedInAll(index: KeywordIndex, text: string, readClause: ReadClause): boolean {
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
      const alone = readClause(part);
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
function onlyAfterAll(index: KeywordIndex, text: string, readClause: ReadClause): boolean {
  // (Right after it: "paren todo, digo, solo las ofertas" corrects it to the offers.) "But"
  // before "only" splits as a comma does: "stop all messages but only the promos".
  const [first = '', next = ''] = normalizeForMatching(text).split(BREAK_BEFORE_ONLY);
  const opening = readClause(first);
  if (opening?.kind !== 'optOut' || ('categories' in opening && opening.categories)) return false;
  // ("no quiero darme de baja de todo, solo de las ofertas", "dont cancel everything, just the
  // promos": a stop not wanted, the kinds after it the ones to stop.)
  const words = phraseWords(first);
  const refused = words.some((word) => REFUSALS.has(word));
  if (refused && words.some((word) => CANCELLING_VERBS.has(word) || UNSUBSCRIBING.has(word))) {
    return false;
  }
  if (kindsNamedIn(index, `${phraseWords(first).join(' ')} `).size > 0) return false;
  // ("just" is a filler elsewhere: "…, just the promos".)
  const [lead = '', ...rest] = phraseWords(next);
  const [only, ...kinds] = ONLY_WORDS.has(lead)
    ? [lead, ...withoutFillers(index, rest)]
    : withoutFillers(index, [lead, ...rest]);
  return only !== undefined && ONLY_WORDS.has(only) && kindsNamedPlainly(index, kinds).length > 0;
}

/** Punctuation, or "but" before "only": where a stop of everything ends and "only" begins. */
const BREAK_BEFORE_ONLY = new RegExp(
  `${PUNCTUATION_BREAK.source}|\\s(?:${[...BUT].join('|')})\\s(?=(?:${[...ONLY_WORDS].join('|')})\\s)`,
  'u',
);

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
export function stopWordThenKinds(
  index: KeywordIndex,
  tokens: readonly string[],
  preferred: string | undefined,
  read: (match: KeywordMatch) => KeywordMatch,
): KeywordMatch | undefined {
  for (let n = Math.min(LONGEST_STOP_WORD, tokens.length - 1); n >= 1; n -= 1) {
    const lead = tokens.slice(0, n);
    const word = findExact(index, lead, preferred) ?? (n === 1 ? oneWordStop(lead[0]!) : undefined);
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
    if (categories.length === 0 || namesKindsAndAll(index, `${rest.join(' ')} `)) {
      return undefined;
    }
    return read({ type: 'phrase', kind: 'optOut', language, keyword, categories });
  }
  return undefined;

  /**
   * A stop word typed with a typo ("stpo promos"), in the customer's language only ("alot of
   * promos" is no Spanish "alto"), or a phrasing of one word ("unsub promos").
   */
  function oneWordStop(first: string): KeywordMatch | undefined {
    const typo = findTypo(index, first, preferred);
    if (typo && typo.language === preferred) return typo;
    return findPhrase(index, `${first} `, 'optOut', preferred);
  }
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
const ADDING: ReadonlySet<string> = new Set([...ALSO_WORDS, 'and', 'y', 'e', 'ate']);
