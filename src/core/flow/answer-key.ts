/**
 * What a flow's prompts can be answered with, built once per flow (`buildAnswerKey`): the
 * buttons' titles and their words, the yes and no words of its languages, the names of its kinds
 * of message; and `kindsNamed`, the kinds a customer's words name.
 */
import { HOUR } from '../clock.js';
import type { Prompt, PromptButton } from '../conversation/events.js';
import { builtinLanguage, isLaugh, MARKETING_GROUP, MESSAGES_GROUP } from '../keywords/index.js';
import {
  AROUND_KINDS,
  NAME_GLUE,
  NEGATIONS,
  NONE_OF_THEM,
  THANKS_TO_ALL,
  listParts,
  wordsOf,
} from './answer-words.js';
import { categoryNames, type FlowDefinition } from './definition.js';
import { questionWordings } from './question-variants.js';
import { renderFlowText } from './render-text.js';

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
   * The names of the flow's kinds of message, normalised, and the kinds each names: labels and
   * other names in every language, ids, and the built-in words for marketing ("promos",
   * "ofertas") for the MARKETING kinds.
   */
  readonly kindNames: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A button title split into its words. */
export interface TitleWords {
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
    // "yes to all", "sí a todo", "sim pra tudo": its yes.
    for (const word of builtinLanguage(language)?.yesToAll ?? []) add('question', 'yes', word);
  }
  // "none of them", "ninguno", "no to all", "no thanks to all": its no.
  for (const none of NONE_OF_THEM) add('question', 'no', none);
  for (const thanks of THANKS_TO_ALL) {
    for (const no of ['no', 'nao']) add('question', 'no', `${no} ${thanks}`);
  }
  for (const language of Object.keys(flow.texts)) {
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
 * The names of each kind of message of `flow` (see `AnswerKey.kindNames`): each label and other
 * name as written and without its glue words ("avisos pedidos"), and each word of a label that
 * no other kind's label has ("pedidos", "codes", "offers").
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
    for (const name of categoryNames(category)) add(name, category.id);
    // Labels only: an other name is read whole ("delivery updates"), never word by word.
    for (const label of Object.values(category.label)) {
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

/** `words` without the words around a kind's name (`AROUND_KINDS`, `NAME_GLUE`, laughs), joined. */
export function withoutGlue(words: readonly string[]): string {
  return words
    .filter((word) => !AROUND_KINDS.has(word) && !NAME_GLUE.has(word) && !isLaugh(word))
    .join(' ');
}

/** The most words of a kind's name looked for at a place in a message. */
const LONGEST_KIND_NAME = 4;

/**
 * Whether a name of one of the flow's kinds (or a word or words of `more`) of at least `fewest`
 * words begins at `words[at]`.
 * @example kindNameAt(key, ['stop', 'order', 'updates'], 1) // true
 */
export function kindNameAt(
  key: AnswerKey,
  words: readonly string[],
  at: number,
  fewest = 1,
  more?: ReadonlySet<string>,
): boolean {
  for (let n = fewest; n <= LONGEST_KIND_NAME && at + n <= words.length; n += 1) {
    const name = words.slice(at, at + n).join(' ');
    if (key.kindNames.has(name) || more?.has(name) === true) return true;
  }
  return false;
}

/**
 * The kinds `words` name with nothing else than the words around names (and `around`): one
 * name, or a list of them ("order updates and login codes"); `undefined` for any other word.
 * Empty: no name.
 */
export function kindsNamed(
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
