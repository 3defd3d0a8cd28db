/**
 * Kinds of message named in an answer's words (PRODUCT.md, "What counts as a yes"): refused ("yes
 * but no promos", "ni códigos ni ofertas", "all but offers"), or asked for alone ("only order
 * updates", "solo los pedidos").
 */
import type { ConversationEvent } from '../conversation/events.js';
import {
  BUILTIN_LANGUAGES,
  BUT,
  COMPLAINING,
  MARKETING_GROUP,
  POSSESSIVES,
  THANKS_FOR,
} from '../keywords/index.js';
import {
  ALL,
  AROUND_KINDS,
  CLAUSE_ENDS,
  clausesOf,
  CONDITION_WORDS,
  EXCEPT,
  HEDGES,
  isNo,
  isPlainYes,
  NAME_GLUE,
  NEGATIONS,
  NONE,
  NONE_OF_THEM,
  ONLY,
  PLEASE,
  THANKS_TO_ALL,
  listParts,
  pastOpeners,
  WANTING,
  withoutPoliteEnd,
  wordsOf,
} from './answer-words.js';
import type { AnswerKey } from './answer-key.js';
import { kindNameAt, kindsNamed, withoutGlue } from './answer-key.js';

/**
 * Words that refuse what follows them ("sin", "without", "sem", "no", "nada de"): the condition
 * words but "but", "pero", "mas", which bring "only" as often ("yes but only order updates").
 */
const REFUSING: ReadonlySet<string> = new Set([
  ...Object.values(CONDITION_WORDS)
    .flatMap((words) => [...words.always])
    .filter((word) => !BUT.has(word)),
  ...NEGATIONS,
  ...NONE,
]);

/**
 * The kinds a yes with a condition refuses by name at its end ("sí, pero sin códigos", "yes but
 * not the login codes", "sim, mas sem os códigos nem ofertas"): "let me choose" then leaves them
 * out. Empty when it names none.
 */
export function kindsRefused(key: AnswerKey, event: ConversationEvent): string[] {
  if ((event.type !== 'message' && event.type !== 'stop.some') || event.text === undefined) {
    return [];
  }
  const words = wordsOf(event.text).split(' ');
  // From the first refusing word that only kinds follow: the longest list. "no promos and no
  // codes": each refusing word begins another name of the list.
  for (let i = 0; i < words.length - 1; i += 1) {
    if (!REFUSING.has(words[i]!)) continue;
    // "yes but dont text me about deals", "sí, pero no me avisen de las ofertas": the sending.
    let from = i + 1;
    while (from < words.length - 1 && SENDING.has(words[from]!)) from += 1;
    const rest = words.slice(from).map((word) => (REFUSING.has(word) ? 'and' : word));
    if (rest.some((word) => ONLY.has(word))) continue;
    const named = kindsNamed(key, rest);
    if (named && named.length > 0) return named;
  }
  // "sí, pero las ofertas no", "sim, mas as ofertas não": a no after the kinds, at the end.
  if (POSTPOSED_NO.has(words.at(-1)!)) {
    for (let i = 0; i < words.length - 1; i += 1) {
      const named = kindsNamed(key, words.slice(i, -1));
      if (named && named.length > 0) return named;
    }
  }
  return [];
}

/**
 * What may stand between a refusing word and the kinds it refuses: sending, to whom and about
 * what ("dont text me about", "no me avisen de", "não me mandem mais"), in the built-in
 * languages.
 */
const SENDING: ReadonlySet<string> = new Set([
  ...Object.values(BUILTIN_LANGUAGES).flatMap((language) => language.phrases.groups['send'] ?? []),
  ...['me', 'us', 'nos', 'more', 'mas', 'mais', 'anything', 'nada', 'about', 'on', 'sobre'],
]);

/** A no said after what it refuses ("las ofertas no", "as ofertas não"). */
const POSTPOSED_NO: ReadonlySet<string> = new Set(['no', 'nao']);

/**
 * Whether `event` is a typed "none of them" ("none", "ninguno", "nenhum", "no to all"), hedges, a
 * no before it and thanks after it aside ("no, none of them", "ninguno gracias").
 */
export function saysNone(event: ConversationEvent): boolean {
  if (event.type !== 'message' && event.type !== 'answer.no') return false;
  if (event.text === undefined) return false;
  const words = withoutPoliteEnd(pastOpeners(wordsOf(event.text).split(' ')));
  const said = words.join(' ');
  const rest = words.slice(1).join(' ');
  return (
    NONE_OF_THEM.has(said) ||
    (isNo(words[0]!) && (NONE_OF_THEM.has(rest) || THANKS_TO_ALL.has(rest)))
  );
}

/**
 * What may stand around kinds refused alone ("no quiero ofertas ni códigos", "not the codes
 * either", "nem ofertas nem códigos"): refusing, wanting, hedges, articles and politeness. No
 * yes and no "only": "no, solo las ofertas" asks for the offers.
 */
const AROUND_REFUSED: ReadonlySet<string> = new Set([
  ...REFUSING,
  ...WANTING,
  ...HEDGES,
  ...['do', 'either', 'neither', 'tampoco', 'tambem'],
  ...['the', 'my', 'them', 'las', 'los', 'mis', 'as', 'os', 'meus', 'minhas'],
  ...PLEASE,
]);

/** Verbs that say what came or did not ("i never get…", "no me llegan…", "não recebi…"). */
const RECEIVED: ReadonlySet<string> = new Set([
  ...['get', 'got', 'gotten', 'receive', 'received', 'see', 'saw'],
  ...['recibo', 'recibi', 'recibimos', 'llegan', 'llega', 'llego', 'llegaron', 'llegado'],
  ...['recebo', 'recebi', 'recebemos', 'chegam', 'chega', 'chegou', 'chegaram', 'chegando'],
]);

/** English verbs of {@link RECEIVED} that may also ask ("dont get offers please"). */
const ASKED_FOR: ReadonlySet<string> = new Set(['get', 'receive', 'see']);

/** Noes that say what did not happen ("never", "didn't"): a complaint with any verb form. */
const PAST_NO: ReadonlySet<string> = new Set(['never', 'didnt', 'havent', 'hasnt', 'nunca']);

/** "I", "we": who did not get them ("i dont get the codes", "we do not receive the offers"). */
const SAYS_I: ReadonlySet<string> = new Set(['i', 'we', 'im']);

/** "me", "nos" between a no and the verb ("no me llegan", "não me chegam"). */
const OBJECT_PRONOUNS: ReadonlySet<string> = new Set(['me', 'nos', 'te']);

/**
 * The kinds a message refuses by name and nothing else ("no quiero ofertas ni códigos", "ni
 * códigos ni ofertas", "not the codes either", "nem promoções"): with a word that refuses, the
 * words of `AROUND_REFUSED` and names of kinds only. For a wish to stop read by the keywords
 * ("no quiero ofertas"), the kinds it names too. Empty for any other message.
 */
export function kindsRefusedAlone(key: AnswerKey, event: ConversationEvent): string[] {
  if (event.type !== 'message' && event.type !== 'stop.some') return [];
  // "no quiero nada menos los pedidos", "i want nothing but the order updates": every other kind.
  const wanted = event.text === undefined ? undefined : kindsAfterNothing(key, event.text);
  if (wanted) return everyKindOf(key).filter((id) => !wanted.includes(id));
  const fromKeywords = event.type === 'stop.some' ? event.categories : [];
  return [...new Set([...fromKeywords, ...kindsRefusedInWords(key, event)])];
}

/** A yes word, a go-ahead ("ok", "dale") or "please", of any of the flow's languages. */
function yesOrPlease(key: AnswerKey, word: string): boolean {
  return PLEASE.has(word) || [...key.yesOrGoAhead.values()].some((words) => words.has(word));
}

/**
 * The kinds a typed message refuses in words alone (see {@link kindsRefusedAlone}), whatever the
 * keywords read in it: "no spam", "ni códigos ni ofertas"; none for "Absolutely not, no promos"
 * or "quero parar de receber promoções", which say more.
 */
export function kindsRefusedInWords(key: AnswerKey, event: ConversationEvent): string[] {
  if ((event.type !== 'message' && event.type !== 'stop.some') || event.text === undefined) {
    return [];
  }
  const all = pastOpeners(wordsOf(event.text).split(' '));
  // "não cansei das ofertas": a complaint refuses nothing in words (one said is read as a stop
  // by the keywords; one denied is none).
  if (complains(event.text)) return [];
  // "no quiero nada menos los pedidos": the kinds named are wanted (`kindsAfterNothing`).
  if (kindsAfterNothing(key, event.text)) return [];
  // "order updates and codes but no offers": the kinds before "but" are wanted; what follows it
  // refuses.
  const but = all.findIndex((word) => BUT.has(word));
  // "order updates and codes, not the promos": the kinds before the refusal are wanted too (not
  // "ni códigos ni ofertas", "las ofertas no").
  const first = all.findIndex((word) => REFUSING.has(word));
  const no = first > 0 && first < all.length - 1 ? first : -1;
  const upTo = but > 0 ? but : no;
  const wanted = upTo > 0 ? kindsNamed(key, all.slice(0, upTo), WANTING_OR_HEDGES) : undefined;
  // "yes but no codes", "sí pero sin códigos", "ok but no promos": a yes, and what follows "but"
  // refuses.
  const yesFirst = but > 0 && all.slice(0, but).every((word) => yesOrPlease(key, word));
  const words =
    yesFirst || (wanted && wanted.length > 0) ? all.slice(upTo === but ? but + 1 : no) : all;
  const refuses =
    words.some((word) => REFUSING.has(word)) &&
    !words.some((word) => AROUND_KINDS.has(word) && !AROUND_REFUSED.has(word));
  if (!refuses) return [];
  // "i never get the order updates", "no me llegan los códigos", "nunca recebo os avisos": a
  // complaint that they do not come, no refusal.
  // ("dont get offers please", "no receive promos" refuse: the English verb as it is, with no
  // "i" before the no, is a request.)
  // (A refusal beside it still refuses: "i never get the promos and i dont want them".)
  const complaint = (word: string, i: number) => {
    const verb = OBJECT_PRONOUNS.has(words[i + 1] ?? '') ? words[i + 2] : words[i + 1];
    if (verb === undefined || !RECEIVED.has(verb)) return false;
    return (
      !ASKED_FOR.has(verb) || PAST_NO.has(word) || words.slice(0, i).some((w) => SAYS_I.has(w))
    );
  };
  // ("any", "nada" are what did not come: "i didnt get any codes", "no me llega nada".)
  const noes = words.flatMap((word, i) =>
    REFUSING.has(word) && !NONE.has(word) ? [complaint(word, i)] : [],
  );
  if (noes.some(Boolean) && noes.every(Boolean)) return [];
  // "nothing about my order?": the customer's own order (a one-word name after "my"), no kind.
  const own = words.some(
    (word, i) =>
      POSSESSIVES.has(word) &&
      key.kindNames.has(words[i + 1] ?? '') &&
      !key.kindNames.has(`${words[i + 1]} ${words[i + 2]}`),
  );
  if (own) return [];
  // "no offers, no codes": each refusing word begins another name of the list.
  const listed = words.map((word) => (REFUSING.has(word) ? 'and' : word));
  return kindsNamed(key, listed, AROUND_REFUSED) ?? [];
}

/**
 * The kinds a message wants as the exception to "nothing" ("no quiero nada menos los pedidos",
 * "i want nothing except order updates", "não quero nada exceto os pedidos"): only wanting words
 * before "nothing", only names of kinds after the exception. `undefined` for any other message.
 */
function kindsAfterNothing(key: AnswerKey, text: string): string[] | undefined {
  const words = pastOpeners(pastOpeningNo(text));
  const at = words.findIndex((word, i) => NOTHING.has(word) && EXCEPT.has(words[i + 1] ?? ''));
  const lead = (word: string) => WANTING_OR_HEDGES.has(word) || NEGATIONS.has(word);
  if (at < 0 || !words.slice(0, at).every(lead)) return undefined;
  const named = kindsNamed(key, words.slice(at + 2));
  return named && named.length > 0 ? named : undefined;
}

/** Every kind the flow's names name. */
function everyKindOf(key: AnswerKey): string[] {
  return [...new Set([...key.kindNames.values()].flatMap((ids) => [...ids]))];
}

/** "Nothing" before an exception ("nada menos…", "nothing but…", "nenhuma exceto…"). */
const NOTHING: ReadonlySet<string> = new Set([
  ...['nothing', 'none', 'anything', 'nada', 'ninguno', 'ninguna', 'nenhum', 'nenhuma'],
]);

/** Whether `text` complains ("sick of", "odio", "cansei"…): see `COMPLAINING`. */
function complains(text: string): boolean {
  return wordsOf(text)
    .split(' ')
    .some((word) => COMPLAINING.has(word));
}

/** What may stand around the kinds asked for alone: wanting, and hedges ("actually", "mejor"). */
const WANTING_OR_HEDGES: ReadonlySet<string> = new Set([...WANTING, ...HEDGES]);

/** Whether a typed message says "only" past its openers ("actually only order updates"). */
export function saysOnly(event: ConversationEvent): boolean {
  if (!('text' in event) || event.text === undefined) return false;
  return pastOpeners(pastOpeningNo(event.text)).some((word) => ONLY.has(word));
}

/**
 * The kinds a message typed to the question asks for alone ("only order updates pls", "just the
 * login codes", "só pedidos", "solo los avisos de mis pedidos"): a word for "only" and names of
 * kinds, nothing else. `undefined` for any other message.
 */
export function onlyKindsAsked(key: AnswerKey, event: ConversationEvent): string[] | undefined {
  // "quiero solo los avisos de mis pedidos" reads as asking for messages (START) too.
  if (event.type !== 'message' && event.type !== 'keyword.optin' && event.type !== 'stop.some') {
    return undefined;
  }
  // ("thanks for the order updates": no wish about the others.)
  if (event.text === undefined || THANKS_FOR.test(wordsOf(event.text))) return undefined;
  // "just order updates stop everything else", "only order updates no more promos": the kinds
  // kept, when the others are stopped or "only" says so.
  if (event.type === 'stop.some' && event.kept !== undefined && event.kept.length > 0) {
    const said = new Set([...event.categories, ...event.kept]);
    if (everyKindOf(key).every((id) => said.has(id)) || saysOnly(event)) return [...event.kept];
  }
  const words = pastOpeners(pastOpeningNo(event.text));
  // ("cansei dos avisos de pedidos e das ofertas": a complaint of them, no wish for them.)
  if (complains(event.text)) return undefined;
  if (!words.some((word) => ONLY.has(word))) {
    return (
      kindsExcepted(key, words) ??
      kindsAfterNothing(key, event.text) ??
      kindsYesAndNo(key, event.text) ??
      kindsListed(key, event.text)
    );
  }
  const named = kindsNamed(key, withoutNothingElse(words), WANTING_OR_HEDGES);
  if (named && named.length > 0) return named;
  return onlyAfterRefusal(key, event.text);
}

/**
 * `words` without "nothing else", "nada más", "nada mais" closing them ("i only want order updates
 * nothing else", "solo quiero los avisos de pedidos y nada más"): "only" said again.
 */
function withoutNothingElse(words: readonly string[]): readonly string[] {
  const tail = words.slice(-2).join(' ');
  if (!NOTHING_ELSE.has(tail)) return words;
  const rest = words.slice(0, -2);
  return AND_WORDS.has(rest.at(-1) ?? '') ? rest.slice(0, -1) : rest;
}

const NOTHING_ELSE: ReadonlySet<string> = new Set(['nothing else', 'nada mas', 'nada mais']);
const AND_WORDS: ReadonlySet<string> = new Set(['and', 'y', 'e']);

/**
 * Kinds named plainly and nothing else, without "only" ("order updates and login codes", "los
 * pedidos y los códigos", "sí a los pedidos", "the special offers"): two kinds or more, one by a
 * name of more words than one, or after a yes. One word alone ("pedidos", "order") may be about
 * the customer's order: `undefined` for it, and for any other message. (Each kind is then asked
 * about: "order updates?" asked back gets "would you like order updates?".)
 */
function kindsListed(key: AnswerKey, text: string): string[] | undefined {
  const all = wordsOf(text).split(' ');
  // "ni códigos ni ofertas", "codes or offers": refused, or one of them, not a list.
  if (all.some((word) => REFUSING.has(word) || LISTS_NO_KINDS.has(word))) return undefined;
  const words = all.filter(
    (word) => !WANTING_OR_HEDGES.has(word) && !isPlainYes(word) && !AROUND_LIST.has(word),
  );
  const named = kindsNamed(key, words);
  if (!named || named.length === 0) return undefined;
  const longName = listParts(words).some((part) => withoutGlue(part).includes(' '));
  return named.length > 1 || longName || all.some(isPlainYes) ? named : undefined;
}

/** Politeness and "both" around a list of kinds ("both order updates and codes please"). */
const AROUND_LIST: ReadonlySet<string> = new Set([...PLEASE, ...['both', 'ambos', 'ambas']]);

/**
 * Words of a list that wants neither kind, or one: "ni … ni", "nem", "nor", "or", "ou" (not "o":
 * in Portuguese it is "the").
 */
const LISTS_NO_KINDS: ReadonlySet<string> = new Set(['ni', 'nem', 'nor', 'neither', 'or', 'ou']);

/**
 * "no quiero ofertas, solo los pedidos", "no promos, just order updates": a clause that refuses,
 * then one that asks for kinds alone; the kinds asked for. `undefined` for any other message.
 */
function onlyAfterRefusal(key: AnswerKey, text: string): string[] | undefined {
  const clauses = clausesOf(text);
  const last = clauses.at(-1);
  if (!last || clauses.length < 2 || !last.words.some((word) => ONLY.has(word))) return undefined;
  const refusing = clauses
    .slice(0, -1)
    .every((clause) => clause.words.some((word) => REFUSING.has(word)));
  const named = refusing ? kindsNamed(key, last.words, WANTING_OR_HEDGES) : undefined;
  return named && named.length > 0 ? named : undefined;
}

/**
 * The words of `text`, without a no that is its whole first clause ("no, solo las ofertas", "não,
 * só os pedidos": the no refuses what was offered, the rest says what is wanted).
 */
function pastOpeningNo(text: string): readonly string[] {
  const clauses = clausesOf(text);
  const [first, ...rest] = clauses;
  const opensWithNo = first?.words.length === 1 && isNo(first.words[0]!) && rest.length > 0;
  return (opensWithNo ? rest : clauses).flatMap((clause) => clause.words);
}

/** What may stand before "all" in "all but the offers": wanting, hedges, a yes ("sí, quiero todo"). */
const BEFORE_ALL: ReadonlySet<string> = new Set([
  ...WANTING_OR_HEDGES,
  ...AROUND_KINDS,
  ...NAME_GLUE,
]);

/**
 * The kinds a message asks for as "all" but some named ("all but the offers", "everything except
 * login codes", "sí, todo menos ofertas", "quero tudo exceto as promoções"): every kind of the
 * flow but those. `undefined` for any other message, and when the exception names every kind.
 */
function kindsExcepted(key: AnswerKey, words: readonly string[]): string[] | undefined {
  const all = words.findIndex((word) => ALL.has(word));
  if (all < 0 || !words.slice(0, all).every((word) => BEFORE_ALL.has(word))) return undefined;
  const except = words.findIndex((word, i) => i > all && EXCEPT.has(word));
  if (except < 0 || !words.slice(all + 1, except).every((word) => BEFORE_ALL.has(word))) {
    return undefined;
  }
  const named = kindsNamed(key, words.slice(except + 1));
  if (!named || named.length === 0) return undefined;
  const rest = everyKindOf(key).filter((id) => !named.includes(id));
  return rest.length > 0 ? rest : undefined;
}

/**
 * The kinds said yes to in a message that answers kind by kind, clause by clause ("pedidos sí,
 * ofertas no", "yes to orders, no to offers", "orders and login codes yes, offers no"): each
 * clause names kinds and says a plain yes or no, nothing else. `undefined` for any other message.
 */
function kindsYesAndNo(key: AnswerKey, text: string): string[] | undefined {
  const clauses = text.split(CLAUSE_ENDS).map(wordsOf).filter(Boolean);
  if (clauses.length < 2) return undefined;
  const yes: string[] = [];
  for (const clause of clauses) {
    const words = clause.split(' ');
    const saysYes = words.filter((word) => isPlainYes(word));
    const saysNo = words.filter((word) => isNo(word) || word === 'not');
    if (saysYes.length + saysNo.length !== 1) return undefined;
    const named = kindsNamed(
      key,
      words.filter((word) => !isPlainYes(word) && !isNo(word) && word !== 'not'),
    );
    if (!named || named.length === 0) return undefined;
    if (saysYes.length === 1) yes.push(...named);
  }
  return yes.length > 0 ? yes : undefined;
}

/**
 * Whether a sentence asking for messages ("quiero recibir mensajes", "I want to get your
 * messages", "sim, quero receber as mensagens") asks for them as a whole: it names none of the
 * flow's kinds, no marketing word of any language ("I want your offers" from a flow without
 * offers asks for no kind it has), and none of the words the built-in phrasings have for one
 * kind ("special", "updates", "pedidos"). A question ("quero receber tudo?") is none.
 */
export function asksForAllKinds(key: AnswerKey, event: ConversationEvent): boolean {
  // "¿quiero recibir todo?", "sign me up?": asked, not said (a tester's: they granted everything).
  if (event.text === undefined || event.asks === true || /[?¿]/u.test(event.text)) return false;
  const words = wordsOf(event.text).split(' ');
  return !words.some(
    (word, i) => ONE_KIND_WORDS.has(word) || kindNameAt(key, words, i, 1, MARKETING_WORDS),
  );
}

/** The words of the built-in phrasings asking for messages that name one kind. */
const ONE_KIND_WORDS: ReadonlySet<string> = new Set([
  ...['special', 'update', 'updates', 'pedido', 'pedidos', 'order', 'orders'],
]);

/** Every built-in language's words for marketing messages ("promos", "ofertas", "promoções"). */
const MARKETING_WORDS: ReadonlySet<string> = new Set(
  Object.values(BUILTIN_LANGUAGES).flatMap((language) =>
    (language.phrases.groups[MARKETING_GROUP] ?? []).map(wordsOf),
  ),
);
