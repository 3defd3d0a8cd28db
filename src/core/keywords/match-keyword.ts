/**
 * THE STOP RULE's matching: a message is compared, after {@link normalizeForMatching}, with a
 * flow's words and the product's built-in words and phrasings of its languages (PRODUCT.md,
 * "Keywords are matched like a careful human would", "STOP cannot be configured away").
 */
import type { KeywordEntry, KeywordIndex, KeywordKind } from './keyword-index.js';
import type { PhraseLanguage } from './phrase-index.js';
import { contentWords, MIN_JOINED_KEYWORD_LENGTH, tokenize } from './keyword-index.js';
import { normalizeForMatching } from './normalize-text.js';
import { phraseWords } from './phrase-pattern.js';
import { isTypoOf } from './typo.js';

/**
 * The result of matching a message. `exact`: the whole message is the keyword (said twice,
 * spelled out, with filler words such as "please", or with a small typo). `phrase`: the whole
 * message is an opt-out phrasing ("no more messages"). `contains`: the message may mean stop
 * ("please stop it, I'm busy"), which the flow confirms or ignores (`consent.ambiguousStop`).
 * A phrase or sentence that names kinds of messages ("stop sending me promos") has
 * `categories`: the flow categories it names, to offer stopping just those.
 */
export type KeywordMatch =
  | {
      readonly type: 'exact';
      readonly kind: KeywordKind;
      readonly language: string;
      readonly keyword: string;
    }
  | {
      readonly type: 'phrase' | 'contains';
      readonly kind: 'optOut';
      readonly language: string;
      /** The opt-out word or the phrase pattern that matched. */
      readonly keyword: string;
      readonly categories?: readonly string[];
    }
  | {
      /** The whole message asks to receive messages ("I want to get your offers"). */
      readonly type: 'phrase';
      readonly kind: 'optIn';
      readonly language: string;
      /** The phrase pattern that matched. */
      readonly keyword: string;
    };

/** A match that may mean stop, short of a whole-message opt-out word. */
type StopMatch = Extract<KeywordMatch, { kind: 'optOut'; type: 'phrase' | 'contains' }>;

/** How many words may be run together to find a keyword inside a sentence (`o p t o u t`: no). */
const MAX_JOINED_WORDS = 3;

/**
 * Classifies a message against a flow's words: an exact whole-message match of any kind, else
 * an opt-out phrasing of the whole message, else something that may mean stop, else a
 * phrasing of the whole message that asks to receive messages, else `null`.
 * @param preferredLanguage The contact's language: chosen when the matched word exists in it.
 * @example matchKeyword(index, ' Stop. ') // { type: 'exact', kind: 'optOut', language: 'en', keyword: 'stop' }
 */
export function matchKeyword(
  index: KeywordIndex,
  text: string,
  preferredLanguage?: string,
): KeywordMatch | null {
  const read = readKeyword(index, text, preferredLanguage);
  // "keep the promos, just stop the order updates": what a clause keeps is never stopped.
  const kept = read?.type === 'exact' ? undefined : keepingClauses(index, text, read);
  const match = kept === undefined ? read : kept;
  // "stop the order updates and promos and everything else": not just those kinds.
  if (match?.kind !== 'optOut' || match.type === 'exact' || !match.categories) return match;
  // One clause that keeps nothing ("…, keep the order updates and everything else" keeps them).
  const inside = text.replace(/[\s.!?\p{Extended_Pictographic}\uFE0F]+$/u, '');
  const spoken = ` ${phraseWords(text).join(' ')} `;
  if (!AND_EVERYTHING.test(text) || PUNCTUATION_BREAK.test(inside) || KEEPING.test(spoken)) {
    return match;
  }
  return { type: 'contains', kind: 'optOut', language: match.language, keyword: match.keyword };
}

/**
 * A message whose clauses keep some kinds and stop others ("keep the promos, just stop the order
 * updates", "order updates only please and no promos", "login codes are fine, stop the rest",
 * "don't unsubscribe me from the promos, just the order updates"): a wish to stop the kinds its
 * stopping clauses name, or with none named, every kind but the kept ones; the bot asks. A stop
 * of kept kinds only, with no clause that stops, is no stop ("don't unsubscribe me from the
 * promos"). `undefined`: the message keeps no kind by name, and `read` stands.
 */
function keepingClauses(
  index: KeywordIndex,
  text: string,
  read: KeywordMatch | null,
): KeywordMatch | null | undefined {
  if (read !== null && read.kind !== 'optOut') return undefined;
  const pieces = text.split(STANCE_BREAKS);
  if (read === null && pieces.length < 3) return undefined;
  const stances: ClauseStance[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const stance = clauseStance(index, pieces[i] ?? '', stances.at(-1));
    if (stance) stances.push({ ...stance, joined: JOINING_BREAK.test(pieces[i - 1] ?? '') });
  }
  // "…, order updates and login codes are fine": a list joined to a kind said fine is kept too.
  for (let i = stances.length - 2; i >= 0; i -= 1) {
    const [listed, next] = [stances[i]!, stances[i + 1]!];
    if (listed.stance === 'listed' && next.fine && next.joined) stances[i] = { ...next };
  }
  // A list's other kinds go with the clause before them ("stop the order updates and promos").
  for (let i = 1; i < stances.length; i += 1) {
    if (stances[i]!.stance === 'listed')
      stances[i] = { ...stances[i - 1]!, kinds: stances[i]!.kinds };
  }
  const kept = new Set(stances.flatMap((s) => (s.stance === 'keep' ? s.kinds : [])));
  // "no quiero cancelar todo, solo las ofertas": a wish not to stop keeps what it does not name.
  if (kept.size === 0 && !stances.some((s) => s.negated)) return undefined;
  const stopping = stances.filter((s) => s.stance === 'stop');
  const stop = read?.kind === 'optOut' && read.type !== 'exact' ? read : undefined;
  const said = stop ?? stopping[0]?.match;
  if (!said) return undefined;
  if (stopping.length === 0) {
    // "don't unsubscribe me from the promos": the kinds it would stop are the ones kept.
    return stop?.categories?.every((id) => kept.has(id)) ? null : undefined;
  }
  const named = stopping.flatMap((s) => s.kinds).filter((id) => !kept.has(id));
  const others = [...new Set(index.labels.map((label) => label.category))].filter(
    (id) => !kept.has(id),
  );
  // "no more promos, order updates only": every kind but the ones wanted.
  const exclusive = stances.some((s) => s.stance === 'keep' && s.only);
  // With no kind named, only "the rest" is every other kind: "the promos are ok but stop them",
  // "order updates are fine. STOP" are read as they are.
  if (named.length === 0 && !stopping.some((s) => s.rest)) return undefined;
  const categories = named.length > 0 && !exclusive ? [...new Set(named)] : others;
  if (categories.length === 0) return undefined;
  return {
    type: 'contains',
    kind: 'optOut',
    language: said.language,
    keyword: said.keyword,
    categories,
  };
}

/** What one clause does with the kinds it names; `listed`: it names kinds and nothing else. */
type ClauseStance = {
  readonly stance: 'keep' | 'stop' | 'listed';
  readonly kinds: readonly string[];
  /** Kept as the only ones wanted ("order updates only", "i only want the login codes"). */
  readonly only?: true;
  /** Kept by a word that says they are fine ("login codes are fine", "los pedidos bien"). */
  readonly fine?: true;
  /** Kept by asking not to stop them ("don't unsubscribe me from the promos"): that stop. */
  readonly negated?: StopMatch;
  /** For a stopping clause: it stops "the rest" ("stop the rest", "quiten lo demás"). */
  readonly rest?: true;
  /** For a stopping clause: how it reads on its own. */
  readonly match?: StopMatch;
  /** Joined to the clause before it by "and", "y", "e". */
  readonly joined?: boolean;
};

/** Where clauses meet for their stance: punctuation, "and", "but" (kept in the split). */
const STANCE_BREAKS = /([,.;:!?¡¿\n]+|\s[-–]\s|\s(?:and|but|y|pero|e)\s)/iu;

/** A clause's stance that keeps its kinds alone. */
const ALONE = { only: true } as const;

/** Words that say kinds are fine to keep ("order updates are fine", "os avisos tudo bem", 👍). */
const FINE: ReadonlySet<string> = new Set([
  ...['fine', 'ok', 'okay', 'good', 'great', 'cool', 'alright', 'bien', 'vale', 'bem', 'beleza'],
]);
const FINE_SIGNS = /[👍👌✅]/u;

/** What may sit between kinds and a word that says they are fine ("are", "están", "tudo"). */
const BEING: ReadonlySet<string> = new Set([
  ...['are', 'is', 'r', 'still', 'all', 'estan', 'esta', 'son', 'muy', 'todo', 'de'],
  ...['sao', 'estao', 'ta', 'tao', 'tudo', 'boa'],
]);

/** A clause that asks to be sent kinds: "i only want the login codes", "solo quiero los pedidos". */
const WANTS_KINDS =
  /^(?:(?:i|yo|eu) )?(?:(?:only|just|solo|so|apenas|somente) )?(?:(?:want|need|quiero|quero|keep|mantengan|mantenham|mantenha)(?: me)?(?: (?:to get|to receive|recibir|receber))? )/u;

/**
 * A wish not to stop what follows it ("i dont want to stop the promos", "no paren las ofertas",
 * "não quero parar as promoções"); its first word says the language (see `LANGUAGE_OF`).
 */
const NOT_STOPPING_KINDS =
  /^(?:i )?(dont|do not|no|nao|nunca) (?:want to (?:stop|cancel)|(?:paren|pare|cancelen|cancele|quiten|quite|detengan)|(?:quiero|deseo) (?:parar|cancelar|quitar)|(?:parem|pare|cancelem|cancele|tirem|tire)|(?:quero|desejo) (?:parar|cancelar|tirar)) /u;
const LANGUAGE_OF: Readonly<Record<string, string>> = {
  dont: 'en',
  'do not': 'en',
  no: 'es',
  nao: 'pt',
  nunca: 'pt',
};

/** Everything, said where kinds could be ("don't unsubscribe me from everything"). */
const EVERYTHING: ReadonlySet<string> = new Set(['all', 'everything', 'todo', 'todos', 'tudo']);

/** Ties the kinds to a wish at its end: "from the promos", "de las ofertas", "das promoções". */
const FROM: ReadonlySet<string> = new Set([
  ...['from', 'of', 'off', 'about', 'on', 'de', 'del', 'do', 'da', 'dos', 'das', 'sobre'],
]);

/**
 * The stance of one clause of a message (`previous`: the clause before it's): it keeps the kinds
 * it names ("keep the promos", "order updates only", "login codes are fine", "don't unsubscribe
 * me from the promos"), stops them (it reads as a stop alone, or "just the order updates" after a
 * clause that asks not to stop), or lists them; `undefined` for any other clause.
 */
function clauseStance(
  index: KeywordIndex,
  clause: string,
  previous: ClauseStance | undefined,
): Omit<ClauseStance, 'joined'> | undefined {
  const words = phraseWords(clause).filter((word) => !PLEASE_WORDS.has(word));
  if (words.length === 0) return undefined;
  // "order updates only", "just the order updates": kept, or after "don't stop the promos", stopped.
  const [first, last] = [words[0]!, words.at(-1)!];
  if (ONLY_WORDS.has(first) || ONLY_WORDS.has(last)) {
    const kinds = kindsByName(index, ONLY_WORDS.has(first) ? words.slice(1) : words.slice(0, -1));
    // The stop that clause asks not to make, made of these kinds.
    const asked = previous?.negated;
    if (asked && kinds.length > 0) {
      return { stance: 'stop', kinds, match: { ...asked, categories: kinds } };
    }
    // "order updates only" wants them alone; "…, just order updates" keeps them.
    if (kinds.length > 0) return { stance: 'keep', kinds, ...(ONLY_WORDS.has(last) && ALONE) };
  }
  // "login codes are fine", "los pedidos están bien", "order updates 👍".
  const fine = words.some((word) => FINE.has(word)) || FINE_SIGNS.test(clause);
  if (fine) {
    const kinds = kindsByName(
      index,
      words.filter((word) => !FINE.has(word) && !BEING.has(word)),
    );
    if (kinds.length > 0) return { stance: 'keep', kinds, fine: true };
  }
  // "keep the promos", "i only want the login codes", "quiero los pedidos".
  const said = `${words.join(' ')} `;
  const wants = WANTS_KINDS.exec(said);
  if (wants) {
    const kinds = kindsByName(index, said.slice(wants[0].length).split(' ').filter(Boolean));
    const alone = wants[0].split(' ').some((word) => ONLY_WORDS.has(word));
    if (kinds.length > 0) return { stance: 'keep', kinds, ...(alone && ALONE) };
  }
  // "don't unsubscribe me from the promos", "dont stop sending me promos".
  const negated = notStopping(index, words);
  if (negated) return { stance: 'keep', kinds: negated.categories, negated };
  const kinds = kindsByName(index, words);
  if (kinds.length > 0) return { stance: 'listed', kinds };
  const match = readKeyword(index, clause) ?? stopsTheRest(index, said);
  if (match?.kind !== 'optOut') return undefined;
  const rest = THE_REST_SAID.test(said) ? { rest: true as const } : {};
  if (match.type === 'exact') return { stance: 'stop', kinds: [], ...rest };
  return { stance: 'stop', kinds: match.categories ?? [], match, ...rest };
}

/**
 * The kinds `words` name alone (see `kindsAlone`), spoken of as messages: with a label, a word for
 * messages or a marketing word ("os avisos do pedido", "the promos"), or a plural word of a label
 * ("codes"). Not a purchase: "my order is fine", "só quero o código", "my orders are fine".
 */
function kindsByName(index: KeywordIndex, words: readonly string[]): string[] {
  const said = ` ${words.join(' ')} `;
  const spoken =
    index.labels.some((label) => said.includes(` ${label.tokens}`)) ||
    words.some((word) => index.marketingWords.has(word) || index.messageWords.has(word)) ||
    (!words.some((word) => MINE.has(word)) &&
      words.some((word) => word.endsWith('s') && labelWordKind(index, word) !== undefined));
  return spoken ? kindsAlone(index, words) : [];
}

/** "The rest" and "everything else" in the built-in languages, for the other kinds. */
const THE_REST_SAID =
  /(?<=^| )(?:all the rest|the rest|everything else|the others|the other ones|todo lo demas|lo demas|los demas|las demas|todo el resto|el resto|todo o resto|o resto|os outros|as outras|tudo mais)(?= )/u;

/**
 * A clause that asks to stop "the rest" ("quiten lo demás", "cancelem o resto", "i dont want
 * the rest"): read as if it said "the messages", in each built-in language's word for them.
 */
function stopsTheRest(index: KeywordIndex, said: string): KeywordMatch | null {
  if (!THE_REST_SAID.test(said)) return null;
  for (const messages of ['the messages', 'los mensajes', 'as mensagens']) {
    const match = readKeyword(index, said.replace(THE_REST_SAID, messages));
    if (match?.kind === 'optOut') return match;
  }
  return null;
}

/**
 * The kinds a clause asks not to stop: a wish to stay subscribed with the kinds at its end ("don't
 * unsubscribe me from the promos", "no me den de baja de las ofertas"), or one not to stop with
 * kinds named ("dont stop sending me promos"). `undefined` for any other clause.
 */
function notStopping(
  index: KeywordIndex,
  words: readonly string[],
): (StopMatch & { readonly categories: string[] }) | undefined {
  const said = `${words.join(' ')} `;
  const asked = (phrases: PhraseLanguage | undefined, categories: string[]) =>
    phrases
      ? ({
          type: 'contains',
          kind: 'optOut',
          language: phrases.language,
          keyword: said.trim(),
          categories,
        } as const)
      : undefined;
  const keepOn = index.phrases.find((p) => p.keepOn?.test(said));
  if (keepOn) return asked(keepOn, [...kindsNamedIn(index, said, true)]);
  // "no paren las ofertas", "não quero parar as promoções": the kinds, and nothing else, follow.
  const notStop = NOT_STOPPING_KINDS.exec(said);
  if (notStop) {
    const kinds = kindsByName(index, said.slice(notStop[0].length).split(' ').filter(Boolean));
    const language = index.phrases.find((p) => p.language === LANGUAGE_OF[notStop[1] ?? '']);
    // "no quiero cancelar el pedido, solo las ofertas": no kind kept, but what follows stops.
    if (language) return asked(language, kinds);
  }
  const staysIn = (wish: readonly string[]) => {
    const kept = `${withoutFillers(index, wish).join(' ')} `;
    return index.phrases.find((p) => p.staySubscribed?.test(kept));
  };
  for (let cut = words.length - 2; cut > 0; cut -= 1) {
    if (!FROM.has(words[cut]!)) continue;
    const tail = words.slice(cut + 1);
    // "dont unsubscribe me from everything", "no me den de baja de todo": no kind kept.
    const all = tail.length === 1 && EVERYTHING.has(tail[0]!);
    const kinds = all ? [] : kindsAlone(index, tail);
    if (!all && kinds.length === 0) continue;
    const stays = staysIn(words.slice(0, cut));
    if (stays) return asked(stays, kinds);
  }
  const stays = staysIn(words);
  return stays && asked(stays, []);
}

/**
 * Everything else, after kinds named, at the end of a message of one clause: "and everything
 * else", "y todo lo demás", "e todo o resto" (not "…, and everything else is ok", nor "stop the
 * promos, i love your store and everything").
 */
const AND_EVERYTHING =
  /(?:^|[\s,])(?:and|&|y|e) (?:everything(?: else)?|all the rest|the rest|todo lo dem[aá]s|todo|lo dem[aá]s|el resto|tudo|tudo mais|todo o resto|o resto)[\s.!?\p{Extended_Pictographic}\uFE0F]*$/iu;

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
  return (
    findInClause(index, text, preferredLanguage) ??
    findConfirm(index, text, said, preferredLanguage) ??
    aboutKinds('confirm') ??
    findInSentence(index, tokens, said, preferredLanguage) ??
    findOptIn(index, said, preferredLanguage) ??
    pastOpeners(index, said, preferredLanguage, read) ??
    kindsAsMessages(index, text, said, preferredLanguage) ??
    null
  );
}

/** The customer's own possessives: "my order" is about the order, not its messages. */
const MINE: ReadonlySet<string> = new Set([
  ...['my', 'mi', 'mis', 'meu', 'meus', 'minha', 'minhas'],
]);

/**
 * A refusal of kinds named by words of their labels alone, at the end of a message of one clause
 * ("no more codes", "no quiero más códigos", "nao quero mais promoções e códigos"): read as if it
 * said "messages", for those kinds; the bot asks. Only plural words; never after "my" ("i dont
 * want my order anymore" is about the order), nor in a question.
 */
function kindsAsMessages(
  index: KeywordIndex,
  text: string,
  said: string,
  preferred: string | undefined,
): StopMatch | undefined {
  const inside = text.replace(/^[\s,.;:!?¡¿]+|[\s,.;:!?¡¿]+$/gu, '');
  if (QUESTION.test(text) || PUNCTUATION_BREAK.test(inside)) return undefined;
  const words = said.split(' ').filter(Boolean);
  const kinds = new Set<string>();
  let byLabel = 0;
  let at = words.length;
  for (; at > 0; at -= 1) {
    const word = words[at - 1]!;
    const kind = labelWordKind(index, word);
    // "the order", "el pedido", "o código": a purchase, or a code, not their messages.
    if (kind !== undefined && !word.endsWith('s')) return undefined;
    if (kind !== undefined) {
      kinds.add(kind);
      byLabel += 1;
    } else if (index.marketingWords.has(word)) {
      for (const id of index.marketingCategories) kinds.add(id);
    } else if (!JOINS.has(word) && !LINKS.has(word)) break;
  }
  const before = words.slice(0, at);
  if (byLabel === 0 || MINE.has(before.at(-1) ?? '')) return undefined;
  // "no codes!!" may say none came: a refusal of more words ("no more codes", "no quiero códigos").
  if (before.length < 2 || !before.some((word) => REFUSALS.has(word))) return undefined;
  for (const messages of ['messages', 'mensajes', 'mensagens']) {
    const phrased = `${[...before, messages].join(' ')} `;
    const found =
      findPhrase(index, phrased, 'optOut', preferred) ??
      findPhrase(index, phrased, 'confirm', preferred);
    if (found) return { ...found, type: 'contains', categories: [...kinds] };
  }
  return undefined;
}

/** Articles between a refusal and the kinds ("no more of the codes", "ni los códigos"). */
const LINKS: ReadonlySet<string> = new Set([
  ...['the', 'any', 'of', 'those', 'these', 'los', 'las', 'el', 'la', 'esos', 'esas'],
  ...['os', 'as', 'o', 'a', 'esses', 'essas'],
]);

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

/** Punctuation, or "but", between clauses. */
const CLAUSE_OR_BUT = /[,.;:!?¡¿\n]+|\s[-–]\s|\s(?:but|pero)\s/iu;

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

/** Words that refuse, in the product's languages ("no more codes", "não quero mais códigos"). */
const REFUSALS: ReadonlySet<string> = new Set([
  ...['no', 'not', 'dont', 'never', 'without', 'nao', 'sin', 'sem', 'ni', 'nem', 'nunca'],
]);

/** Where a message's first clause ends: punctuation, or "but", "pero", "mas". */
const AFTER_FIRST_CLAUSE = /[,.;:!?¡¿\n]+\s*(?:(?:but|pero|mas)\s+)?|\s(?:but|pero|mas)\s+/iu;

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

/** A message that asks: it ends with a question mark (emoji and spaces aside) or opens with "¿". */
const QUESTION = /^\s*¿|\?[\s\p{Extended_Pictographic}\uFE0F\u200D]*$/u;

/**
 * Whether `clause` of `text` is asked: the message is a question, or a question mark ends the
 * clause ("no more order notifications? i never got one lol").
 */
function asks(text: string, clause: string): boolean {
  if (QUESTION.test(text)) return true;
  const at = text.indexOf(clause);
  return at >= 0 && /^\s*\?/u.test(text.slice(at + clause.length));
}

/** An opt-out read out of a question: it may mean stop (the bot asks); any other kind stands. */
function maybe(match: KeywordMatch): KeywordMatch {
  return match.kind === 'optOut' ? { ...match, type: 'contains', kind: 'optOut' } : match;
}

/**
 * The whole message as one keyword of any kind, as written, said twice, spelled out, or with a
 * letter held ("siii").
 */
function findExact(
  index: KeywordIndex,
  tokens: readonly string[],
  preferred: string | undefined,
): KeywordMatch | undefined {
  const entries =
    findWhole(index, tokens) ??
    findWhole(index, repeatedUnit(tokens)) ??
    yesOnlyIfPlain(findWhole(index, squeezed(tokens)), tokens);
  const best = entries?.[0];
  if (!entries || !best) return undefined;
  const entry = pickLanguage(
    entries.filter((e) => e.kind === best.kind),
    best,
    preferred,
  );
  return { type: 'exact', kind: best.kind, language: entry.language, keyword: entry.keyword };
}

/** A letter typed three or more times in a row, once ("siii", "yesss", "simmm", "stooop"). */
const HELD_LETTER = /(\p{L})\1{2,}/gu;

/**
 * The yes words a held letter may still be read in: "siii", "yesss", "simmm". A drawn-out
 * "claaaro", "suuuure" or "valeee" is as often sarcasm, and is no yes.
 */
const HELD_YES = new Set(['si', 'sim', 'yes', 'sip', 'yep', 'yup', 'yeah']);

/** Entries found with held letters squeezed: a yes only for a single plain yes word. */
function yesOnlyIfPlain(
  entries: readonly KeywordEntry[] | undefined,
  tokens: readonly string[],
): readonly KeywordEntry[] | undefined {
  if (!entries?.some((entry) => entry.kind === 'yes')) return entries;
  const word = squeezed(tokens)?.join(' ') ?? '';
  return tokens.length === 1 && HELD_YES.has(word) ? entries : undefined;
}

/** A letter typed twice in a row ("sii", "simm"): held only in a word that is a plain yes. */
const DOUBLED_LETTER = /(\p{L})\1/gu;

/**
 * The words with every held letter typed once, when any was held; else `undefined`. A doubled
 * letter counts too when the message is one word that then reads as a plain yes ("sii").
 */
function squeezed(tokens: readonly string[]): readonly string[] | undefined {
  const words = tokens.map((token) => token.replace(HELD_LETTER, '$1'));
  const [only] = words;
  if (words.length === 1 && only !== undefined) {
    const single = only.replace(DOUBLED_LETTER, '$1');
    if (single !== only && HELD_YES.has(single)) return [single];
  }
  return words.some((word, i) => word !== tokens[i]) ? words : undefined;
}

/**
 * The entries of a whole message: its words as written, else run together when that is how a
 * person splits a keyword: spelled out letter by letter (`S.T.O.P.`), or a long keyword in
 * words (`opt out`). Two short words that happen to make a short keyword (`ba já`) do not count.
 */
function findWhole(
  index: KeywordIndex,
  tokens: readonly string[] | undefined,
): readonly KeywordEntry[] | undefined {
  if (!tokens || tokens.length === 0) return undefined;
  const exact = index.exact.get(tokens.join(' '));
  if (exact) return exact;
  const joined = tokens.join('');
  const spelled = tokens.every((t) => [...t].length === 1);
  if (!spelled && [...joined].length < MIN_JOINED_KEYWORD_LENGTH) return undefined;
  return index.compact.get(joined);
}

/**
 * The words a message repeats, when it is nothing but one phrase said again: `STOP STOP` and
 * `stop\nstop\nstop` are STOP, as a careful human reads them. Undefined otherwise.
 */
function repeatedUnit(tokens: readonly string[]): readonly string[] | undefined {
  for (let size = 1; size <= tokens.length / 2; size += 1) {
    if (tokens.length % size !== 0) continue;
    if (tokens.every((t, i) => t === tokens[i % size])) return tokens.slice(0, size);
  }
  return undefined;
}

/** Joins an idiom's words while fillers are left out: a character no word has. */
const HELD = '\u0001';

/** The words without the fillers of the flow's languages ("stop please" → "stop"). */
function withoutFillers(index: KeywordIndex, words: readonly string[]): string[] {
  if (!index.fillers) return [...words];
  let said = `${words.join(' ')} `;
  // An idiom's words held together, so no filler is taken out of it ("para já" stays).
  if (index.idioms) said = said.replace(index.idioms, (idiom) => idiom.replaceAll(' ', HELD));
  return tokenize(said.replace(index.fillers, '').replaceAll(HELD, ' '));
}

/**
 * An opt-out phrasing: of the whole message (`optOut`), anywhere in it (`confirm`), or of the
 * whole message but only maybe (`maybeOptOut`). Only `optOut` stops at once. The phrasing is
 * looked for in `phrased` (`said` unless told), the kinds it names in `said`.
 */
function findPhrase(
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
function findOptIn(
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
  const mayMatch = (anchor: ReadonlySet<string> | undefined) => {
    if (!anchor) return true;
    for (const word of words) if (anchor.has(word)) return true;
    return false;
  };
  for (const phrases of ordered(index.phrases, preferred)) {
    const matched = phrases[which]?.each.find((e) => mayMatch(e.anchor) && e.regex.test(said));
    if (matched) return { language: phrases.language, keyword: matched.pattern };
  }
  return undefined;
}

/**
 * Where a message's clauses meet: punctuation, a dash between spaces, "and" / "but" in the
 * product's languages ("no gracias y ya no me escriban", "nah and pls stop messaging me"), or
 * after a no that opens the message, as if followed by a comma ("no gracias ya no quiero
 * recibir nada"). A clause can only add a match (the "do you want to stop?" question): the whole
 * message is read first, and again after the clauses.
 */
const CLAUSE_BREAK =
  /[,.;:!?¡¿\n]+|\s[-–]\s|\s(?:and|but|y|pero|e|mas|mais|et|und|aber|ma)\s|^\s*(?:no|n[aã]o|nah|nope)\s+/iu;

/**
 * The punctuation breaks alone: an opening no may begin the clause that asks to stop ("no me
 * manden nada, …"), and French "mais" is Portuguese "more" ("não mandem mais nada, …").
 */
const PUNCTUATION_BREAK = /[,.;:!?¡¿\n]+|\s[-–]\s/u;

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

/** Whether `clause` ends with "only" right after a kind's name ("stop the promos only"). */
function closesWithOnly(index: KeywordIndex, clause: string): boolean {
  const [before, last] = phraseWords(clause).slice(-2);
  if (before === undefined || last === undefined || !ONLY.includes(last)) return false;
  return (
    kindsAlone(index, [before]).length > 0 ||
    index.labels.some((label) => ` ${label.tokens}`.endsWith(` ${before} `))
  );
}

/**
 * The kinds a clause of `text` names alone before a closing "only" ("stop the order updates and
 * promos, login codes only"): the ones to keep. Empty when no clause ends so.
 */
function keptByOnlyAfter(index: KeywordIndex, text: string): string[] {
  for (const part of text.split(PUNCTUATION_BREAK)) {
    const words = withoutFillers(index, phraseWords(part));
    if (words.length < 2 || !ONLY.includes(words.at(-1)!)) continue;
    const kept = kindsAlone(index, words.slice(0, -1));
    if (kept.length > 0) return kept;
  }
  return [];
}

/**
 * The kinds the clauses after `clause` of `text` go on to name, while each names kinds only,
 * with no "only": "stop the order updates | and promos", "stop the order updates | , promos | and
 * login codes", "stop the promos | , login codes too". When something other follows the list,
 * it may speak of the kinds listed after a comma ("stop the deals, order updates and login codes
 * are fine"): then only those joined by "and" count ("stop the order updates and promos, i still
 * want login codes").
 */
function kindsListedAfter(index: KeywordIndex, text: string, clause: string): string[] {
  // The clauses and, between them, what broke them.
  const pieces = text.split(CLAUSES_AND_BREAKS);
  const at = pieces.indexOf(clause);
  if (at < 0) return [];
  const joined: string[] = [];
  const listed: string[] = [];
  let onlyJoined = true;
  for (let i = at + 2; i < pieces.length; i += 2) {
    const piece = pieces[i] ?? '';
    const words = phraseWords(piece);
    // "…, just orders" says what to keep; "…, order updates ok 👍" says more than kinds.
    if (words.some((word) => ONLY_WORDS.has(word)) || SAYS_MORE.test(piece)) return joined;
    // Nothing between two breaks (", and login codes"), or at the end: the list goes on, or ends.
    if (words.length === 0) {
      if (i === pieces.length - 1) return listed;
      continue;
    }
    const named = kindsAlone(
      index,
      words.filter((word) => !PLEASE_WORDS.has(word)),
    );
    if (named.length === 0) return joined;
    onlyJoined &&= JOINING_BREAK.test(pieces[i - 1] ?? '');
    listed.push(...named);
    if (onlyJoined) joined.push(...named);
  }
  return listed;
}

/** `CLAUSE_BREAK` kept in a split: the clauses, and between them what broke them. */
const CLAUSES_AND_BREAKS = new RegExp(`(${CLAUSE_BREAK.source})`, 'iu');

/** Signs that say more of a kind than its name: a question, an emoji ("order updates 👍"). */
const SAYS_MORE = /[?¿\p{Extended_Pictographic}]/u;

/** "Please", which a list of kinds may end with ("…, login codes too please"). */
const PLEASE_WORDS: ReadonlySet<string> = new Set(['please', 'pls', 'plz', 'porfa', 'favor']);

/** A break between clauses that joins them: "and", "y", "e". */
const JOINING_BREAK = /^\s(?:and|y|e)\s$/iu;

/** Words that add a kind to a list ("login codes too", "los códigos también"). */
const ALSO: ReadonlySet<string> = new Set([
  ...['too', 'also', 'as', 'well', 'plus', 'either'],
  ...['tambien', 'tampoco', 'tambem', 'tb', 'tbm'],
]);

/**
 * The kinds `words` name with nothing else: labels, words only one kind's label has, marketing
 * words, words for messages, and the words that link and join them or add them ("the login
 * codes", "ni de ofertas", "avisos de pedido", "login codes too"). Empty for any other words.
 */
function kindsAlone(index: KeywordIndex, words: readonly string[]): string[] {
  const said = `${words.join(' ')} `;
  const other = withoutLabels(index, said)
    .split(' ')
    .filter(Boolean)
    .some(
      (word) =>
        contentWords([word]).length > 0 &&
        !JOINS.has(word) &&
        !ALSO.has(word) &&
        !index.messageWords.has(word) &&
        labelWordKind(index, word) === undefined &&
        !index.marketingWords.has(word),
    );
  return words.length === 0 || other ? [] : [...kindsNamedIn(index, said, true)];
}

/** A one-word message that is an opt-out word with a small typo ("stpo", "unsubscibe"). */
function findTypo(
  index: KeywordIndex,
  word: string,
  preferred: string | undefined,
): KeywordMatch | undefined {
  const entries = index.optOutWords.filter((e) => isTypoOf(word, e.keyword));
  const best = entries[0];
  if (!best) return undefined;
  const entry = pickLanguage(entries, best, preferred);
  return { type: 'exact', kind: 'optOut', language: entry.language, keyword: entry.keyword };
}

/**
 * An opt-out word inside a longer message (as its words, or a long one run together), unless
 * the message uses it in a way that is no stop ("stop by", "can't stop laughing") and does not
 * speak of messages.
 */
function findInSentence(
  index: KeywordIndex,
  tokens: readonly string[],
  said: string,
  preferred: string | undefined,
): KeywordMatch | undefined {
  const found = sentenceWord(index, tokens);
  if (!found?.[0]) return undefined;
  const languages = index.phrases;
  const notStop = languages.some((p) => p.notStop?.test(said));
  const aboutMessages = languages.some((p) => p.aboutMessages?.test(said));
  if (notStop && !aboutMessages) return undefined;
  const entry = pickLanguage(found, found[0], preferred);
  return withCategories(index, said, {
    type: 'contains',
    kind: 'optOut',
    language: entry.language,
    keyword: entry.keyword,
  });
}

function sentenceWord(index: KeywordIndex, tokens: readonly string[]) {
  for (let i = 0; i < tokens.length; i += 1) {
    const words = index.sentenceWords.get(tokens[i] ?? '');
    const word = words?.find((w) => w.tokens.every((t, j) => tokens[i + j] === t));
    if (word) return word.entries;
  }
  for (let i = 0; i < tokens.length; i += 1) {
    for (let n = 2; n <= MAX_JOINED_WORDS && i + n <= tokens.length; n += 1) {
      const entries = index.sentenceCompact.get(tokens.slice(i, i + n).join(''));
      if (entries?.[0]) return entries;
    }
  }
  return undefined;
}

/**
 * The categories a message names: its MARKETING categories for "promos", "ofertas"…, and any
 * category whose label it says ("order updates"). None named: the match as it is.
 */
function withCategories(index: KeywordIndex, said: string, match: StopMatch): StopMatch {
  // Marketing and messages in general ("promociones ni mensajes"): not just those kinds, so the
  // bot asks whether to stop everything.
  if (namesMarketingAndAll(index, said)) return { ...match, type: 'contains' };
  const categories = kindsToStop(index, said);
  if (categories.length > 0) return { ...match, categories };
  // Named a kind of message the flow does not send ("promos" without a marketing category):
  // the customer may want everything stopped, so the bot asks rather than acting.
  const namedKind = index.phrases.some((p) => p.marketing?.test(said));
  return namedKind ? { ...match, type: 'contains' } : match;
}

/** The categories `text` names: its MARKETING ones for "promos", "ofertas"…, and any whose label it says. */
function kindsNamedIn(index: KeywordIndex, text: string, labelWordsAlone = false): Set<string> {
  const categories = new Set<string>();
  if (index.phrases.some((p) => p.marketing?.test(text))) {
    for (const id of index.marketingCategories) categories.add(id);
  }
  // A label as written, or its content words in a row ("avisos de mis pedidos").
  const content = ` ${contentWords(text.split(' ').filter(Boolean)).join(' ')} `;
  for (const label of index.labels) {
    const byContent = label.content !== ' ' && content.includes(` ${label.content}`);
    if (` ${text}`.includes(` ${label.tokens}`) || byContent) categories.add(label.category);
  }
  // A word of a label listed with a kind named ("ofertas ni códigos", "promos and codes").
  const said = text.split(' ');
  for (let i = 2; i < said.length; i += 1) {
    const listed =
      JOINS.has(said[i - 1]!) && said[i]!.endsWith('s') && labelWordKind(index, said[i]!);
    const beside = said[i - 2]!;
    if (listed && (index.marketingWords.has(beside) || labelWordKind(index, beside))) {
      categories.add(listed);
    }
  }
  // A word only one kind's label has, with a word for messages ("notificaciones de pedidos"), or
  // alone where kinds are kept ("todo menos los pedidos").
  if (labelWordsAlone || index.phrases.some((p) => p.messages?.test(text))) {
    for (const word of text.split(' ')) {
      const category = labelWordKind(index, word);
      if (category !== undefined) categories.add(category);
    }
  }
  return categories;
}

/**
 * The kind `word` names as a word only its label has, one or many: "orders" names "order
 * updates", "pedido" names "avisos de tus pedidos".
 */
function labelWordKind(index: KeywordIndex, word: string): string | undefined {
  return (
    index.labelWords.get(word) ??
    index.labelWords.get(word.replace(/s$/u, '')) ??
    index.labelWords.get(`${word}s`)
  );
}

/**
 * A wish to stop some kinds read past the kinds' words beside a word for messages ("i dont want
 * order notifications": `kindWordsLeftOut`), with `find` looking for the phrasing in the words
 * left. Only in a message of one clause without "only" ("…, just order updates" says what to
 * keep, and its "just" is a filler), and only when it names the kinds: never a stop of
 * everything that the words as written did not ask for.
 */
function kindsBesideMessages(
  past: KindsReadPast | undefined,
  find: (phrased: string) => StopMatch | undefined,
): StopMatch | undefined {
  if (!past) return undefined;
  const match = past.beside === undefined ? undefined : find(past.beside);
  if (match?.categories && match.categories.length > 0) return match;
  // "no me manden nada de mis pedidos", "dont send me anything about my orders": the kinds. Not
  // when the wish names other kinds of its own ("no deals on my order" is about its price).
  const { atEnd } = past;
  const wish = atEnd && find(atEnd.phrased);
  if (!atEnd || !wish) return undefined;
  const own = wish.categories ?? [];
  if (own.some((id) => !atEnd.kinds.includes(id))) return undefined;
  return { ...wish, type: 'contains', categories: atEnd.kinds };
}

/**
 * `said` read past the kinds' words (see {@link kindsBesideMessages}): beside a word for
 * messages (`kindWordsLeftOut`), and at the end (`kindsAtTheEnd`); `undefined` where neither
 * applies: in a question, in a message of more clauses than one, or with "only".
 */
type KindsReadPast = {
  readonly beside?: string;
  readonly atEnd?: { readonly phrased: string; readonly kinds: readonly string[] };
};

function kindsReadPast(
  index: KeywordIndex,
  text: string,
  said: string,
  asked = QUESTION.test(text),
): KindsReadPast | undefined {
  // A question about them complains or asks ("sem mensagens do pedido?", "não me manda nada do
  // meu pedido?").
  if (asked) return undefined;
  // Punctuation at either end ends no clause ("I don't want order notifications!").
  const inside = text.replace(/^[\s,.;:!?¡¿]+|[\s,.;:!?¡¿]+$/gu, '');
  if (PUNCTUATION_BREAK.test(inside) || phraseWords(text).some((word) => ONLY_WORDS.has(word))) {
    return undefined;
  }
  const beside = kindWordsLeftOut(index, said);
  const atEnd = kindsAtTheEnd(index, said);
  return {
    ...(beside === said ? {} : { beside }),
    ...(atEnd ? { atEnd } : {}),
  };
}

/** What ties the kinds at a message's end to what it says: "about", "de", "sobre", "dos". */
const ABOUT: ReadonlySet<string> = new Set([
  ...['about', 'on', 'regarding', 'de', 'del', 'sobre', 'do', 'da', 'dos', 'das'],
]);

/**
 * What joins the kinds at a message's end ("orders and promos", "pedidos ni ofertas"), and what
 * counts them ("every order", "cada pedido", "todos os pedidos").
 */
const JOINS: ReadonlySet<string> = new Set([
  ...['and', 'or', 'nor', 'y', 'o', 'ni', 'e', 'ou', 'nem'],
  ...['each', 'every', 'all', 'any', 'cada', 'todos', 'todas', 'qualquer'],
]);

/**
 * The kinds a message names at its end, after "about", "de", "sobre"… ("ya no me avisen de mis
 * pedidos", "não me mandem mais nada dos meus pedidos", "stop texting me about orders and
 * promos"), and the message before them. `undefined` when it ends otherwise.
 */
function kindsAtTheEnd(
  index: KeywordIndex,
  said: string,
): { phrased: string; kinds: string[] } | undefined {
  const words = said.split(' ').filter(Boolean);
  const kindsOf = (word: string): readonly string[] => {
    const kind = labelWordKind(index, word);
    if (kind !== undefined) return [kind];
    return index.marketingWords.has(word) ? index.marketingCategories : [];
  };
  // A label as written ends there ("about order updates"): its kind.
  const labelEnding = (end: number) => {
    const before = ` ${words.slice(0, end).join(' ')} `;
    return index.labels.find((label) => before.endsWith(` ${label.tokens}`));
  };
  // Back from the end: kinds, and the words that join and tie them ("de pedidos ni de ofertas").
  const labelled: string[] = [];
  let at = words.length;
  while (at > 0) {
    const label = labelEnding(at);
    if (label) {
      labelled.push(label.category);
      at -= label.tokens.trim().split(' ').length;
      continue;
    }
    const word = words[at - 1]!;
    const joins = ABOUT.has(word) || JOINS.has(word) || contentWords([word]).length === 0;
    if (!joins && kindsOf(word).length === 0) break;
    at -= 1;
  }
  // The first word there that ties kinds to the wish; the kinds after it ("no deals on my order":
  // "on my order", and "no deals" the wish).
  const about = words.findIndex((word, i) => i >= at && ABOUT.has(word));
  const kinds = new Set([...words.slice(about + 1).flatMap(kindsOf), ...labelled]);
  if (about <= 0 || kinds.size === 0) return undefined;
  return { phrased: `${words.slice(0, about).join(' ')} `, kinds: [...kinds] };
}

/**
 * `said` without the words of a kind that go with a word for messages, before it ("order
 * notifications", "order update msgs", "promo notifications") or after it ("notificações dos
 * pedidos", "avisos de mis pedidos"): the phrasings speak of messages; the kinds are read from
 * the whole message. A kind's own label stays ("order updates").
 * @example kindWordsLeftOut(index, 'i dont want order notifications ') // 'i dont want notifications '
 */
function kindWordsLeftOut(index: KeywordIndex, said: string): string {
  const words = said.split(' ').filter(Boolean);
  const isKind = (i: number) => i < words.length && labelWordKind(index, words[i]!) !== undefined;
  const isMessages = (i: number) => i < words.length && index.messageWords.has(words[i]!);
  // A kind, or marketing ("promo notifications", "mensagens de promoções").
  const isNamed = (i: number) =>
    isKind(i) || (i < words.length && index.marketingWords.has(words[i]!));
  // After a kind's word, also one for messages in the singular ("order update msgs").
  const isSingularMessages = (i: number) =>
    i < words.length && index.messageWords.has(`${words[i]}s`);
  const labels = new Set(index.labels.map((label) => label.tokens));
  const kept: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    let end = i;
    while (isNamed(end) || (end > i && isSingularMessages(end))) end += 1;
    // Kind words right before a word for messages, but for a label ("order updates").
    const run = `${words.slice(i, end + 1).join(' ')} `;
    if (end > i && isMessages(end) && !labels.has(run)) i = end;
    kept.push(words[i]!);
    if (!isMessages(i)) continue;
    // "of my", "de los", "dos": then the kind's words.
    let from = i + 1;
    while (from < words.length && contentWords([words[from]!]).length === 0) from += 1;
    let to = from;
    while (isNamed(to)) to += 1;
    if (to > from) i = to - 1;
  }
  return `${kept.join(' ')} `;
}

/**
 * Words after which the kinds a wish to stop names are the ones to KEEP ("keep the order updates
 * but stop the rest", "stop everything except order updates", "todo menos los pedidos", "tudo
 * exceto os pedidos", "no quiero promociones pero sí de mis pedidos"), of every built-in language.
 */
const KEEPING =
  /(?<=^| )(?:keep(?! (?:on )?(?:sending|texting|messaging|spamming|bugging|bothering|getting))|except|excepting|apart from|other than|besides|(?:all|everything|them) but|menos|excepto|salvo|mantengan|pero si|exceto|mantenham|mantenha|mas sim)(?= )/u;

/** "Only": after a kind named to stop, the kinds that follow are kept ("no quiero ofertas, solo los pedidos"). */
const ONLY = ['only', 'solo', 'solamente', 'nomas', 'so', 'somente', 'apenas'];
const ONLY_AFTER = new RegExp(`(?<=^| )(?:${ONLY.join('|')})(?= )`, 'gu');

/** "Only" in the built-in languages: those of `ONLY_AFTER`, and "just" (left out as a filler). */
const ONLY_WORDS: ReadonlySet<string> = new Set([...ONLY, 'just']);

/** "But", after which a kept kind's list ends ("keep order updates but stop the offers"). */
const BUT = /(?<=^| )(?:but|pero|mas|and stop|y quiten|e parem)(?= )/u;

/** A yes at the start of a message ("sí, excepto las ofertas", "ok but no promos"). */
const OPENS_WITH_YES = /^(?:yes|yeah|yep|ok|okay|sure|si|sip|vale|dale|claro|sim|pode) /u;

/** Words for "the rest": with a kind kept, every other kind is to stop ("stop the rest"). */
const THE_REST =
  /(?<=^| )(?:rest|others|other ones|everything|all|resto|demas|todo|todos|tudo|outros|outras)(?= )/u;

/**
 * The categories a wish to stop names to stop (`said`: its words, fillers left out): those it
 * names, but the ones it says to keep ("keep the order updates but stop the rest", "no promos,
 * keep the order updates"); after "only" ("não quero as promoções, só os avisos dos pedidos"),
 * with nothing else named, or "the rest", every category but the ones kept.
 */
function kindsToStop(index: KeywordIndex, said: string): string[] {
  // "sí, excepto las ofertas": a yes that refuses what follows, not a stop that keeps it.
  if (OPENS_WITH_YES.test(said)) return [...kindsNamedIn(index, said)];
  const keeping = KEEPING.exec(said);
  let keepAt = keeping?.index ?? -1;
  let keepWord = keeping?.[0].length ?? 0;
  let only = false;
  for (const word of said.matchAll(ONLY_AFTER)) {
    if (keepAt >= 0 && keepAt < word.index) break;
    only = kindsNamedIn(index, said.slice(0, word.index)).size > 0;
    if (only) [keepAt, keepWord] = [word.index, word[0].length];
    break;
  }
  if (keepAt < 0) return [...kindsNamedIn(index, said)];
  // What is kept runs to the next "but" ("keep order updates but stop the offers").
  const but = said.slice(keepAt + keepWord).search(BUT);
  const keptEnd = but < 0 ? said.length : keepAt + keepWord + but;
  const kept = kindsNamedIn(index, said.slice(keepAt, keptEnd), true);
  if (kept.size === 0) return [...kindsNamedIn(index, said)];
  const stopping = `${said.slice(0, keepAt)} ${said.slice(keptEnd)}`;
  const toStop = kindsNamedIn(index, stopping);
  // "stop the promos except the big sale offers": an exception within a kind stops the kind.
  if ([...kept].some((id) => toStop.has(id))) return [...toStop];
  const named = [...toStop];
  // "…, only the order updates": all the others.
  if (named.length > 0 && !only && !THE_REST.test(stopping)) return named;
  const all = [...new Set(index.labels.map((label) => label.category))];
  return all.filter((id) => !kept.has(id));
}

/** Whether a message names marketing and messages in general together ("promos and messages"). */
function namesMarketingAndAll(index: KeywordIndex, said: string): boolean {
  if (!index.phrases.some((p) => p.marketingAndAll?.test(said))) return false;
  // The word for messages in another kind's label is that kind ("order updates and promos").
  const rest = withoutLabels(index, said, (id) => !index.marketingCategories.includes(id));
  return index.phrases.some((p) => p.marketingAndAll?.test(rest));
}

/** `said` without the kinds' labels as written (of the kinds `which` takes, all by default). */
function withoutLabels(
  index: KeywordIndex,
  said: string,
  which: (category: string) => boolean = () => true,
): string {
  let rest = ` ${said}`;
  for (const label of index.labels) {
    if (which(label.category)) rest = rest.replaceAll(` ${label.tokens}`, ' ');
  }
  return rest.slice(1);
}

/** The preferred language first, then the flow's order. */
function ordered(phrases: readonly PhraseLanguage[], preferred: string | undefined) {
  const first = phrases.filter((p) => p.language === preferred);
  return first.length === 0
    ? phrases
    : [...first, ...phrases.filter((p) => p.language !== preferred)];
}

/** The entry in the preferred language if there is one, else `best` (the best-ranked entry). */
function pickLanguage(
  entries: readonly KeywordEntry[],
  best: KeywordEntry,
  preferred?: string,
): KeywordEntry {
  return entries.find((e) => e.language === preferred) ?? best;
}
