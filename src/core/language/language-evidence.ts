/**
 * What the words of a message say about its language: the flow's and the product's words of
 * every language (keywords, opt-out phrasings, menu titles and words, small talk), and, for a
 * first message, everyday words ("quiero", "você"). A word two languages share tells nothing
 * by itself (PRODUCT.md, "The customer's language").
 */
import type { FlowDefinition, KeywordLists } from '../flow/definition.js';
import type { KeywordIndex, MessageKeywords } from '../keywords/index.js';
import { findPhrase, messageKeywords, normalizeForMatching, tokenize } from '../keywords/index.js';
import type { SmallTalkIndex } from '../small-talk/index.js';
import { classifySmallTalk, smallTalkWords } from '../small-talk/index.js';

/** A flow's words by language, prepared once per flow with {@link buildLanguageLexicon}. */
export interface LanguageLexicon {
  /** A whole message (its words joined by spaces) → the languages it is a word or title of. */
  readonly whole: ReadonlyMap<string, ReadonlySet<string>>;
  /** Words and short phrases that hint at a first message's language → their languages. */
  readonly hints: ReadonlyMap<string, ReadonlySet<string>>;
  /** A word → the most words of a hint that starts with it. */
  readonly longestHintFrom: ReadonlyMap<string, number>;
}

/** What a message's words say about its language. */
export interface LanguageEvidence {
  /** The message names a language to switch to ("español"). */
  readonly named?: string;
  /** Languages of which the WHOLE message is a word, phrasing, title or small talk. */
  readonly whole: readonly string[];
  /** True when `whole` comes from small talk alone (a greeting, thanks or goodbye). */
  readonly smallTalk?: boolean;
  /** True when the message is one word ("nah", "sure", "yes"). */
  readonly oneWord?: boolean;
  /** True when the message is one letter ("n", "s", "y"): a shorthand of many languages. */
  readonly letter?: boolean;
  /** Languages its words hint at, most hints (of words only that language has) first. */
  readonly hinted: readonly string[];
  /** The one language with the most hints no other language shares, when there is one. */
  readonly hintedBest?: string;
  /**
   * The language of a sentence that has at least two words only that language has, and none
   * only another has ("quiero saber dónde está mi pedido"): clear evidence at any message.
   */
  readonly sentence?: string;
  /**
   * Of the languages in `whole`, when there are several, the one the message's everyday words
   * hint at ("para de mandar ofertas obrigado": a phrasing of Spanish and of Portuguese, thanks
   * only Portuguese has); the country's language, when it is one of them, comes first.
   */
  readonly tieBreak?: string;
}

/** No evidence at all: a tap, media, or words of no language. */
export const NO_EVIDENCE: LanguageEvidence = { whole: [], hinted: [] };

/**
 * Indexes a flow's words by language: every keyword list (with the built-in words), the menu's
 * titles and words, small talk and everyday words.
 * @example const lexicon = buildLanguageLexicon(flow, effectiveKeywords(flow));
 */
export function buildLanguageLexicon(
  flow: Pick<FlowDefinition, 'languages' | 'service' | 'smallTalk'>,
  keywordLists: Readonly<Record<string, KeywordLists>>,
): LanguageLexicon {
  const whole = new Map<string, Set<string>>();
  const hints = new Map<string, Set<string>>();
  const longestHintFrom = new Map<string, number>();
  const add = (map: Map<string, Set<string>>, phrase: string, language: string) => {
    const words = tokenize(normalizeForMatching(phrase));
    const [first] = words;
    if (first === undefined) return;
    const key = words.join(' ');
    const languages = map.get(key) ?? new Set<string>();
    languages.add(language);
    map.set(key, languages);
    if (map === hints) {
      longestHintFrom.set(first, Math.max(longestHintFrom.get(first) ?? 0, words.length));
    }
  };
  const choices = [
    ...Object.values(flow.service.states).flatMap((s) => s.choices ?? []),
    ...(flow.service.global ?? []),
  ];
  for (const language of flow.languages) {
    const lists = keywordLists[language];
    for (const list of [lists?.optOut, lists?.optIn, lists?.help, lists?.yes, lists?.no]) {
      for (const word of list ?? []) add(whole, word, language);
    }
    for (const choice of choices) {
      const title = choice.title[language];
      if (title !== undefined) add(whole, title, language);
      for (const word of choice.keywords?.[language] ?? []) add(whole, word, language);
    }
    const talk = smallTalkWords(flow, language);
    for (const phrase of [...talk.greetings, ...talk.thanks, ...talk.goodbyes]) {
      add(hints, phrase, language);
    }
    for (const word of talk.commonWords) add(hints, word, language);
  }
  for (const [key, languages] of whole) {
    // (A letter hints at nothing: "y" is English's yes and Spanish's "and", "n" every no.)
    if ([...key].length === 1) continue;
    for (const language of languages) add(hints, key, language);
  }
  return { whole, hints, longestHintFrom };
}

/**
 * The evidence of one typed message: the languages the whole message belongs to, or else what
 * its everyday words hint at (`hinted`, for a first message) or clearly say (`sentence`).
 * @param current The conversation's language, when it has one: a phrasing of the message in
 *   it keeps it whatever other languages have one (`chooseLanguage`), so once it is found the
 *   others are not read (`whole` then lists it and those found before it).
 * @param read The message's keyword readings, when the caller reads them too (`readTurn`).
 * @example languageEvidence(lexicon, keywords, smallTalk, 'hola').whole // ['es']
 */
export function languageEvidence(
  lexicon: LanguageLexicon,
  keywords: KeywordIndex,
  smallTalk: SmallTalkIndex,
  text: string,
  current?: string,
  read: MessageKeywords = messageKeywords(keywords, text),
): LanguageEvidence {
  const talk = classifySmallTalk(smallTalk, text);
  if (talk?.kind === 'language' && talk.languages[0] !== undefined) {
    return { named: talk.languages[0], whole: [...talk.languages], hinted: [] };
  }
  const tokens = tokenize(normalizeForMatching(text));
  const whole = new Set<string>(lexicon.whole.get(tokens.join(' ')) ?? []);
  const fromWords = whole.size > 0;
  // A stop word of one language's list that another has a phrasing of is as much that one's
  // ("basta" is Spanish's word and a Portuguese phrasing). (Only stop words: a yes, a greeting or
  // a menu title is read once.)
  if (fromWords && keywords.exact.get(tokens.join(' '))?.some((e) => e.kind === 'optOut')) {
    addStopPhrasings(
      keywords,
      tokens.join(' '),
      whole,
      keywords.phrases.map((p) => p.language),
    );
  }
  for (const language of talk?.languages ?? []) whole.add(language);
  // Keywords said with filler words, twice, spelled out, or phrasings ("no more messages").
  const match = whole.size === 0 && tokens.length > 0 ? read(current) : null;
  if (match) {
    // Every language whose list has the word: "No, stop" is as Spanish as it is English, "Não,
    // pare" as Portuguese as Spanish. A phrasing (its pattern is no listed word): every language
    // with a phrasing of the message, "para de mandar msg" as Portuguese as Spanish.
    const key = tokenize(match.keyword).join(' ');
    const entries = keywords.exact.get(key) ?? keywords.compact.get(key.replaceAll(' ', '')) ?? [];
    const same = entries.filter((e) => e.kind === match.kind);
    for (const entry of same) whole.add(entry.language);
    // Said with fillers ("basta pfv", "basta por favor"): the conversation's language too when
    // it has a phrasing of the word, unless the other words are another's ("ya basta").
    if (match.kind === 'optOut' && same.length > 0 && current !== undefined) {
      const stopWords = new Set(key.split(' '));
      const rest = tokens.filter((token) => !stopWords.has(token));
      const { hintedBest } = hintsOf(lexicon, rest);
      if (hintedBest === undefined || hintedBest === current) {
        addStopPhrasings(keywords, key, whole, [current]);
      }
    }
    if (same.length === 0) {
      whole.add(match.language);
      // Each language read is a whole reading of the message: the current language first, and
      // none after it once it has the phrasing.
      const others = keywords.phrases
        .map(({ language }) => language)
        .filter((language) => language !== match.language)
        .sort((a, b) => Number(b === current) - Number(a === current));
      for (const language of others) {
        if (current !== undefined && whole.has(current)) break;
        if (read(language)?.language === language) whole.add(language);
      }
    }
  }
  const smallTalkOnly = !fromWords && !match && whole.size > 0;
  const { hintedBest } = whole.size > 1 ? hintsOf(lexicon, tokens) : {};
  return {
    whole: [...whole],
    ...(hintedBest !== undefined && whole.has(hintedBest) ? { tieBreak: hintedBest } : {}),
    ...(smallTalkOnly ? { smallTalk: true } : {}),
    ...(tokens.length === 1 ? { oneWord: true } : {}),
    ...(tokens.length === 1 && [...tokens[0]!].length === 1 ? { letter: true } : {}),
    // The everyday words count only when the whole message says nothing.
    ...(whole.size === 0 ? hintsOf(lexicon, tokens) : { hinted: [] }),
  };
}

/** Adds to `whole` each of `languages` with an opt-out phrasing of the stop word `key`. */
function addStopPhrasings(
  keywords: KeywordIndex,
  key: string,
  whole: Set<string>,
  languages: readonly string[],
): void {
  const said = `${key} `;
  for (const language of languages) {
    if (
      !whole.has(language) &&
      findPhrase(keywords, said, 'optOut', language)?.language === language
    ) {
      whole.add(language);
    }
  }
}

/** Counts, for each language, the words only it has; every language with a word is hinted. */
function hintsOf(
  lexicon: LanguageLexicon,
  tokens: readonly string[],
): Pick<LanguageEvidence, 'hinted' | 'hintedBest' | 'sentence'> {
  const unique = new Map<string, number>();
  const seen: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    let step = 1;
    const longest = lexicon.longestHintFrom.get(tokens[i] ?? '') ?? 0;
    for (let n = Math.min(longest, tokens.length - i); n >= 1; n -= 1) {
      const languages = lexicon.hints.get(tokens.slice(i, i + n).join(' '));
      if (!languages) continue;
      for (const language of languages) if (!seen.includes(language)) seen.push(language);
      if (languages.size === 1) {
        const [only] = languages;
        unique.set(only!, (unique.get(only!) ?? 0) + 1);
      }
      step = n;
      break;
    }
    i += step;
  }
  const ranked = [...unique.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  const hinted = [...ranked.map(([language]) => language), ...seen.filter((l) => !unique.has(l))];
  if (!first || (second && second[1] >= first[1])) return { hinted };
  return {
    hinted,
    hintedBest: first[0],
    ...(!second && first[1] >= 2 ? { sentence: first[0] } : {}),
  };
}
