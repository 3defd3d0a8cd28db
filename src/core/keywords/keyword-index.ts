/**
 * A flow's words, with the product's built-in words of its languages, prepared for
 * `matchKeyword`: exact words by kind, the opt-out words looked for inside sentences, the
 * opt-out phrasings, and what names a kind of message (marketing words, category labels).
 */
import { categoryNames, type FlowCategory, type KeywordLists } from '../flow/definition.js';
import { builtinLanguage, MARKETING_GROUP, MESSAGES_GROUP } from './builtin/index.js';
import { normalizeForMatching } from './normalize-text.js';
import { phraseWords } from './phrase-pattern.js';
import { fillersOf, phraseLanguage } from './phrase-index.js';
import type { PhraseLanguage } from './phrase-index.js';
import { rememberedByText } from './remembered-text.js';
import { spelling, type Spelling } from './typo.js';

/**
 * The kinds of keyword, in precedence order: when one word is in several lists the earlier kind
 * wins, so a word that is both an opt-out and anything else is an opt-out (safety first).
 */
export const KEYWORD_KINDS = ['optOut', 'optIn', 'help', 'yes', 'no'] as const;
/** One of {@link KEYWORD_KINDS}: which list of the flow a word was found in. */
export type KeywordKind = (typeof KEYWORD_KINDS)[number];

/** What a flow says about its words: the lists per language, and what gives them meaning. */
export interface KeywordSource {
  readonly keywords: Readonly<Record<string, KeywordLists>>;
  /** The flow's languages, best first: the tie-break when a word is in several languages. */
  readonly languages: readonly string[];
  /** For phrasings that name a kind of message: marketing words and category names. */
  readonly categories?: readonly FlowCategory[];
  /** A word that means different things in two languages, and the language whose meaning wins. */
  readonly keywordPrecedence?: Readonly<Record<string, string>>;
}

/** One meaning of a word: its kind, its language, the word normalised, and where it comes from. */
export interface KeywordEntry {
  readonly kind: KeywordKind;
  readonly language: string;
  readonly keyword: string;
  /** A built-in word of the product (not removable by a flow). */
  readonly builtin: boolean;
}

/** An opt-out word looked for inside longer sentences, as its sequence of words. */
export interface SentenceWord {
  readonly tokens: readonly string[];
  /** Its entries, best language first. */
  readonly entries: readonly KeywordEntry[];
}

/**
 * A flow's words prepared for matching. Build it once per flow with {@link buildKeywordIndex};
 * its fields are internal to the matcher.
 */
export interface KeywordIndex {
  /** Token key (`tokens.join(' ')`) → entries, best kind first, then best language. */
  readonly exact: ReadonlyMap<string, readonly KeywordEntry[]>;
  /** The same entries under their words run together: `opt out` is OPTOUT, `S.T.O.P.` is STOP. */
  readonly compact: ReadonlyMap<string, readonly KeywordEntry[]>;
  /** First token of each in-sentence opt-out word → those words, longest first. */
  readonly sentenceWords: ReadonlyMap<string, readonly SentenceWord[]>;
  /** Long in-sentence opt-out words with their words run together (`opt out` inside a sentence). */
  readonly sentenceCompact: ReadonlyMap<string, readonly KeywordEntry[]>;
  /** One-word opt-out words, for a message that is one of them with a typo ("stpo"). */
  readonly optOutWords: readonly (KeywordEntry & { readonly spelling: Spelling })[];
  /** Words to leave out before phrases and a second exact try ("please", "gracias"). */
  readonly fillers?: RegExp;
  /** Word sequences whose fillers stay ("para já": for now), see `PhraseData.idioms`. */
  readonly idioms?: RegExp;
  /** The openers a message may start with ("actually", "mejor"), see `PhraseData.openers`. */
  readonly openers?: RegExp;
  readonly phrases: readonly PhraseLanguage[];
  /**
   * Each category's label and other names in each language: its normalised words, and its
   * content words (no articles, possessives or "of": "avisos de tus pedidos" is `avisos pedidos`,
   * so "avisos de mis pedidos" names it too); and the MARKETING categories.
   */
  readonly labels: readonly {
    readonly tokens: string;
    readonly content: string;
    readonly category: string;
  }[];
  readonly marketingCategories: readonly string[];
  /**
   * The words of the labels only one category's labels have, not themselves words for messages
   * ("pedidos", "codes", "acceso"): with a word for messages they name it ("notificaciones de
   * pedidos").
   */
  readonly labelWords: ReadonlyMap<string, string>;
  /** The one-word words for messages of the flow's languages ("notifications", "avisos"). */
  readonly messageWords: ReadonlySet<string>;
  /** The one-word words for marketing of the flow's languages ("promo", "ofertas"). */
  readonly marketingWords: ReadonlySet<string>;
}

/**
 * Only keywords this long are looked for with their words run together (`opt out` is OPTOUT),
 * except when spelled out letter by letter: two short words easily make a short keyword by
 * chance (`ba já` is not BAJA).
 */
export const MIN_JOINED_KEYWORD_LENGTH = 6;

/**
 * Words of a normalised text: runs of letters and digits. Both messages and keywords are split
 * the same way, so `opt-out`, `opt out` and `OPT_OUT` are the same two words.
 */
export const tokenize: (normalized: string) => readonly string[] = rememberedByText((normalized) =>
  Object.freeze(normalized.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0)),
);

/**
 * The keyword lists a flow really has in each of its languages: the flow's own words, then the
 * product's built-in opt-out, opt-in and help words of that language (see `builtin/`).
 * @example effectiveKeywords(flow).en.optOut // [the flow's additions…, 'STOP', 'STOPALL', …]
 */
export function effectiveKeywords(
  source: Pick<KeywordSource, 'keywords' | 'languages'>,
): Record<string, KeywordLists> {
  const result: Record<string, KeywordLists> = {};
  const languages = [...new Set([...source.languages, ...Object.keys(source.keywords)])];
  for (const language of languages) {
    const own = source.keywords[language];
    const builtin = builtinLanguage(language);
    // The flow's own words first: a word it repeats keeps the flow's spelling.
    result[language] = {
      optOut: [...(own?.optOut ?? []), ...(builtin?.optOut ?? [])],
      optIn: [...(own?.optIn ?? []), ...(builtin?.optIn ?? [])],
      help: [...(own?.help ?? []), ...(builtin?.help ?? [])],
      yes: [...(own?.yes ?? [])],
      no: [...(own?.no ?? [])],
      ...(own?.optOutPhrases ? { optOutPhrases: own.optOutPhrases } : {}),
      ...(own?.maybeOptOutPhrases ? { maybeOptOutPhrases: own.maybeOptOutPhrases } : {}),
    };
  }
  return result;
}

/**
 * Prepares a flow's words for `matchKeyword`. Keywords that normalise to nothing (only emoji or
 * punctuation) and patterns that do not compile cannot be matched and are left out; the flow
 * check refuses them.
 * @example const index = buildKeywordIndex(flow); // flow: keywords, languages, categories…
 */
export function buildKeywordIndex(source: KeywordSource): KeywordIndex {
  // A flow is checked, then run: both read the same index (flows are never changed in place).
  const built = indexes.get(source);
  if (built) return built;
  const index = indexOf(source);
  indexes.set(source, index);
  return index;
}

const indexes = new WeakMap<KeywordSource, KeywordIndex>();

function indexOf(source: KeywordSource): KeywordIndex {
  const languages = [
    ...source.languages,
    ...Object.keys(source.keywords).filter((l) => !source.languages.includes(l)),
  ];
  const kindRank = (k: KeywordKind): number => KEYWORD_KINDS.indexOf(k);
  const languageRank = (l: string): number => languages.indexOf(l);
  const byRank = (a: KeywordEntry, b: KeywordEntry) =>
    kindRank(a.kind) - kindRank(b.kind) || languageRank(a.language) - languageRank(b.language);

  const byKey = new Map<string, KeywordEntry[]>();
  const add = (key: string, entry: KeywordEntry) => {
    const entries = byKey.get(key) ?? [];
    if (!entries.some((e) => e.kind === entry.kind && e.language === entry.language)) {
      entries.push(entry);
    }
    byKey.set(key, entries);
  };
  const effective = effectiveKeywords({ keywords: source.keywords, languages });
  for (const language of languages) {
    const lists = effective[language];
    const builtin = builtinLanguage(language);
    if (!lists) continue;
    for (const kind of KEYWORD_KINDS) {
      const builtinWords = new Set(
        (kind === 'yes' || kind === 'no' ? [] : (builtin?.[kind] ?? [])).map(normalizeForMatching),
      );
      for (const raw of lists[kind]) {
        const keyword = normalizeForMatching(raw);
        const key = tokenize(keyword).join(' ');
        if (key !== '') add(key, { kind, language, keyword, builtin: builtinWords.has(keyword) });
      }
    }
  }
  applyPrecedence(byKey, source.keywordPrecedence ?? {});

  const compact = new Map<string, KeywordEntry[]>();
  for (const [key, entries] of byKey) {
    entries.sort(byRank);
    const joined = key.replaceAll(' ', '');
    const known = compact.get(joined) ?? [];
    const added = entries.filter(
      (e) => !known.some((k) => k.kind === e.kind && k.language === e.language),
    );
    compact.set(joined, [...known, ...added].sort(byRank));
  }

  const { sentenceWords, sentenceCompact } = indexSentenceWords(byKey, languages);
  const optOutWords = [...byKey.entries()]
    .filter(([key]) => !key.includes(' '))
    .flatMap(([, entries]) => entries.filter((e) => e.kind === 'optOut'))
    .map((e) => ({ ...e, spelling: spelling(e.keyword) }));
  const categories = source.categories ?? [];
  const kinds = [...new Set(categories.flatMap((c) => categoryNames(c).flatMap(labelVariants)))];
  return {
    exact: byKey,
    compact,
    sentenceWords,
    sentenceCompact,
    optOutWords,
    ...fillersOf(languages),
    phrases: languages.flatMap((language) => {
      const phrases = phraseLanguage(language, source.keywords[language], kinds);
      return phrases ? [phrases] : [];
    }),
    labels: categories.flatMap((category) =>
      categoryNames(category).map((label) => ({
        tokens: `${phraseWords(label).join(' ')} `,
        content: `${contentWords(phraseWords(label)).join(' ')} `,
        category: category.id,
      })),
    ),
    marketingCategories: categories
      .filter((c) => c.whatsappCategory === 'MARKETING')
      .map((c) => c.id),
    labelWords: labelWordsOf(categories, languages),
    messageWords: new Set(messageWordsOf(languages).filter((word) => !word.includes(' '))),
    marketingWords: new Set(
      languages
        .flatMap((l) => builtinLanguage(l)?.phrases.groups[MARKETING_GROUP] ?? [])
        .filter((word) => !word.includes(' ')),
    ),
  };
}

/** The shortest label word that names a category with a word for messages (not "de", "my"). */
const MIN_LABEL_WORD = 4;

/** The words for messages of `languages`, built in ("notificaciones", "text messages"). */
function messageWordsOf(languages: readonly string[]): string[] {
  return languages.flatMap((l) => builtinLanguage(l)?.phrases.groups[MESSAGES_GROUP] ?? []);
}

/** See `KeywordIndex.labelWords`. */
function labelWordsOf(
  categories: readonly FlowCategory[],
  languages: readonly string[],
): Map<string, string> {
  const messageWords = new Set(messageWordsOf(languages));
  const owners = new Map<string, Set<string>>();
  for (const category of categories) {
    // Labels only: an other name is read whole ("delivery updates"), never word by word.
    for (const label of Object.values(category.label)) {
      for (const word of contentWords(phraseWords(label))) {
        owners.set(word, new Set([...(owners.get(word) ?? []), category.id]));
      }
    }
  }
  const words = new Map<string, string>();
  for (const [word, ids] of owners) {
    const [only] = ids;
    if (ids.size === 1 && only && word.length >= MIN_LABEL_WORD && !messageWords.has(word)) {
      words.set(word, only);
    }
  }
  return words;
}

/**
 * A word the flow says belongs to one language's meaning keeps only that language's entries,
 * unless another meaning is an opt-out: an opt-out word always stops.
 */
function applyPrecedence(
  byKey: Map<string, KeywordEntry[]>,
  precedence: Readonly<Record<string, string>>,
) {
  for (const [word, language] of Object.entries(precedence)) {
    const key = tokenize(normalizeForMatching(word)).join(' ');
    const entries = byKey.get(key);
    if (!entries || entries.some((e) => e.kind === 'optOut')) continue;
    const winning = entries.filter((e) => e.language === language);
    if (winning.length > 0) byKey.set(key, winning);
  }
}

/**
 * The opt-out words looked for inside sentences: each language's built-in in-sentence words,
 * and the flow's own opt-out words unless the product knows them as whole-message words only
 * (a flow listing CANCEL does not make "cancel my order" a possible stop).
 */
function indexSentenceWords(
  byKey: ReadonlyMap<string, readonly KeywordEntry[]>,
  languages: readonly string[],
) {
  const inSentence = new Set(
    languages.flatMap((l) =>
      (builtinLanguage(l)?.optOutInSentence ?? []).map(normalizeForMatching),
    ),
  );
  const wholeOnly = new Set(
    languages.flatMap((l) => (builtinLanguage(l)?.optOut ?? []).map(normalizeForMatching)),
  );
  const sentenceWords = new Map<string, SentenceWord[]>();
  const sentenceCompact = new Map<string, KeywordEntry[]>();
  for (const [key, entries] of byKey) {
    const optOut = entries.filter(
      (e) => e.kind === 'optOut' && (inSentence.has(e.keyword) || !wholeOnly.has(e.keyword)),
    );
    if (optOut.length === 0) continue;
    const tokens = key.split(' ');
    const first = tokens[0] ?? '';
    const words = sentenceWords.get(first) ?? [];
    words.push({ tokens, entries: optOut });
    // Longest first, so "stop all" is preferred to "stop" at the same position.
    words.sort((a, b) => b.tokens.length - a.tokens.length);
    sentenceWords.set(first, words);
    const joined = tokens.join('');
    if ([...joined].length >= MIN_JOINED_KEYWORD_LENGTH) {
      sentenceCompact.set(joined, [...(sentenceCompact.get(joined) ?? []), ...optOut]);
    }
  }
  return { sentenceWords, sentenceCompact };
}

/**
 * Words that only tie a label's words together (articles, possessives, "of"), in the product's
 * languages: a customer names "avisos de tus pedidos" as "avisos de mis pedidos" or "avisos de
 * pedidos". Normalised, as `phraseWords` gives them.
 */
const LINKING_WORDS = new Set([
  ...['the', 'a', 'an', 'of', 'my', 'your', 'our', 'about', 'for', 'on'],
  ...['de', 'del', 'el', 'la', 'los', 'las', 'mi', 'mis', 'tu', 'tus', 'su', 'sus', 'sobre'],
  ...['do', 'da', 'dos', 'das', 'o', 'os', 'as', 'meu', 'meus', 'minha', 'minhas'],
  ...['seu', 'seus', 'sua', 'suas', 'teu', 'teus', 'tua', 'tuas'],
]);

/** `words` without the linking words ("avisos de tus pedidos" → "avisos pedidos"). */
export function contentWords(words: readonly string[]): string[] {
  return words.filter((word) => !LINKING_WORDS.has(word));
}

/** The customer's own possessive for the business's ("tus" → "mis"), in the product's languages. */
const OWN: Readonly<Record<string, string>> = {
  your: 'my',
  tu: 'mi',
  tus: 'mis',
  su: 'mi',
  sus: 'mis',
  seu: 'meu',
  seus: 'meus',
  sua: 'minha',
  suas: 'minhas',
  teu: 'meu',
  teus: 'meus',
  tua: 'minha',
  tuas: 'minhas',
};

/**
 * A label as the customer may write it: as it is, with their own possessive ("avisos de mis
 * pedidos" for "avisos de tus pedidos") and without one ("avisos de pedidos").
 */
function labelVariants(label: string): string[] {
  const words = phraseWords(label);
  if (!words.some((word) => Object.hasOwn(OWN, word))) return [label];
  return [
    label,
    words.map((word) => (Object.hasOwn(OWN, word) ? OWN[word] : word)).join(' '),
    words.filter((word) => !Object.hasOwn(OWN, word)).join(' '),
  ];
}
