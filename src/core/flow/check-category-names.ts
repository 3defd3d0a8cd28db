/**
 * (b) A category's other names ("delivery updates" for order updates): each in a language of the
 * flow, naming one category only, with a word of its own, and without an opt-out, opt-in or help
 * word. A name of general words ("updates", "all messages") or with STOP in it would turn a
 * customer's stop of everything into a stop of one kind.
 */
import {
  builtinLanguage,
  EVERYTHING,
  MARKETING_GROUP,
  effectiveKeywords,
  normalizeForMatching,
  phraseWords,
  tokenize,
} from '../keywords/index.js';
import { contentWords } from '../keywords/keyword-index.js';
import { AROUND_KINDS, NAME_GLUE } from './answer-words.js';
import type { Finding } from './check-structure.js';
import type { FlowDefinition } from './definition.js';

type NamesInput = Pick<FlowDefinition, 'categories' | 'languages' | 'keywords'>;

/** The consent words looked for inside names (yes and no words answer only as a whole message). */
const STOP_START_HELP = ['optOut', 'optIn', 'help'] as const;

/** Every other name of `flow`'s categories, with where it is written. */
function otherNames(flow: Pick<FlowDefinition, 'categories'>) {
  return flow.categories.flatMap((category, i) =>
    Object.entries(category.otherNames ?? {}).flatMap(([language, names]) =>
      names.map((name, j) => ({
        name,
        category: category.id,
        path: ['categories', i, 'otherNames', language, j],
      })),
    ),
  );
}

/** A name's key: its words without articles, possessives or "of" ("avisos de mis pedidos" is `avisos pedidos`). */
const keyOf = (name: string) => contentWords(phraseWords(name)).join(' ');

/** Words for things in general, in the product's languages: "stop sending me stuff". */
const ANYTHING = [
  ...['thing', 'things', 'stuff', 'anything', 'something', 'nothing', 'more', 'else', 'other'],
  // "the rest", "the others": what a wish to stop keeps or stops besides the kinds it names.
  ...['rest', 'others'],
  // "the whole lot", "todo el paquete": everything, in other words (a user trial: "stop the whole
  // lot" offered one kind).
  ...['whole', 'lot', 'lots', 'entire', 'bunch', 'entero', 'entera', 'paquete', 'inteiro'],
  ...['inteira', 'pacote'],
  ...['cosa', 'cosas', 'algo', 'nada', 'mas', 'otra', 'otras', 'otro', 'otros', 'demas'],
  ...['coisa', 'coisas', 'algo', 'nada', 'mais', 'outra', 'outras', 'outro', 'outros', 'resto'],
  // News of anything ("any news on my order?", "novedades del pedido"): a business team's
  // "news" for one kind would turn "stop the news" into a stop of that kind alone.
  ...['news', 'novedades', 'noticias', 'novidades'],
];

/**
 * The words customers use of any message, in `languages`: the words of the product's own ways of
 * stopping, asking for messages and going on (their phrasings included: "quero deixar de
 * receber"), its words for messages, marketing, sending and lists, "all" and "everything",
 * fillers, openers, and the words around a kind's name. A name needs a word beside these to tell
 * its kind apart.
 */
function generalWords(languages: readonly string[]): Set<string> {
  const words = new Set<string>([...EVERYTHING, ...AROUND_KINDS, ...NAME_GLUE, ...ANYTHING]);
  const add = (texts: readonly string[]) => {
    for (const text of texts) {
      // A phrasing's own words: its {groups} are added whole below.
      for (const word of phraseWords(text.replace(/\{[^}]*\}/g, ' '))) words.add(word);
    }
  };
  for (const language of languages) {
    const builtin = builtinLanguage(language);
    if (!builtin) continue;
    const { phrases } = builtin;
    add([...builtin.optOut, ...builtin.optOutInSentence, ...builtin.optIn, ...builtin.help]);
    add([...builtin.goAhead, ...(builtin.everything ?? []), ...(builtin.keepGoing ?? [])]);
    add([...phrases.optOut, ...phrases.confirm, ...(phrases.maybeOptOut ?? [])]);
    add([...(phrases.optIn ?? []), ...(phrases.keepOn ?? []), ...(phrases.wishAboutKinds ?? [])]);
    add([...phrases.fillers, ...(phrases.idioms ?? []), ...(phrases.openers ?? [])]);
    for (const group of Object.values(phrases.groups)) add(group);
    for (const [word, spellings] of Object.entries(phrases.shorthands ?? {})) {
      add([word, ...spellings]);
    }
  }
  return words;
}

/**
 * The product's words for marketing messages in `languages` ("promos", "cupones", "discount
 * codes"), and the first of them in `words`, as whole words.
 */
function marketingWords(
  languages: readonly string[],
): (words: readonly string[]) => string | undefined {
  const phrases = languages.flatMap((language) =>
    (builtinLanguage(language)?.phrases.groups[MARKETING_GROUP] ?? []).map((phrase) =>
      phraseWords(phrase).join(' '),
    ),
  );
  return (words) => {
    const said = ` ${words.join(' ')} `;
    return phrases.find((phrase) => phrase !== '' && said.includes(` ${phrase} `));
  };
}

/** (b) See the module's comment. */
export function checkCategoryNames(flow: NamesInput): Finding[] {
  const findings: Finding[] = [];
  const names = otherNames(flow);
  const general = generalWords(flow.languages);
  const marketing = marketingWords(flow.languages);
  const marketingIds = flow.categories
    .filter((c) => c.whatsappCategory === 'MARKETING')
    .map((c) => c.id);
  // A kind named as marketing is stopped as marketing ("stop the offers"): it must be one.
  flow.categories.forEach((category, i) => {
    if (category.whatsappCategory === 'MARKETING') return;
    for (const [language, label] of Object.entries(category.label)) {
      const word = marketing(phraseWords(label));
      if (word === undefined) continue;
      findings.push({
        rule: 'categoryLabelMarketing',
        path: ['categories', i, 'label', language],
        params: { label, word, whatsappCategory: category.whatsappCategory },
      });
    }
  });
  const owners = new Map<string, string>();
  for (const category of flow.categories) {
    for (const label of Object.values(category.label)) owners.set(keyOf(label), category.id);
  }
  const keywords = [...Object.entries(effectiveKeywords(flow))].flatMap(([language, lists]) =>
    STOP_START_HELP.flatMap((kind) =>
      lists[kind].map((word) => ({
        word,
        kind,
        language,
        key: tokenize(normalizeForMatching(word)).join(' '),
      })),
    ),
  );
  flow.categories.forEach((category, i) => {
    for (const language of Object.keys(category.otherNames ?? {})) {
      if (flow.languages.includes(language)) continue;
      const path = ['categories', i, 'otherNames', language];
      findings.push({ rule: 'languageNotListed', path, params: { language } });
    }
  });
  for (const { name, category, path } of names) {
    const key = keyOf(name);
    const words = phraseWords(name);
    if (words.length === 0) {
      findings.push({ rule: 'keywordEmpty', path, params: { word: name } });
      continue;
    }
    const keyword = keywords.find(
      (k) => k.key !== '' && ` ${words.join(' ')} `.includes(` ${k.key} `),
    );
    const owner = owners.get(key);
    if (keyword) {
      findings.push({
        rule: 'categoryNameHasKeyword',
        path,
        params: { name, word: keyword.word, kind: keyword.kind, language: keyword.language },
      });
    } else if (owner !== undefined && owner !== category) {
      findings.push({ rule: 'categoryNameTwice', path, params: { name, other: owner } });
    } else if (words.every((word) => general.has(word))) {
      const word = marketing(words);
      // A word for marketing names the one MARKETING category already ("coupons" for the
      // offers): harmless. Of several, it names them all, so it tells none apart.
      if (word !== undefined && marketingIds.length === 1 && marketingIds[0] === category) {
        owners.set(key, category);
      } else {
        findings.push(
          word === undefined
            ? { rule: 'categoryNameGeneral', path, params: { name } }
            : { rule: 'categoryNameMarketing', path, params: { name, word } },
        );
      }
    } else owners.set(key, category);
  }
  return findings;
}
