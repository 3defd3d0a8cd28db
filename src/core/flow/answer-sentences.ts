/**
 * The sentences around an answer typed to the opt-in question: a yes with a condition ("sí, pero
 * sin promociones"), a yes with a request ("sí, y dónde está mi pedido?") and a no with thanks
 * and more ("no gracias. ¿y mi pedido?"). What each leads to is the consent region's
 * (`consent-region.ts`): the kinds asked one by one, the question shown again, the no recorded.
 */
import type { ConversationEvent } from '../conversation/events.js';
import { EVERYTHING, POSSESSIVES, STOPPING_VERBS } from '../keywords/index.js';
import type { AnswerKey } from './answer-key.js';
import { kindNameAt } from './answer-key.js';
import type { Clause } from './answer-words.js';
import {
  CLAUSE_END,
  CONDITION_WORDS,
  NEGATIONS,
  NONE,
  ONLY,
  PLAIN_YES,
  THANKS,
  clausesOf,
  wordsOf,
  PLEASE,
  withoutPoliteEnd,
} from './answer-words.js';

/**
 * Whether `event`'s text is a yes with a condition, in the conversation's `language`: it opens
 * with one of the flow's yes words (or a go-ahead, when it names kinds to stop: "va, pero ya no
 * me manden promociones"), as its whole first clause ("Sim, mas sem promoções", "Yes. No
 * promos") or right before a word that brings a condition ("yes but no promos", "sí sin
 * promociones"). A message that names kinds to stop (`stop.some`) has its condition; any other
 * must go on with a word that brings one ("vale, pero nada de publicidad", "yes but only order
 * updates"), speak of the kinds of message (`speaksOfKinds`: "sí, pero no llega" is about an
 * order) and refuse no messages at all ("sí, pero sin mensajes" is no yes). So "sí, y dónde
 * está mi pedido?", "Vale, sigo sin recibir mi pedido", "Claro que no, sin promociones" and
 * "Quero parar de receber promoções" are none.
 */
export function yesWithCondition(
  key: AnswerKey,
  event: ConversationEvent,
  language: string,
): boolean {
  // A go-ahead opens one only when the condition names kinds ("ok but no promos"): "ok pero no me
  // llegó nada" is a complaint.
  const yesWords = (event.type === 'stop.some' ? key.yesOrGoAhead : key.yesWords).get(language);
  const conditions = CONDITION_WORDS[language.split('-')[0] ?? ''];
  if (!yesWords || event.text === undefined) return false;
  // "everything but not the promos", "quiero todo pero no las ofertas": everything, but kinds.
  const yes = {
    has: (said: string) =>
      yesWords.has(said) || (event.type === 'stop.some' && EVERYTHING_WANTED.has(said)),
  };
  const words = wordsOf(event.text).split(' ');
  const [first = ''] = event.text.split(CLAUSE_END);
  const firstWords = wordsOf(first);
  const afterBreak = first.length < event.text.length && yes.has(firstWords);
  // The yes, with "please" or thanks after it or not ("ok pls but stop the codes", "yes thank
  // you but stop the codes").
  const yesUpTo = (end: number) =>
    yes.has(words.slice(0, end).join(' ')) ||
    yes.has(withoutPoliteEnd(words.slice(0, end), language).join(' '));
  const opening = afterBreak
    ? firstWords.split(' ').length
    : words.findIndex(
        (word, i) =>
          i > 0 &&
          (conditions?.always.has(word) === true ||
            (event.type === 'stop.some' && (AND_WORDS.has(word) || STOPPING_VERBS.has(word)))) &&
          yesUpTo(i),
      );
  if (opening <= 0 || opening >= words.length) return false;
  if (event.type === 'stop.some') return true;
  const next = words[opening]!;
  const brings =
    conditions !== undefined &&
    (conditions.always.has(next) || (afterBreak && conditions.afterBreak.has(next)));
  // "…sin mensajes", "…but no messages": a condition that refuses messages as such.
  const messages = key.messageWords.get(language);
  const refuses = new Set([...(conditions?.always ?? []), ...NEGATIONS, ...NONE]);
  const refusesMessages = words.some(
    (word, i) =>
      i > opening &&
      messages?.has(word) === true &&
      (refuses.has(words[i - 1]!) || refuses.has(words[i - 2] ?? '')),
  );
  return brings && !refusesMessages && speaksOfKinds(key, words.slice(opening), language);
}

/**
 * "And" before a stop of kinds after a yes ("yes and stop the codes", "sí y paren los códigos");
 * a stopping verb right after the yes opens one too ("yes please stop the codes").
 */
const AND_WORDS: ReadonlySet<string> = new Set(['and', 'y', 'e']);

/** Everything, as an answer to the question ("all of them", "quiero todo"), in every language. */
const EVERYTHING_WANTED: ReadonlySet<string> = new Set([
  ...EVERYTHING,
  ...['all of them', 'i want everything', 'i want all of them', 'quiero todo', 'quiero todos'],
  ...['quero tudo', 'todas elas'],
]);

/**
 * Whether a condition speaks of the messages: it names a kind ("…sin códigos", "…but no
 * promos"), says "only" ("…pero solo algunos"; with `only`) or speaks of messages ("…solo
 * mensajes de mis pedidos"). "sí, pero no llega", "yes but it never arrived" and "no thanks,
 * my order never arrived" speak of an order, not of them: a one-word name after "my" is the
 * customer's own order or code.
 */
function speaksOfKinds(
  key: AnswerKey,
  words: readonly string[],
  language: string,
  only = true,
): boolean {
  const messages = key.messageWords.get(language);
  const wants = words.some((word) => WANTS.has(word));
  return words.some((word, i) => {
    if ((only && ONLY.has(word)) || messages?.has(word) === true) return true;
    // "my order", "mi pedido", "meu código": the customer's own, not a kind of message; but
    // "quiero saber de mis pedidos por aquí" wants messages about them.
    const own = i > 0 && POSSESSIVES.has(words[i - 1]!) && !wants;
    return kindNameAt(key, words, i, own ? 2 : 1);
  });
}

/** Words that want something, in the built-in languages ("want", "quiero", "quero"…). */
const WANTS: ReadonlySet<string> = new Set([
  ...['want', 'wanna', 'like', 'quiero', 'quisiera', 'gustaria', 'quero', 'gostaria'],
]);

/**
 * Whether `event`'s text is a plain yes and a request, in the conversation's `language`: its
 * whole first clause, not asked back, is one of the flow's yes words that opens with an
 * unmistakable yes ("sí, y dónde está mi pedido?", "Yes. When does my order arrive?", "sim, e
 * meu pedido?"), and the rest neither refuses nor brings a condition (no "no", "sin", "but",
 * "nada"…), or speaks of no kind of message ("sí, pero ¿dónde está mi pedido?"). The rest is
 * for the service to answer (the guard that uses this also requires that it picks one of its
 * choices), and the question is shown again: nothing is recorded, since free text after a yes
 * can take it back in words no list holds ("sí, y cero promos").
 */
export function yesWithRequest(
  key: AnswerKey,
  event: ConversationEvent,
  language: string,
): boolean {
  const plain = PLAIN_YES[language.split('-')[0] ?? ''];
  const clauses = typedClauses(event);
  const [first, ...rest] = clauses;
  if (!plain || !first || rest.length === 0) return false;
  // "Sí? dónde está mi pedido": a yes asked back ("what?") is none.
  if (first.end.includes('?')) return false;
  // "yes please, and where are my orders?": the please aside.
  const said = first.words.filter((word) => !PLEASE.has(word)).join(' ');
  if (key.yesWords.get(language)?.has(said) !== true || !plain.has(first.words[0]!)) return false;
  // "sí, pero ¿dónde está mi pedido?": a "but" that speaks of no kind of message is a request.
  const words = rest.flatMap((clause) => clause.words);
  return !refusesOrConditions(rest, language) || !speaksOfKinds(key, words, language);
}

/**
 * Whether `event`'s text is a no with thanks and more, in the conversation's `language`: its
 * first clause is one of the flow's no words with a word of thanks, or a no word followed by a
 * clause of thanks ("no gracias. ¿y mi pedido cuándo llega?", "não, obrigado. e a encomenda?",
 * "No, thank you. Where is my order?"), neither asked back nor exclaimed; and the rest says no
 * yes, and refuses or brings a condition only about something else than the kinds of message
 * ("no gracias, solo quería saber dónde está mi pedido"). The no is recorded (the safe side: fewer messages),
 * and the service answers the rest. A bare "No," before more words may be about the order ("No,
 * mi pedido no llegó", "No. de pedido BW123", "No!! llegó roto"), and is none.
 */
export function noWithThanks(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  const base = language.split('-')[0] ?? '';
  const thanks = THANKS[base];
  const clauses = thanks ? noThanksApart(key, typedClauses(event), language, thanks.core) : [];
  const [first, second] = clauses;
  if (!thanks || !first || key.noWords.get(language)?.has(first.words.join(' ')) !== true) {
    return false;
  }
  const exclaimed = (clause: Clause) => /[?!]/u.test(clause.end);
  const thanked = first.words.some((word) => thanks.core.has(word));
  const thanksNext =
    !thanked &&
    second !== undefined &&
    second.words.some((word) => thanks.core.has(word)) &&
    second.words.every((word) => thanks.core.has(word) || thanks.also.has(word));
  if (exclaimed(first) || (!thanked && !thanksNext) || (thanksNext && exclaimed(second))) {
    return false;
  }
  const rest = clauses.slice(thanksNext ? 2 : 1);
  const saysYes = rest.some((clause) => clause.words.some((word) => PLAIN_YES[base]?.has(word)));
  // "no gracias, solo quería saber dónde está mi pedido": a "solo" or a "no" that speaks of no
  // kind of message is about the request.
  const words = rest.flatMap((clause) => clause.words);
  const aboutKinds =
    refusesOrConditions(rest, language) && speaksOfKinds(key, words, language, false);
  return rest.length > 0 && !saysYes && !aboutKinds;
}

/**
 * `clauses` with a no with thanks that opens the first one as a clause of its own ("no thanks i
 * didnt get my order", "no gracias mi pedido no llegó"): the longest no word of the flow with a
 * word of thanks in it. A bare "no" before more words stays as it is ("no llegó mi pedido").
 */
function noThanksApart(
  key: AnswerKey,
  clauses: readonly Clause[],
  language: string,
  thanks: ReadonlySet<string>,
): readonly Clause[] {
  const [first, ...rest] = clauses;
  const noWords = key.noWords.get(language);
  if (!first || !noWords || noWords.has(first.words.join(' '))) return clauses;
  for (let n = first.words.length - 1; n >= 2; n -= 1) {
    const opening = first.words.slice(0, n);
    if (!noWords.has(opening.join(' ')) || !opening.some((word) => thanks.has(word))) continue;
    const after = first.words.slice(n);
    // "no thanks needed", "no gracias a ti", "não obrigado por perguntar": still the thanks.
    if (THANKS_GO_ON.has(after[0]!)) return clauses;
    // "no thanks i want to choose", "no thanks order updates are enough": no plain no. A kind
    // named, but not the customer's own order ("my order").
    const kind = (word: string, i: number) =>
      key.kindNames.has(word) && !POSSESSIVES.has(after[i - 1] ?? '');
    if (after.some((word, i) => NO_PLAIN_NO.has(word) || kind(word, i))) return clauses;
    return [{ words: opening, end: '' }, { words: after, end: first.end }, ...rest];
  }
  return clauses;
}

/** Words that go on with thanks rather than begin what follows them ("thanks to you", "gracias por…"). */
const THANKS_GO_ON: ReadonlySet<string> = new Set([
  ...['needed', 'required', 'necessary', 'to', 'for', 'so', 'a', 'again', 'anyway'],
  ...['por', 'de', 'igual', 'igualmente', 'ao', 'aos', 'pela', 'pelo', 'eu', 'yo', 'you'],
]);

/**
 * Words after "no thanks" that make it no plain no: wanting, "only" (`WANTS`, `ONLY`), and
 * choosing, some or all, "but", a yes ("no thanks i want to choose", "no gracias quiero elegir",
 * "não obrigado quero escolher").
 */
const NO_PLAIN_NO: ReadonlySet<string> = new Set([
  ...WANTS,
  ...ONLY,
  ...['need', 'choose', 'pick', 'select', 'some', 'all', 'them', 'but', 'actually', 'yes', 'sure'],
  ...['necesito', 'elegir', 'escoger', 'algunos', 'algunas', 'todos', 'todas', 'pero', 'si'],
  ...['mejor', 'queria', 'preciso', 'escolher', 'alguns', 'algumas', 'mas', 'sim'],
]);

/** The clauses of a typed message; none for any other event. */
function typedClauses(event: ConversationEvent): Clause[] {
  return event.type === 'message' && event.text !== undefined ? clausesOf(event.text) : [];
}

/** Whether any of `clauses` refuses (a negation, "nada") or brings a condition ("pero", "only"). */
function refusesOrConditions(clauses: readonly Clause[], language: string): boolean {
  const conditions = CONDITION_WORDS[language.split('-')[0] ?? ''];
  return clauses.some((clause) =>
    clause.words.some(
      (word) =>
        NEGATIONS.has(word) ||
        NONE.has(word) ||
        conditions?.always.has(word) === true ||
        conditions?.afterBreak.has(word) === true,
    ),
  );
}
