/**
 * WHAT COUNTS AS AN ANSWER (PRODUCT.md, "What counts as a yes"): a tap on a prompt's button, or
 * a typed yes/no word, button title (one word may be a letter off) or button number (unless the
 * menu came before the prompt in the same turn) while that prompt is the bot's latest message
 * and was sent within the flow's answer period (after it, while still the latest message, only
 * an answer for fewer messages: a no, or a yes to stopping); to the bot's "do you want to
 * stop?", a go-ahead ("ok", "dale", "blz": `goAhead` of the built-in languages) is its yes.
 * Anything else is not an answer: "ok" after a service answer, or "yes" three days later, is an
 * ordinary message. The sentences around an answer ("sí, pero sin promociones", "no gracias. ¿y
 * mi pedido?") are read in `answer-sentences.ts`.
 */
import { HOUR, SECOND } from '../clock.js';
import type { ConversationEvent, Prompt, PromptButton } from '../conversation/events.js';
import { PROMPT_BUTTONS } from '../conversation/events.js';
import {
  BUILTIN_LANGUAGES,
  builtinLanguage,
  MARKETING_GROUP,
  MESSAGES_GROUP,
  oneEditApart,
  POSSESSIVES,
} from '../keywords/index.js';
import {
  ALL,
  AROUND_KINDS,
  CLAUSE_ENDS,
  clausesOf,
  CONDITION_WORDS,
  EXCEPT,
  HEDGES,
  NAME_GLUE,
  NEGATIONS,
  NONE,
  ONLY,
  PLAIN_YES,
  PLEASE,
  listParts,
  THANKS,
  WANTING,
  wordsOf,
} from './answer-words.js';
import type { FlowDefinition } from './definition.js';
import type { FlowContext, LastSaid } from './flow-context.js';
import { questionWordings } from './question-variants.js';
import { renderFlowText } from './render-text.js';

/** The answer a message gives: to which prompt, with which button. */
export interface Answer {
  readonly prompt: Prompt;
  readonly button: PromptButton;
}

/** A flow's prompts prepared for reading answers: titles by prompt, question texts. */
export interface AnswerKey {
  readonly periodMs: number;
  /** Per prompt: each button title, normalised, in every language → its button. */
  readonly titles: Readonly<Record<Prompt, ReadonlyMap<string, PromptButton>>>;
  /** Per prompt: the same titles as words, by their number of words, for {@link nearTitle}. */
  readonly titleWords: Readonly<Record<Prompt, ReadonlyMap<number, readonly TitleWords[]>>>;
  /** The question and re-ask as shown in every language: a tap under one of them answers. */
  readonly questionTexts: ReadonlySet<string>;
  /** The variant of each of those texts (`standard` for the flow's own question and re-ask). */
  readonly variantOf: ReadonlyMap<string, string>;
  /** The built-in ways of taking back a yes, normalised, by language. */
  readonly takeBack: ReadonlyMap<string, ReadonlySet<string>>;
  /** The built-in ways of taking back a no, normalised, by language. */
  readonly takeBackNo: ReadonlyMap<string, ReadonlySet<string>>;
  /** The built-in go-aheads ("ok", "dale", "blz"), normalised, by language. */
  readonly goAhead: ReadonlyMap<string, ReadonlySet<string>>;
  /** The flow's typed yes words, normalised, by language. */
  readonly yesWords: ReadonlyMap<string, ReadonlySet<string>>;
  /** The flow's typed no words, normalised, by language. */
  readonly noWords: ReadonlyMap<string, ReadonlySet<string>>;
  /** Those and the go-aheads: what may open a yes with a condition ("ok, but no promos"). */
  readonly yesOrGoAhead: ReadonlyMap<string, ReadonlySet<string>>;
  /** The built-in words for messages in general ("mensajes", "msgs"), by language. */
  readonly messageWords: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * The built-in ways of taking in what one was told ("vale", "dale", "sure", "pode ser"),
   * normalised, of every language of the flow: only ever read to hold a yes back.
   */
  readonly acknowledge: ReadonlySet<string>;
  /**
   * The names of the flow's kinds of message, normalised, and the kinds each names: labels in
   * every language, ids, and the built-in words for marketing ("promos", "ofertas") for the
   * MARKETING kinds.
   */
  readonly kindNames: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A button title split into its words. */
interface TitleWords {
  readonly words: readonly string[];
  readonly button: PromptButton;
}

/** Prepares {@link answerOf} for a flow, once. */
export function buildAnswerKey(flow: FlowDefinition): AnswerKey {
  const titles: Record<Prompt, Map<string, PromptButton>> = {
    question: new Map(),
    category: new Map(),
    stop: new Map(),
    stopSome: new Map(),
  };
  const questionTexts = new Set<string>();
  const variantOf = new Map<string, string>();
  /** The first meaning of a typed title stands. */
  const add = (prompt: Prompt, button: PromptButton, title: string) => {
    const key = wordsOf(title);
    if (key !== '' && !titles[prompt].has(key)) titles[prompt].set(key, button);
  };
  for (const [language, texts] of Object.entries(flow.texts)) {
    add('question', 'yes', texts.buttons.yes);
    add('question', 'choose', texts.buttons.choose);
    add('question', 'no', texts.buttons.no);
    add('category', 'yes', texts.categoryButtons.yes);
    add('category', 'no', texts.categoryButtons.no);
    add('stop', 'yes', texts.stopConfirmButtons.yes);
    add('stop', 'no', texts.stopConfirmButtons.no);
    add('stopSome', 'yes', texts.stopSomeButtons.these);
    add('stopSome', 'all', texts.stopSomeButtons.all);
    add('stopSome', 'no', texts.stopSomeButtons.no);
    for (const wording of questionWordings(texts)) {
      for (const text of [wording.question, wording.reask]) {
        const shown = renderFlowText(flow, language, text);
        questionTexts.add(shown);
        if (!variantOf.has(shown)) variantOf.set(shown, wording.id);
      }
    }
  }
  // "ok", "dale", "blz": a go-ahead to "do you want to stop?" is its yes (after the titles, which
  // win should a flow's title be such a word).
  // "no, sigue", "continuar", "keep them": its no, so the customer hears that nothing changes.
  for (const language of Object.keys(flow.texts)) {
    for (const word of builtinLanguage(language)?.goAhead ?? []) {
      add('stop', 'yes', word);
      add('stopSome', 'yes', word);
    }
    // "todo", "everything": to "stop just those?" its "stop everything"; to "do you want to
    // stop?" its yes.
    for (const word of builtinLanguage(language)?.everything ?? []) {
      add('stopSome', 'all', word);
      add('stop', 'yes', word);
    }
    // "elegir", "let me pick", "só alguns": the question's "let me choose".
    for (const word of builtinLanguage(language)?.choose ?? []) add('question', 'choose', word);
    for (const word of builtinLanguage(language)?.keepGoing ?? []) {
      add('stop', 'no', word);
      add('stopSome', 'no', word);
    }
  }
  const wordsByLanguage = (pick: (language: string) => readonly string[] | undefined) =>
    new Map(
      Object.keys(flow.texts).map((language) => [
        language,
        new Set((pick(language) ?? []).map(wordsOf)),
      ]),
    );
  const takeBack = wordsByLanguage((language) => builtinLanguage(language)?.takeBack);
  const takeBackNo = wordsByLanguage((language) => builtinLanguage(language)?.takeBackNo);
  // Only the go-aheads that say nothing of stopping ("si baja", "si ya no quiero" are the yes of
  // "do you want to stop?", and no "ok" to the opt-in question).
  const goAhead = wordsByLanguage((language) => {
    const builtin = builtinLanguage(language);
    const stops = (builtin?.optOut ?? []).map(wordsOf);
    const saysStop = (word: string) =>
      NEGATIONS.has(word) || stops.some((stop) => word.startsWith(stop));
    return builtin?.goAhead.filter((phrase) => !wordsOf(phrase).split(' ').some(saysStop));
  });
  const yesWords = wordsByLanguage((language) => flow.keywords[language]?.yes);
  const noWords = wordsByLanguage((language) => flow.keywords[language]?.no);
  const messageWords = wordsByLanguage(
    (language) => builtinLanguage(language)?.phrases.groups[MESSAGES_GROUP],
  );
  const byWordCount = (prompt: Prompt) => {
    const byCount = new Map<number, TitleWords[]>();
    for (const [title, button] of titles[prompt]) {
      const words = title.split(' ');
      byCount.set(words.length, [...(byCount.get(words.length) ?? []), { words, button }]);
    }
    return byCount;
  };
  return {
    periodMs: flow.consent.answerPeriodHours * HOUR,
    titles,
    titleWords: {
      question: byWordCount('question'),
      category: byWordCount('category'),
      stop: byWordCount('stop'),
      stopSome: byWordCount('stopSome'),
    },
    questionTexts,
    variantOf,
    takeBack,
    takeBackNo,
    goAhead,
    yesWords,
    noWords,
    yesOrGoAhead: new Map(
      [...yesWords].map(([language, words]) => [
        language,
        new Set([...words, ...(goAhead.get(language) ?? [])]),
      ]),
    ),
    messageWords,
    kindNames: kindNamesOf(flow),
    acknowledge: new Set(
      Object.keys(flow.texts).flatMap((language) =>
        (builtinLanguage(language)?.acknowledge ?? []).map(wordsOf),
      ),
    ),
  };
}

/**
 * The names of each kind of message of `flow` (see `AnswerKey.kindNames`): each as written and
 * without its glue words ("avisos pedidos"), and each word of a label that no other kind's label
 * has ("pedidos", "codes", "offers").
 */
function kindNamesOf(flow: FlowDefinition): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (name: string, id: string) => {
    for (const key of [wordsOf(name), withoutGlue(wordsOf(name).split(' '))]) {
      if (key !== '') names.set(key, new Set([...(names.get(key) ?? []), id]));
    }
  };
  const labelWords = new Map<string, Set<string>>();
  for (const category of flow.categories) {
    add(category.id, category.id);
    for (const label of Object.values(category.label)) {
      add(label, category.id);
      for (const word of withoutGlue(wordsOf(label).split(' ')).split(' ')) {
        labelWords.set(word, new Set([...(labelWords.get(word) ?? []), category.id]));
      }
    }
    if (category.whatsappCategory !== 'MARKETING') continue;
    for (const language of Object.keys(flow.texts)) {
      const marketing = builtinLanguage(language)?.phrases.groups[MARKETING_GROUP] ?? [];
      for (const word of marketing) add(word, category.id);
    }
  }
  for (const [word, ids] of labelWords) {
    if (word !== '' && ids.size === 1 && !names.has(word)) names.set(word, ids);
  }
  return names;
}

/** `words` without the words around a kind's name (`AROUND_KINDS`, `NAME_GLUE`), joined. */
function withoutGlue(words: readonly string[]): string {
  return words.filter((word) => !AROUND_KINDS.has(word) && !NAME_GLUE.has(word)).join(' ');
}

/**
 * The kinds `words` name with nothing else than the words around names (and `around`): one
 * name, or a list of them ("order updates and login codes"); `undefined` for any other word.
 * Empty: no name.
 */
function kindsNamed(
  key: AnswerKey,
  words: readonly string[],
  around: ReadonlySet<string> = new Set(),
): string[] | undefined {
  const parts = listParts(words, around);
  const ids = new Set<string>();
  for (const part of parts) {
    const rest = withoutGlue(part);
    if (rest === '') continue;
    const named = key.kindNames.get(rest);
    if (!named) return undefined;
    for (const id of named) ids.add(id);
  }
  return [...ids];
}

/**
 * Words that refuse what follows them ("sin", "without", "sem", "no", "nada de"): the condition
 * words but "but", "pero", "mas", which bring "only" as often ("yes but only order updates").
 */
const REFUSING: ReadonlySet<string> = new Set([
  ...Object.values(CONDITION_WORDS)
    .flatMap((words) => [...words.always])
    .filter((word) => !['but', 'pero', 'mas'].includes(word)),
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

/** "None of them" in the built-in languages, as a whole message. */
const NONE_OF_THEM: ReadonlySet<string> = new Set([
  'none',
  'none of them',
  'none of those',
  'ninguno',
  'ninguna',
  'ninguno de esos',
  'ninguna de esas',
  'nenhum',
  'nenhuma',
  'nenhum deles',
  'nenhuma delas',
]);

/** Whether `event` is a typed "none of them" ("none", "ninguno", "nenhum"), hedges aside. */
export function saysNone(event: ConversationEvent): boolean {
  if (event.type !== 'message' && event.type !== 'answer.no') return false;
  if (event.text === undefined) return false;
  return NONE_OF_THEM.has(pastOpeners(wordsOf(event.text).split(' ')).join(' '));
}

/** "But" in the built-in languages: what comes before it may be wanted, what follows refused. */
const BUT: ReadonlySet<string> = new Set(['but', 'pero', 'mas']);

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

/**
 * The kinds a message refuses by name and nothing else ("no quiero ofertas ni códigos", "ni
 * códigos ni ofertas", "not the codes either", "nem promoções"): with a word that refuses, the
 * words of `AROUND_REFUSED` and names of kinds only. For a wish to stop read by the keywords
 * ("no quiero ofertas"), the kinds it names too. Empty for any other message.
 */
export function kindsRefusedAlone(key: AnswerKey, event: ConversationEvent): string[] {
  if (event.type !== 'message' && event.type !== 'stop.some') return [];
  const fromKeywords = event.type === 'stop.some' ? event.categories : [];
  return [...new Set([...fromKeywords, ...kindsRefusedInWords(key, event)])];
}

/**
 * The kinds a wish to stop some offers to stop: those it names or refuses, never those it keeps
 * ("…, but keep the promos"). While "stop just those?" is asked about others (`pending`), a wish
 * that says it adds to them ("no more codes either", "and the codes too", "y tampoco códigos",
 * "e os códigos também") offers those too; any other is asked alone (it may correct the first:
 * "wait i still want the promos, no more codes").
 */
export function kindsToOfferStopping(
  key: AnswerKey,
  pending: readonly string[] | undefined,
  event: Extract<ConversationEvent, { type: 'stop.some' }>,
): string[] {
  const named = kindsRefusedAlone(key, event);
  const kept = new Set(event.kept);
  const added = addsToWish(event) ? (pending ?? []) : [];
  return [...new Set([...named, ...added])].filter((id) => !kept.has(id));
}

/** Whether a message says it adds to the wish before it ("…too", "and…", "tampoco…"). */
function addsToWish(event: ConversationEvent): boolean {
  if (!('text' in event) || event.text === undefined) return false;
  const words = wordsOf(event.text).split(' ');
  return (
    ADDING_FIRST.has(words[0] ?? '') ||
    words.some((word) => ADDING.has(word)) ||
    / as well(?= |$)/u.test(` ${words.join(' ')}`)
  );
}

/**
 * Kinds a message names, and nothing else, to add to the ones "stop just those?" asks about
 * ("and the codes too", "e os códigos também", "the order updates as well"). Empty for any other
 * message.
 */
export function kindsAddedToStop(key: AnswerKey, event: ConversationEvent): string[] {
  if (event.type === 'stop.some' || !('text' in event) || event.text === undefined) return [];
  if (!addsToWish(event)) return [];
  const words = wordsOf(event.text)
    .replace(/(?<=^| )as well(?= |$)/u, '')
    .split(' ')
    .filter((word) => word !== '' && !ADDING.has(word) && !ADDING_FIRST.has(word));
  return namedAsMessages(key, event, words);
}

/** Words that add a wish to the one before ("too", "either", "tampoco", "também"). */
const ADDING: ReadonlySet<string> = new Set([
  ...['too', 'either', 'also', 'aswell', 'tampoco', 'tambien', 'tambem', 'tb', 'tbm'],
]);

/** Words that add a wish to the one before when they open it ("and", "y", "e", "ni", "nem"). */
const ADDING_FIRST: ReadonlySet<string> = new Set(['and', 'plus', 'y', 'e', 'ni', 'nem']);

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
  // "order updates and codes but no offers": the kinds before "but" are wanted; what follows it
  // refuses.
  const but = all.findIndex((word) => BUT.has(word));
  const wanted = but > 0 ? kindsNamed(key, all.slice(0, but), WANTING_OR_HEDGES) : undefined;
  const words = wanted && wanted.length > 0 ? all.slice(but + 1) : all;
  const refuses =
    words.some((word) => REFUSING.has(word)) &&
    !words.some((word) => AROUND_KINDS.has(word) && !AROUND_REFUSED.has(word));
  if (!refuses) return [];
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

/** What may stand around the kinds asked for alone: wanting, and hedges ("actually", "mejor"). */
const WANTING_OR_HEDGES: ReadonlySet<string> = new Set([...WANTING, ...HEDGES]);

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
  if (event.text === undefined) return undefined;
  const words = pastOpeners(pastOpeningNo(event.text));
  if (!words.some((word) => ONLY.has(word))) {
    return (
      kindsExcepted(key, words) ?? kindsYesAndNo(key, event.text) ?? kindsListed(key, event.text)
    );
  }
  const named = kindsNamed(key, words, WANTING_OR_HEDGES);
  if (named && named.length > 0) return named;
  return onlyAfterRefusal(key, event.text);
}

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
  const kinds = new Set([...key.kindNames.values()].flatMap((ids) => [...ids]));
  const rest = [...kinds].filter((id) => !named.includes(id));
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

function isPlainYes(word: string): boolean {
  return Object.values(PLAIN_YES).some((set) => set.has(word));
}

/**
 * The answer `event` gives in `context`, or `undefined` when it answers nothing.
 * - A tap answers its prompt, unless it is plainly not the prompt being asked: a category button
 *   of another category, or a button under a question text this flow never asks (an old flow).
 * - Typed text answers only the bot's latest message, if that is a prompt sent within the answer
 *   period and not after the customer's message: a yes/no word, a title, or a number (not when
 *   the menu came before the prompt in the same turn: the number is the menu's).
 * @example answerOf(key, context, { type: 'message', text: 'yes all of them', facts }) // { prompt: 'question', button: 'yes' }
 */
export function answerOf(
  key: AnswerKey,
  context: FlowContext,
  event: ConversationEvent,
): Answer | undefined {
  if ('prompt' in event && event.prompt !== undefined) return tapAnswer(key, context, event);
  const said = context.said;
  if (said?.by !== 'consent' || said.prompt === undefined) return undefined;
  // During a hand-over a typed "yes" answers the agent's latest message, unless the bot's prompt
  // (asked at the customer's START or "stop just those?") came after it.
  const { handover, agentWroteAt } = event.facts;
  if (handover === 'active' && wroteSince(agentWroteAt, said)) return undefined;
  const { now, businessWroteAt } = event.facts;
  // Typed before the prompt was shown (a late webhook): no answer to it.
  if (now < said.at) return undefined;
  // The business wrote since (a template, an agent's question): the answer is to that.
  if (wroteSince(businessWroteAt, said)) return undefined;
  const prompt = said.prompt;
  const button = typedButton(key, prompt, event, context);
  if (!button || (button === 'yes' && yesHeldBack(key, said, event))) return undefined;
  // Long after the prompt only an answer for fewer messages still counts: never a late yes.
  if (now - said.at > key.periodMs && !FEWER_MESSAGES[prompt].includes(button)) return undefined;
  return { prompt, button };
}

/**
 * The kinds a message names and nothing else, typed to the stop question `prompt` (see
 * `stopPromptOpen`): the customer narrows the stop, and the bot asks about those ("just the
 * promos" may also mean the ones to keep: its buttons tell). To "do you want to stop?" with
 * "just", "only", "solo", "só" among its words ("just the promos", "no, solo las ofertas"); to
 * "stop just those?" without, but not after a no ("yes the promos"; "no the codes" may keep
 * them). Empty for any other message.
 */
export function kindsNarrowingStop(
  key: AnswerKey,
  event: ConversationEvent,
  prompt: 'stop' | 'stopSome',
): string[] {
  if (!('text' in event) || event.text === undefined || event.type === 'stop.some') return [];
  const all = wordsOf(event.text).split(' ');
  if (prompt === 'stopSome' && NEGATIONS.has(all[0] ?? '')) return [];
  const words = pastOpeners(all, true);
  if (prompt === 'stop' && !words.some((word) => ONLY.has(word))) return [];
  return namedAsMessages(key, event, words);
}

/**
 * The kinds `words` of `event` name and nothing else, spoken of as messages: not in a question,
 * nor as the customer's own purchase ("and orders?", "just my order"). Empty for any other words.
 */
function namedAsMessages(
  key: AnswerKey,
  event: ConversationEvent,
  words: readonly string[],
): string[] {
  if (event.asks || words.some((word) => POSSESSIVES.has(word) || PURCHASE.has(word))) return [];
  return kindsNamed(key, words) ?? [];
}

/** A purchase in the built-in languages' words, said of one ("the order", "el pedido"). */
const PURCHASE: ReadonlySet<string> = new Set([
  'order',
  'purchase',
  'pedido',
  'encomenda',
  'compra',
]);

/**
 * Whether the stop question `prompt` is the latest thing the bot asked, with nothing the business
 * or an agent wrote since: what the customer types may answer it (late too: an answer to a stop
 * question asks for fewer messages).
 */
export function stopPromptOpen(
  key: AnswerKey,
  context: FlowContext,
  event: ConversationEvent,
  prompt: 'stop' | 'stopSome',
): boolean {
  const said = context.said;
  if (said?.by !== 'consent' || said.prompt !== prompt) return false;
  const { now, businessWroteAt, handover, agentWroteAt } = event.facts;
  if (now < said.at || wroteSince(businessWroteAt, said)) return false;
  return handover !== 'active' || !wroteSince(agentWroteAt, said);
}

/**
 * Whether the business (or an agent) wrote at `at` after the prompt `said` was shown. A
 * customer's message time has whole seconds (WhatsApp's), the business's does not: a message in
 * the prompt's second may have come before it. Then a stop prompt keeps its answer (the safe
 * side); a yes to more messages never does.
 */
function wroteSince(at: number | undefined, said: LastSaid): boolean {
  if (at === undefined || at < said.at) return false;
  const sameSecond = at < said.at + SECOND;
  return !sameSecond || (said.prompt !== 'stop' && said.prompt !== 'stopSome');
}

/**
 * Whether a typed yes to the question or a category question is held back: thanks with no plain
 * yes word ("dale, gracias"), or meant for what the bot said before the prompt in the same turn:
 * the person it offered after two messages it did not understand ("sí" takes the offer:
 * `pick-choice.ts`), or the service answer it gave, which "vale", "dale", "sure" or "sí,
 * gracias" take in ({@link acknowledges}). A yes to more messages must be a yes to them; the
 * question is shown again instead (`goAheadOnly`, `THANKS_WITH_A_YES`).
 */
function yesHeldBack(key: AnswerKey, said: LastSaid, event: ConversationEvent): boolean {
  if (said.prompt !== 'question' && said.prompt !== 'category') return false;
  if (said.personOffered && event.type === 'answer.yes') return true;
  // "dale, gracias", "claro, obrigado": thanks, with no plain yes ("sí, gracias" is one).
  if (event.smallTalk === 'thanks' && thanksWithoutPlainYes(event)) return true;
  return said.answered === true && acknowledges(key, event);
}

/**
 * Whether a typed message says thanks in words ("gracias", "thx") and no plain yes word of a
 * built-in language ("sí", "yes", "sim").
 */
function thanksWithoutPlainYes(event: ConversationEvent): boolean {
  if (!('text' in event) || event.text === undefined) return false;
  const words = wordsOf(event.text).split(' ');
  const has = (sets: Iterable<ReadonlySet<string>>) =>
    words.some((word) => [...sets].some((set) => set.has(word)));
  return has(Object.values(THANKS).map((t) => t.core)) && !has(Object.values(PLAIN_YES));
}

/**
 * Whether `event` takes in what the customer was told: thanks ("vale, gracias", "sí, gracias")
 * or a built-in way of acknowledging ("vale", "dale", "sure", "pode ser").
 */
function acknowledges(key: AnswerKey, event: ConversationEvent): boolean {
  if (event.smallTalk === 'thanks') return true;
  return 'text' in event && event.text !== undefined && key.acknowledge.has(wordsOf(event.text));
}

/**
 * Whether `event` takes back a yes: the flow's no typed (not tapped), or a built-in way of taking
 * one back in the conversation's `language` ("wait no", "me equivoqué"). Only right after the
 * thanks for it: see `takesBackYes`.
 */
export function takesBack(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  if (event.type === 'answer.no') return event.prompt === undefined;
  return (
    saysOneOf(key.takeBack, event, language) ||
    beginsTakingBack(key, event, language) ||
    madeOfTakeBacks(key, event, language)
  );
}

/** The most words a take-back phrase has, for {@link madeOfTakeBacks}. */
const LONGEST_TAKE_BACK = 8;

/**
 * Whether the whole of `event` is ways of taking a yes back, the flow's no words and hedges
 * around them, with at least one of the former: "actually no i changed my mind", "nvm no", "ay
 * perdón me equivoqué de botón, no quiero", "ops errei o botão, não quero". A yes anywhere in
 * it, or any other word, and it is not.
 */
function madeOfTakeBacks(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  const takeBack = key.takeBack.get(language);
  if (!takeBack || event.type !== 'message' || event.text === undefined) return false;
  const no = key.noWords.get(language);
  const words = wordsOf(event.text).split(' ');
  // How each prefix of the words can be read: 0 not at all, 1 as hedges alone, 2 with a
  // take-back or a no in it.
  const read = new Array<number>(words.length + 1).fill(0);
  read[0] = 1;
  for (let from = 0; from < words.length; from += 1) {
    if (read[from] === 0) continue;
    for (let to = from + 1; to <= Math.min(words.length, from + LONGEST_TAKE_BACK); to += 1) {
      const part = words.slice(from, to).join(' ');
      if (takeBack.has(part) || no?.has(part) === true) read[to] = 2;
      else if (HEDGES.has(part)) read[to] = Math.max(read[to]!, read[from]!);
    }
  }
  return read[words.length] === 2;
}

/**
 * Whether `event` takes back a no: a built-in way of doing so in the conversation's `language`
 * ("actually, yes", "mejor sí"), or the question's yes or "let me choose" button title typed
 * ("Sí, todos"); never a bare yes word, which after "fine, we won't" is mostly an "ok" ("vale",
 * "sure"). Only right after the no was acknowledged: see `takesBackNo`.
 */
export function takesBackNo(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  if (saysOneOf(key.takeBackNo, event, language)) return true;
  // The question's own "Sí, todos" or "Quiero elegir", typed: no "ok", an explicit ask.
  if (event.type !== 'message' || event.text === undefined) return false;
  const button = key.titles.question.get(wordsOf(event.text));
  return button === 'yes' || button === 'choose';
}

/**
 * Whether `event` types a number past the menu shown before the prompt in the same turn ("4."
 * after a menu of three): it can only count the prompt's own buttons, which WhatsApp shows
 * without numbers, so it answers nothing, and the bot shows the prompt again.
 */
export function numberPastMenu(said: FlowContext['said'], event: ConversationEvent): boolean {
  if (event.type !== 'message' || event.text === undefined || !said?.menuBefore) return false;
  const text = wordsOf(event.text);
  return /^[1-9]$/u.test(text) && Number(text) > said.menuBefore.length;
}

/**
 * Whether `event` is a bare go-ahead ("ok", "dale", "blz") in the conversation's `language`, and
 * no yes word of the flow: to the question or a category question it answers nothing (only
 * "do you want to stop?" takes it as its yes), so the bot shows that question again. So too a
 * bare acknowledgment, yes word or not ("vale", "dale", "sure"), when the latest message `said`
 * came with a service answer: it takes in the answer.
 */
export function goAheadOnly(
  key: AnswerKey,
  event: ConversationEvent,
  language: string,
  said?: LastSaid,
): boolean {
  if (event.type !== 'message' && event.type !== 'answer.yes') return false;
  if (event.text === undefined || ('prompt' in event && event.prompt !== undefined)) return false;
  const words = wordsOf(event.text);
  // "sale", "listo", "perfecto" (no yes words) take in the question, as "ok" does; "vale",
  // "dale" (yes words) only a service answer shown with it.
  if (key.acknowledge.has(words)) {
    return said?.answered === true || !inAny(key.yesWords, words);
  }
  if (!saysOneOf(key.goAhead, event, language)) return false;
  // "ok gracias", "ok thanks": thanks, answered as such.
  const thanks = THANKS[language.split('-')[0] ?? '']?.core;
  if (words.split(' ').some((word) => thanks?.has(word) === true)) return false;
  return key.yesWords.get(language)?.has(words) !== true;
}

/**
 * A longer message that begins with a built-in way of taking a yes back, as one or more whole
 * clauses, and goes on refusing (a negation) with no yes: "wait no, actually i dont want
 * them", "ops, errei, não quero não". Not "wait no, yes I want them", whose yes stands, nor
 * talk about something else that opens so ("Ay no, mi pedido llegó roto", "Oops no, I meant to
 * ask where my order is").
 */
function beginsTakingBack(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  const phrases = key.takeBack.get(language);
  if (!phrases || event.type !== 'message' || event.text === undefined) return false;
  const words = wordsOf(event.text).split(' ');
  // The clauses' ends, in words: a take-back must end at one.
  let end = 0;
  for (const clause of event.text.split(CLAUSE_ENDS)) {
    const clauseWords = wordsOf(clause);
    if (clauseWords === '') continue;
    const count = clauseWords.split(' ').length;
    end += count;
    if (end >= words.length) return false;
    if (!phrases.has(words.slice(0, end).join(' '))) continue;
    const rest = words.slice(end);
    if (!rest.some((word) => NEGATIONS.has(word))) return false;
    const yes = [...(key.yesWords.get(language) ?? []), ...(key.takeBackNo.get(language) ?? [])];
    return !yes.some((said) => saysUnnegated(words, end, said.split(' ')));
  }
  return false;
}

/** Whether `words` from `from` on hold `phrase` somewhere not right after a negation. */
function saysUnnegated(words: readonly string[], from: number, phrase: readonly string[]): boolean {
  for (let i = from; i + phrase.length <= words.length; i += 1) {
    const negated = i > from && NEGATIONS.has(words[i - 1]!);
    if (!negated && phrase.every((word, j) => words[i + j] === word)) {
      return true;
    }
  }
  return false;
}

function saysOneOf(
  phrases: ReadonlyMap<string, ReadonlySet<string>>,
  event: ConversationEvent,
  language: string,
): boolean {
  return (
    event.type === 'message' &&
    event.text !== undefined &&
    phrases.get(language)?.has(wordsOf(event.text)) === true
  );
}

/** The answers that mean fewer messages: a no to messages, a yes to stopping them. */
const FEWER_MESSAGES: Readonly<Record<Prompt, readonly PromptButton[]>> = {
  question: ['no'],
  category: ['no'],
  stop: ['yes'],
  stopSome: ['yes', 'all'],
};

function tapAnswer(
  key: AnswerKey,
  context: FlowContext,
  event: Extract<ConversationEvent, { prompt?: Prompt }>,
): Answer | undefined {
  const prompt = event.prompt!;
  if (prompt === 'category' && event.category !== undefined) {
    if (event.category !== context.choosing?.asking) return undefined;
  }
  if (prompt === 'question' && event.shown !== undefined) {
    const known = key.questionTexts.has(event.shown) || event.shown === context.question?.text;
    if (!known) return undefined;
  }
  const button: PromptButton =
    event.type === 'answer.yes' ? 'yes' : event.type === 'answer.no' ? 'no' : 'choose';
  return { prompt, button };
}

/**
 * The button `event` types: a tap's, a title, or a number, unless the menu was shown before the
 * prompt in the same turn (`said.menuBefore`); the words for it where a prompt takes them.
 */
function typedButton(
  key: AnswerKey,
  prompt: Prompt,
  event: ConversationEvent,
  context: FlowContext,
): PromptButton | undefined {
  // "no promos" to the question about the offers: its no (the message asks to stop them).
  if (prompt === 'category' && event.type === 'stop.some') {
    const asking = context.choosing?.asking;
    return event.categories.length > 0 && event.categories.every((id) => id === asking)
      ? 'no'
      : undefined;
  }
  const text = 'text' in event && event.text !== undefined ? wordsOf(event.text) : undefined;
  // A prompt's own words first: "sí a todo" is a yes to the question, and "stop everything" to
  // "stop just those?".
  const titled =
    text === undefined
      ? undefined
      : (key.titles[prompt].get(text) ?? nearTitle(key.titleWords[prompt], text));
  if (titled) return titled;
  if (event.type === 'answer.yes') return 'yes';
  if (event.type === 'answer.no') return 'no';
  if (text === undefined) return undefined;
  if (prompt === 'stop' || prompt === 'stopSome') {
    // "please don't unsubscribe me", "no me quiten de la lista": its no.
    if (event.type === 'message' && event.staysSubscribed === true) return 'no';
    // "nvm, keep them", "no, mejor para todo": the answer after the hedging.
    const plain = pastHedges(text, prompt);
    const after = plain === text ? undefined : key.titles[prompt].get(plain);
    if (after) return after;
    // "pues sí", "ah no": a yes or no word of the flow after the hedging.
    if (plain !== text && inAny(key.yesWords, plain)) return 'yes';
    if (plain !== text && inAny(key.noWords, plain)) return 'no';
    // "yeah just the promos", "só as ofertas": the kinds being asked about, named.
    if (prompt === 'stopSome' && namesOnly(key, plain, context.stopping ?? [])) return 'yes';
  }
  // "yes, stop them all", "sim pode parar tudo" to "do you want to stop?": a yes, then the stop
  // said again (before, the same question came back at every such answer).
  if (prompt === 'stop' && event.type === 'stop.ambiguous' && beginsWithYes(key, text)) {
    return 'yes';
  }
  // A number answers the prompt only when it came alone: with the menu before it in the same
  // turn, WhatsApp shows the customer no numbers, and "1" or "2" may count the buttons of
  // either message. The menu's own numbers still pick its choices (`numberedChoice`).
  if (context.said?.menuBefore === undefined && /^[1-9]$/u.test(text)) {
    const buttons: readonly PromptButton[] = PROMPT_BUTTONS[prompt];
    return buttons[Number(text) - 1];
  }
  return undefined;
}

/**
 * Whether `text` (its words) begins with a yes or a go-ahead of any of the flow's languages and
 * says no negation after it: "yes pls stop them", not "yes but don't stop the orders".
 */
function beginsWithYes(key: AnswerKey, text: string): boolean {
  const words = text.split(' ');
  const yeses = [...key.yesOrGoAhead.values()];
  for (let end = 1; end < words.length; end += 1) {
    const start = words.slice(0, end).join(' ');
    if (!yeses.some((yes) => yes.has(start))) continue;
    return !words.slice(end).some((word) => NEGATIONS.has(word));
  }
  return false;
}

/**
 * `text` (its words) without the hedges it opens with ("nvm", "ay", "hmm", `HEDGES`), and to
 * "stop just those?" a "no" before the answer too ("no, mejor todo": not those, all of them).
 */
function pastHedges(text: string, prompt: Prompt): string {
  return pastOpeners(text.split(' '), prompt === 'stopSome').join(' ');
}

/** The most words of one hedge ("sabe de uma coisa"). */
const LONGEST_HEDGE = 4;

/**
 * `words` without the hedges they open with ("pensándolo bien", "na verdade", "la neta", `HEDGES`),
 * and, with `noToo`, a "no" among them. At least one word is left.
 */
function pastOpeners(words: readonly string[], noToo = false): readonly string[] {
  let i = 0;
  next: while (i < words.length - 1) {
    for (let n = Math.min(LONGEST_HEDGE, words.length - 1 - i); n >= 1; n -= 1) {
      if (HEDGES.has(words.slice(i, i + n).join(' '))) {
        i += n;
        continue next;
      }
    }
    if (noToo && isNo(words[i]!)) i += 1;
    else break;
  }
  return words.slice(i);
}

function inAny(byLanguage: ReadonlyMap<string, ReadonlySet<string>>, words: string): boolean {
  for (const set of byLanguage.values()) if (set.has(words)) return true;
  return false;
}

function isNo(word: string): boolean {
  return word === 'no' || word === 'nao';
}

/**
 * Whether `text` (its words) names only kinds being asked about in "stop just those?"
 * (`stopping`), with nothing else than the words around such a choice ("yeah just the promos",
 * "solo las ofertas", "só as promoções"), or says "just those" in other words ("yes only
 * those").
 */
function namesOnly(key: AnswerKey, text: string, stopping: readonly string[]): boolean {
  // "nada más esas", "esas nada más": Mexico's "nomás" in two words.
  const words = text.replaceAll(/(?<=^| )nada mas(?= |$)/gu, 'nomas').split(' ');
  const named = kindsNamed(key, words);
  if (named === undefined) return false;
  if (named.length === 0) return words.some((word) => ONLY.has(word));
  // Some of them only ("just the promos" of the codes and the promos): asked again about those.
  return named.every((id) => stopping.includes(id)) && stopping.every((id) => named.includes(id));
}

/** Words shorter than this must be typed as the title has them. */
const MIN_NEAR_WORD = 4;

/**
 * The button whose title `text` is with one word a letter off ("Só essas" for "Só esses", said
 * of ofertas; "Let me chose"), when only one button's title is that near.
 */
function nearTitle(
  titles: ReadonlyMap<number, readonly TitleWords[]>,
  text: string,
): PromptButton | undefined {
  const words = text.split(' ');
  let near: PromptButton | undefined;
  for (const title of titles.get(words.length) ?? []) {
    const i = onlyDifference(title.words, words);
    if (i === undefined) continue;
    const word = title.words[i]!;
    if ([...word].length < MIN_NEAR_WORD || !oneEditApart(words[i]!, word)) continue;
    if (near !== undefined && near !== title.button) return undefined;
    near = title.button;
  }
  return near;
}

/** The one position where two lists of words of the same length differ, if only one does. */
function onlyDifference(expected: readonly string[], words: readonly string[]): number | undefined {
  let differ: number | undefined;
  for (let i = 0; i < expected.length; i += 1) {
    if (expected[i] === words[i]) continue;
    if (differ !== undefined) return undefined;
    differ = i;
  }
  return differ;
}
