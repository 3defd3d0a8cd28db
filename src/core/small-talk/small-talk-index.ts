/**
 * Recognises small talk: a whole message that greets, thanks or takes leave, or names a
 * language, in the flow's languages (its own words and the product's built-in ones). Matched
 * like keywords (case, accents, punctuation and emoji do not matter), allowing the words people
 * add around it ("hi AGAIN", "thanks SO MUCH", "hello THERE"). A message of emoji alone that
 * greets or thanks (👋, 👍, 🙏) is small talk in no particular language.
 */
import type { FlowDefinition } from '../flow/definition.js';
import { builtinLanguage, compilePattern, phraseWords } from '../keywords/index.js';
import { SMALL_TALK_EMOJI } from './builtin/index.js';
import { smallTalkWords } from './effective-small-talk.js';

/** What a piece of small talk does. */
export type SmallTalkKind = 'greeting' | 'thanks' | 'goodbye' | 'language';

/** A message recognised as small talk, and the languages its words belong to. */
export interface SmallTalkMatch {
  readonly kind: SmallTalkKind;
  /** The flow languages whose words it used, best first; empty for emoji. */
  readonly languages: readonly string[];
}

/** A flow's small talk prepared for {@link classifySmallTalk}; build it once per flow. */
export interface SmallTalkIndex {
  /** Words of a phrase joined by spaces → its meanings. */
  readonly phrases: ReadonlyMap<string, readonly PhraseMeaning[]>;
  /** Words that may surround small talk, joined by spaces. */
  readonly fillers: ReadonlySet<string>;
  /** The longest phrase or filler, in words. */
  readonly longest: number;
  /** The ways of asking for a person of the flow's languages, each found anywhere in a message. */
  readonly askForPerson: readonly RegExp[];
  /**
   * The built-in ways of taking in what one was told ("vale", "dale", "sure", "pode ser"), words
   * joined by spaces: alone, they are thanks in no particular language, as 👍 is.
   */
  readonly acknowledgments: ReadonlySet<string>;
}

interface PhraseMeaning {
  readonly kind: SmallTalkKind;
  readonly language: string;
}

/** Which kind wins when a message has several: "thanks, bye" is a goodbye. */
const PRECEDENCE: readonly SmallTalkKind[] = ['language', 'goodbye', 'thanks', 'greeting'];

/**
 * Prepares a flow's small talk for matching, in its languages' order.
 * @example const index = buildSmallTalkIndex(flow);
 */
export function buildSmallTalkIndex(
  flow: Pick<FlowDefinition, 'languages' | 'smallTalk' | 'business'> & {
    readonly keywords?: FlowDefinition['keywords'];
  },
): SmallTalkIndex {
  const phrases = new Map<string, PhraseMeaning[]>();
  const acknowledgments = new Set<string>();
  const fillers = new Set<string>(phraseWords(flow.business.name).map((w) => w));
  let longest = 1;
  const add = (words: readonly string[], meaning: PhraseMeaning) => {
    if (words.length === 0) return;
    longest = Math.max(longest, words.length);
    const key = words.join(' ');
    const meanings = phrases.get(key) ?? [];
    if (!meanings.some((m) => m.kind === meaning.kind && m.language === meaning.language)) {
      meanings.push(meaning);
    }
    phrases.set(key, meanings);
  };
  for (const language of flow.languages) {
    const words = smallTalkWords(flow, language);
    const lists: readonly [SmallTalkKind, readonly string[]][] = [
      ['language', words.languageNames],
      ['greeting', words.greetings],
      ['thanks', words.thanks],
      ['goodbye', words.goodbyes],
    ];
    for (const [kind, list] of lists) {
      for (const phrase of list) add(phraseWords(phrase), { kind, language });
    }
    // The flow's yes words and the ways of taking something in ("vale", "sure") around thanks:
    // "vale, gracias", "sí, gracias", "sure thanks" thank, whatever else they may answer.
    const acknowledge = builtinLanguage(language)?.acknowledge ?? [];
    for (const word of acknowledge) acknowledgments.add(phraseWords(word).join(' '));
    const agreeing = [...(flow.keywords?.[language]?.yes ?? []), ...acknowledge];
    for (const filler of [...words.fillers, ...agreeing]) {
      const tokens = phraseWords(filler);
      if (tokens.length === 0) continue;
      longest = Math.max(longest, tokens.length);
      fillers.add(tokens.join(' '));
    }
  }
  const askForPerson = flow.languages.flatMap((language) =>
    smallTalkWords(flow, language).askForPerson.flatMap((pattern) => {
      const compiled = compilePattern(pattern, {});
      return 'regex' in compiled ? [new RegExp(`(?<=^| )(?:${compiled.regex})`, 'u')] : [];
    }),
  );
  return { phrases, fillers, longest, askForPerson, acknowledgments };
}

/**
 * True when a message asks to talk to a person, in any of the flow's languages, wherever in the
 * message: "Can I speak to a human please?", "quiero hablar con una persona".
 * @example asksForPerson(index, 'quero falar com um atendente') // true
 */
export function asksForPerson(index: SmallTalkIndex, raw: string): boolean {
  const said = `${phraseWords(raw).join(' ')} `;
  if (!index.askForPerson.some((pattern) => pattern.test(said))) return false;
  // "Não quero falar com uma pessoa", "I don't want to talk to a person": no request. Clause by
  // clause, so that "No, talk to a person" still is one.
  return !raw.split(/[,.;:!?¡¿\n]+/u).some((clause) => refusesPerson(index, clause));
}

/** A negation just before the request, in one clause: "no quiero hablar con una persona". */
const NEGATION_BEFORE = /(?:^| )(?:no|nao|not|dont|never|nunca|jamais|nem)(?: \S+){0,2} $/u;

function refusesPerson(index: SmallTalkIndex, clause: string): boolean {
  const words = `${phraseWords(clause).join(' ')} `;
  return index.askForPerson.some((pattern) => {
    const found = pattern.exec(words);
    return found !== null && NEGATION_BEFORE.test(words.slice(0, found.index));
  });
}

/**
 * The small talk a whole message is, or `undefined`: every word of it is part of a greeting,
 * thanks, goodbye or language name, or a word people add around them, and there is at least one
 * of the former. A message that also asks something ("hi, where is my order?") is not.
 * @example classifySmallTalk(index, 'Hi again!') // { kind: 'greeting', languages: ['en'] }
 */
export function classifySmallTalk(index: SmallTalkIndex, raw: string): SmallTalkMatch | undefined {
  const emoji = emojiSmallTalk(raw);
  if (emoji) return { kind: emoji, languages: [] };
  const tokens = phraseWords(raw);
  if (tokens.length === 0) return undefined;
  const said = phrasesOf(index, tokens);
  if (said) return said;
  // "vale", "sure", "pode ser" alone take in what the bot said: thanks, whatever the language.
  return index.acknowledgments.has(tokens.join(' '))
    ? { kind: 'thanks', languages: [] }
    : undefined;
}

/** The small talk of `tokens` made of phrases and fillers only, as {@link classifySmallTalk}. */
function phrasesOf(index: SmallTalkIndex, tokens: readonly string[]): SmallTalkMatch | undefined {
  const found: PhraseMeaning[][] = [];
  let i = 0;
  while (i < tokens.length) {
    let step = 0;
    for (let n = Math.min(index.longest, tokens.length - i); n >= 1 && step === 0; n -= 1) {
      const key = tokens.slice(i, i + n).join(' ');
      const meanings = index.phrases.get(key);
      if (meanings) {
        found.push([...meanings]);
        step = n;
      } else if (index.fillers.has(key)) {
        step = n;
      }
    }
    if (step === 0) return undefined;
    i += step;
  }
  if (found.length === 0) return undefined;
  const kinds = new Set(found.flatMap((meanings) => meanings.map((m) => m.kind)));
  const kind = PRECEDENCE.find((k) => kinds.has(k))!;
  return { kind, languages: languagesOf(found, kind) };
}

/**
 * The languages the words point to: for a language name, the language it names; otherwise
 * those every phrase shares, else those of any phrase, in the order first seen.
 */
function languagesOf(found: readonly PhraseMeaning[][], kind: SmallTalkKind): string[] {
  const sets = found.map(
    (meanings) =>
      new Set(
        meanings.filter((m) => kind !== 'language' || m.kind === 'language').map((m) => m.language),
      ),
  );
  const all = [...new Set(sets.flatMap((set) => [...set]))];
  const shared = all.filter((language) => sets.every((set) => set.size === 0 || set.has(language)));
  return shared.length > 0 ? shared : all;
}

/** Skin tones, variation selectors and joiners: 👍🏽 is 👍. */
const EMOJI_NOISE = /\p{Emoji_Modifier}|\uFE0E|\uFE0F|\u200D|\s/gu;

const EMOJI_KINDS: readonly [SmallTalkKind, ReadonlySet<string>][] = [
  ['goodbye', new Set(strip(SMALL_TALK_EMOJI.goodbyes))],
  ['thanks', new Set(strip(SMALL_TALK_EMOJI.thanks))],
  ['greeting', new Set(strip(SMALL_TALK_EMOJI.greetings))],
];

/** A message of small-talk emoji only (👍, 🙏🙏, 👋): thanks or a greeting. */
function emojiSmallTalk(raw: string): SmallTalkKind | undefined {
  const symbols = [...raw.replace(EMOJI_NOISE, '')];
  if (symbols.length === 0 || symbols.length > 12) return undefined;
  const kinds = symbols.map((symbol) => EMOJI_KINDS.find(([, set]) => set.has(symbol))?.[0]);
  if (kinds.some((kind) => kind === undefined)) return undefined;
  return PRECEDENCE.find((k) => kinds.includes(k));
}

function strip(list: readonly string[]): string[] {
  return list.map((e) => e.replace(EMOJI_NOISE, '')).filter((e) => e !== '');
}
