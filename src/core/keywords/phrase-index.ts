/**
 * The opt-out phrasings of a flow's languages, compiled once per flow: the product's built-in
 * ones (`builtin/<lang>.ts`) with the flow's own (`optOutPhrases`, `maybeOptOutPhrases`), the
 * words that speak of messages or name marketing, the filler words left out before matching,
 * and the built-in phrasings that ask to receive messages.
 */
import type { KeywordLists } from '../flow/definition.js';
import { builtinLanguage, MARKETING_GROUP, MESSAGES_GROUP } from './builtin/index.js';
import type { PhraseData } from './builtin/language-data.js';
import { compilePattern, phraseWords } from './phrase-pattern.js';
import type { CompiledPattern, Shorthands } from './phrase-pattern.js';

/** A language's word groups (`{promos}`, `{messages}`…), as the patterns use them. */
type WordGroups = Readonly<Record<string, readonly string[]>>;

/** The opt-out phrasings of one language, compiled. */
export interface PhraseLanguage {
  readonly language: string;
  /** Whole-message patterns; `each` says which one matched, for the evidence. */
  readonly optOut?: CompiledPhrases;
  /** Anywhere-in-the-message patterns. */
  readonly confirm?: CompiledPhrases;
  /** Whole-message patterns that may mean stop (built-in only). */
  readonly maybeOptOut?: CompiledPhrases;
  /** Whole-message patterns that ask to receive messages (built-in only). */
  readonly optIn?: CompiledPhrases;
  /** Whole wishes that ask to stop only the kinds named after them, see `PhraseData.wishAboutKinds`. */
  readonly wishAboutKinds?: CompiledPhrases;
  readonly notStop?: RegExp;
  /** Start-of-message patterns that ask not to stop ("dont stop sending…"), see `PhraseData.keepOn`. */
  readonly keepOn?: RegExp;
  /** Patterns that ask why no messages come, anywhere in a message, see `PhraseData.whyNot`. */
  readonly whyNot?: RegExp;
  /** Whole messages that ask to stay subscribed, see `PhraseData.staySubscribed`. */
  readonly staySubscribed?: RegExp;
  /** Any word that speaks of messages, sending or lists: "can't stop" then still may mean stop. */
  readonly aboutMessages?: RegExp;
  /** Words naming marketing messages. */
  readonly marketing?: RegExp;
  /** Words for messages in general ("notificaciones", "avisos", "updates"). */
  readonly messages?: RegExp;
  /** Marketing and messages in general named together: "promos and messages", "ofertas ni mensajes". */
  readonly marketingAndAll?: RegExp;
}

/**
 * Several patterns, each compiled on its own: the first that matches names the match. (One
 * alternation of them all would be no faster to test, and V8 takes about three times as long
 * to compile it: 50 ms a language, paid by the first message.) A pattern's `anchor`, when it
 * has one, is words one of which every message it matches has: a message with none of them is
 * not tested, so most patterns are never run (and V8 never compiles their regex).
 */
export interface CompiledPhrases {
  readonly each: readonly {
    readonly pattern: string;
    readonly regex: RegExp;
    readonly anchor?: ReadonlySet<string>;
  }[];
  /** The positions in `each` of the patterns with no anchor. */
  readonly unanchored: readonly number[];
  /** A word → the positions in `each` of the patterns it anchors. */
  readonly anchoredBy: ReadonlyMap<string, readonly number[]>;
}

/**
 * The patterns a message of these words may match, in their order: those with no anchor and
 * those one of the words anchors. The rest cannot match and are not looked at.
 * @example phrasesToTry(phrases, new Set(['stop', 'texting'])) // [{ pattern: 'stop {sending}…' }, …]
 */
export function phrasesToTry(
  phrases: CompiledPhrases,
  words: ReadonlySet<string>,
): CompiledPhrases['each'] {
  let positions: number[] | undefined;
  for (const word of words) {
    const anchored = phrases.anchoredBy.get(word);
    if (anchored) (positions ??= [...phrases.unanchored]).push(...anchored);
  }
  if (!positions) return phrases.unanchored.map((at) => phrases.each[at]!);
  return [...new Set(positions.sort((a, b) => a - b))].map((at) => phrases.each[at]!);
}

/**
 * One regex that removes the filler words of every language of the flow, one that finds their
 * idioms, whose fillers stay (`PhraseData.idioms`), and one that finds the openers a message
 * starts with (`PhraseData.openers`).
 */
export function fillersOf(languages: readonly string[]): {
  fillers?: RegExp;
  idioms?: RegExp;
  openers?: RegExp;
} {
  const wordsOf = (pick: (data: PhraseData) => readonly string[] | undefined) => {
    const words = new Set(
      languages.flatMap((l) => {
        const data = builtinLanguage(l)?.phrases;
        return (data ? (pick(data) ?? []) : []).map((f) => phraseWords(f).join(' '));
      }),
    );
    return [...words].filter((w) => w !== '').sort((a, b) => b.length - a.length);
  };
  const fillers = wordsOf((data) => data.fillers);
  const idioms = wordsOf((data) => data.idioms);
  const openers = wordsOf((data) => data.openers);
  return {
    ...(fillers.length > 0
      ? { fillers: new RegExp(`(?<=^| )(?:${fillers.map(escape).join('|')}) `, 'gu') }
      : {}),
    ...(idioms.length > 0
      ? { idioms: new RegExp(`(?<=^| )(?:${idioms.map(escape).join('|')})(?= )`, 'gu') }
      : {}),
    ...(openers.length > 0
      ? { openers: new RegExp(`^(?:(?:${openers.map(escape).join('|')}) )+`, 'u') }
      : {}),
  };
}

/**
 * The compiled phrasings of one language: built-in and the flow's own, whole-message and
 * anywhere. Undefined for a language with none. Patterns that do not compile are left out (the
 * flow check refuses them).
 */
export function phraseLanguage(
  language: string,
  own: KeywordLists | undefined,
  kinds: readonly string[] = [],
): PhraseLanguage | undefined {
  const data = builtinLanguage(language)?.phrases;
  const groups = data?.groups ?? {};
  // The flow's category labels name kinds of message as promos do: "no more order updates",
  // "ya no quiero códigos de acceso" (the marketing test below stays the marketing words').
  const named = withKinds(groups, kinds);
  // A flow's own phrasings get the language's shorthands too: "n quero mais promos".
  const short = data?.shorthands ?? {};
  const optOut = compileAll(
    [...(data?.optOut ?? []), ...(own?.optOutPhrases ?? [])],
    named,
    short,
    'whole',
  );
  const confirm = compileAll(
    [...(data?.confirm ?? []), ...(own?.maybeOptOutPhrases ?? [])],
    named,
    short,
    'anywhere',
  );
  const maybeOptOut = compileAll(data?.maybeOptOut ?? [], named, short, 'whole');
  const notStop = compileAll(data?.notStop ?? [], groups, short, 'anywhere');
  const keepOn = compileAll(data?.keepOn ?? [], named, short, 'start');
  const whyNot = compileAll(data?.whyNot ?? [], named, short, 'anywhere');
  const wishAboutKinds = compileAll(data?.wishAboutKinds ?? [], named, short, 'whole');
  const staySubscribed = compileAll(data?.staySubscribed ?? [], named, short, 'whole');
  const optIn = compileAll(data?.optIn ?? [], named, short, 'whole');
  const about = [MESSAGES_GROUP, MARKETING_GROUP, 'send', 'list'].flatMap((g) => groups[g] ?? []);
  const marketing = groups[MARKETING_GROUP] ?? [];
  const messages = groups[MESSAGES_GROUP] ?? [];
  if (!optOut && !confirm && !maybeOptOut && !notStop && !optIn && about.length === 0) {
    return undefined;
  }
  return {
    language,
    ...(optOut ? { optOut } : {}),
    ...(confirm ? { confirm } : {}),
    ...(maybeOptOut ? { maybeOptOut } : {}),
    ...(optIn ? { optIn } : {}),
    ...(wishAboutKinds ? { wishAboutKinds } : {}),
    ...(notStop ? { notStop: anyOf(notStop) } : {}),
    ...(keepOn ? { keepOn: anyOf(keepOn) } : {}),
    ...(whyNot ? { whyNot: anyOf(whyNot) } : {}),
    ...(staySubscribed ? { staySubscribed: anyOf(staySubscribed) } : {}),
    ...(about.length > 0 ? { aboutMessages: wordsAnywhere(about) } : {}),
    ...(marketing.length > 0 ? { marketing: wordsAnywhere(marketing) } : {}),
    ...(messages.length > 0 ? { messages: wordsAnywhere(messages) } : {}),
    ...(marketing.length > 0 && messages.length > 0
      ? { marketingAndAll: namedTogether(marketing, messages) }
      : {}),
  };
}

/** The words that join two kinds of message in a wish to stop, in the product's languages. */
const JOINING = ['and', 'or', 'nor', 'y', 'ni', 'o', 'e', 'nem', 'ou'];

/** A word of `some` and one of `others` joined ("promos and messages"), in either order. */
function namedTogether(some: readonly string[], others: readonly string[]): RegExp {
  const any = (words: readonly string[]) =>
    [...new Set(words.map((w) => phraseWords(w).join(' ')))]
      .filter((w) => w !== '')
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|');
  const [a, b, join] = [any(some), any(others), JOINING.join('|')];
  return new RegExp(
    `(?<=^| )(?:(?:${a}) (?:${join}) (?:[^ ]+ )?(?:${b})|(?:${b}) (?:${join}) (?:[^ ]+ )?(?:${a})) `,
    'u',
  );
}

/**
 * Patterns each compiled on their own, to match `at`: the whole message, its start, or anywhere
 * in it (from the start of a word).
 */
function compileAll(
  patterns: readonly string[],
  groups: WordGroups,
  shorthands: Shorthands,
  at: 'whole' | 'start' | 'anywhere',
): CompiledPhrases | undefined {
  const each = patterns.flatMap((pattern) => {
    const compiled = compiledOnce(pattern, groups, shorthands);
    return 'regex' in compiled ? [{ pattern, compiled }] : [];
  });
  if (each.length === 0) return undefined;
  const wrap = (source: string) =>
    ({ whole: `^(?:${source})$`, start: `^(?:${source})`, anywhere: `(?<=^| )(?:${source})` })[at];
  const unanchored: number[] = [];
  const anchoredBy = new Map<string, number[]>();
  each.forEach(({ compiled: { anchor } }, at) => {
    if (!anchor) unanchored.push(at);
    for (const word of new Set(anchor)) {
      const positions = anchoredBy.get(word);
      if (positions) positions.push(at);
      else anchoredBy.set(word, [at]);
    }
  });
  return {
    each: each.map(({ pattern, compiled: { regex, anchor } }) => ({
      pattern,
      regex: new RegExp(wrap(regex), 'u'),
      ...(anchor ? { anchor: new Set(anchor) } : {}),
    })),
    unanchored,
    anchoredBy,
  };
}

/**
 * The patterns compiled with each language's word groups, kept for the next index: every flow
 * (each load, reload and check) compiles the same built-in patterns of its languages, and
 * compiling them took most of the 8 ms an index takes to build. A flow's own patterns are kept
 * too (a few short strings each); groups made for a language without built-in data are not.
 */
const compiledPatterns = new WeakMap<object, Map<string, CompiledPattern>>();

function compiledOnce(
  pattern: string,
  groups: WordGroups,
  shorthands: Shorthands,
): CompiledPattern {
  // A language's groups always come with its shorthands: the groups alone key the cache.
  return remembered(compiledPatterns, groups, pattern, () =>
    compilePattern(pattern, groups, shorthands),
  );
}

/**
 * A language's word groups with `kinds` (category labels) among the words that name promos,
 * made once per set of labels: the same object each time, so its compiled patterns are kept.
 */
const groupsWithKinds = new WeakMap<object, Map<string, WordGroups>>();

function withKinds(groups: WordGroups, kinds: readonly string[]): WordGroups {
  if (kinds.length === 0) return groups;
  return remembered(groupsWithKinds, groups, kinds.join('\u0000'), () => ({
    ...groups,
    [MARKETING_GROUP]: [...(groups[MARKETING_GROUP] ?? []), ...kinds],
  }));
}

/** The value kept for `owner` and `key` in `cache`, made by `make` the first time. */
function remembered<V>(
  cache: WeakMap<object, Map<string, V>>,
  owner: object,
  key: string,
  make: () => V,
): V {
  let known = cache.get(owner);
  if (!known) cache.set(owner, (known = new Map<string, V>()));
  let value = known.get(key);
  if (value === undefined) known.set(key, (value = make()));
  return value;
}

/** The few "not a stop" patterns of a language as one regex. */
function anyOf(phrases: CompiledPhrases): RegExp {
  return new RegExp(phrases.each.map((e) => e.regex.source).join('|'), 'u');
}

/** Any of these words (or word sequences) as whole words, anywhere in a message. */
function wordsAnywhere(words: readonly string[]): RegExp {
  const list = [...new Set(words.map((w) => phraseWords(w).join(' ')))]
    .filter((w) => w !== '')
    .sort((a, b) => b.length - a.length);
  return new RegExp(`(?<=^| )(?:${list.map(escape).join('|')}) `, 'u');
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
