/**
 * The consent buttons say what they do: a customer goes by a button's title, so the yes of the
 * question may not read as a no ("No, thanks" on the yes button records a yes the customer never
 * gave), the no may not read as a yes, the button that stops may not read as keeping them, the
 * one that keeps may not read as a stop, and no two buttons of one message share a title.
 */
import { buildKeywordIndex, builtinLanguage, matchKeyword } from '../keywords/index.js';
import { wordsOf } from './answer-words.js';
import type { Finding } from './check-structure.js';
import type { ConsentTexts, FlowDefinition } from './definition.js';

type ButtonsInput = Pick<FlowDefinition, 'texts' | 'keywords' | 'languages' | 'keywordPrecedence'>;

type ButtonGroup = keyof Pick<
  ConsentTexts,
  'buttons' | 'categoryButtons' | 'stopConfirmButtons' | 'stopSomeButtons'
>;

/** What a button does, and so what its title may not read as. */
type Does = 'yes' | 'no' | 'choose' | 'stop' | 'keep';

/** The buttons of each consent message: where the title is, and what the button does. */
const BUTTONS: readonly {
  readonly group: ButtonGroup;
  readonly key: string;
  readonly does: Does;
}[] = [
  { group: 'buttons', key: 'yes', does: 'yes' },
  { group: 'buttons', key: 'choose', does: 'choose' },
  { group: 'buttons', key: 'no', does: 'no' },
  { group: 'categoryButtons', key: 'yes', does: 'yes' },
  { group: 'categoryButtons', key: 'no', does: 'no' },
  { group: 'stopConfirmButtons', key: 'yes', does: 'stop' },
  { group: 'stopConfirmButtons', key: 'no', does: 'keep' },
  { group: 'stopSomeButtons', key: 'these', does: 'stop' },
  { group: 'stopSomeButtons', key: 'all', does: 'stop' },
  { group: 'stopSomeButtons', key: 'no', does: 'keep' },
];

/** Every consent button whose title reads as the opposite of what it does; titles used twice. */
export function checkButtonTitles(flow: ButtonsInput): Finding[] {
  // (Without the categories: a title is read by the words of consent alone.)
  const index = buildKeywordIndex(keywordSource(flow));
  const findings: Finding[] = [];
  for (const [language, texts] of Object.entries(flow.texts)) {
    const reads = titleReader(flow, index, language);
    const seen = new Map<string, string>();
    for (const { group, key, does } of BUTTONS) {
      const title = (texts[group] as Readonly<Record<string, string>>)[key];
      if (title === undefined) continue;
      const path = ['texts', language, group, key];
      const read = reads(title);
      const opposite = OPPOSITES[does].find((meaning) => read.has(meaning));
      if (opposite) {
        findings.push({
          rule: 'buttonSaysOpposite',
          path,
          params: { title, language, reads: SAID[opposite], does: DOING[does] },
        });
      }
      const twin = seen.get(`${group} ${wordsOf(title)}`);
      if (twin !== undefined) {
        findings.push({ rule: 'buttonTitleTwice', path, params: { title, language, other: twin } });
      } else seen.set(`${group} ${wordsOf(title)}`, key);
    }
  }
  return findings;
}

function keywordSource({ keywords, languages, keywordPrecedence }: ButtonsInput) {
  return { keywords, languages, ...(keywordPrecedence ? { keywordPrecedence } : {}) };
}

/** What a title must not read as, by what its button does. */
const OPPOSITES: Readonly<Record<Does, readonly Meaning[]>> = {
  yes: ['no', 'stop'],
  choose: ['no', 'stop'],
  no: ['yes'],
  stop: ['no', 'keep'],
  keep: ['yes', 'stop'],
};

type Meaning = 'yes' | 'no' | 'stop' | 'keep';

const SAID: Readonly<Record<Meaning, string>> = {
  yes: 'a yes',
  no: 'a no',
  stop: 'a wish to stop',
  keep: 'a wish to keep them',
};

const DOING: Readonly<Record<Does, string>> = {
  yes: 'records a yes',
  choose: 'asks about each kind, to record a yes to some',
  no: 'records a no',
  stop: 'stops messages',
  keep: 'keeps the messages coming',
};

/**
 * What a title of `language` reads as: a yes or a no of the flow's words (whole, or the first
 * word before a comma: "No, gracias"), a wish to keep them (the built-in "keep them", "seguir"),
 * or a wish to stop (a stop word or phrasing).
 */
function titleReader(
  flow: ButtonsInput,
  index: ReturnType<typeof buildKeywordIndex>,
  language: string,
): (title: string) => Set<Meaning> {
  const lists = flow.keywords[language];
  const words = (list: readonly string[] | undefined) => new Set((list ?? []).map(wordsOf));
  const yes = words(lists?.yes);
  const no = words(lists?.no);
  const keep = words(builtinLanguage(language)?.keepGoing);
  const single = (set: ReadonlySet<string>) => new Set([...set].filter((w) => !w.includes(' ')));
  const [yesWord, noWord] = [single(yes), single(no)];
  return (title) => {
    const key = wordsOf(title);
    // The first word, said alone before a comma or the end: "No, thanks", "Sí, parar".
    const opening = /^[^\p{L}\p{N}]*([\p{L}\p{N}]+)\s*(?:[,.!;:]|$)/u.exec(title)?.[1];
    const first = opening === undefined ? undefined : wordsOf(opening);
    const meanings = new Set<Meaning>();
    if (yes.has(key) || (first !== undefined && yesWord.has(first))) meanings.add('yes');
    if (no.has(key) || (first !== undefined && noWord.has(first))) meanings.add('no');
    if (keep.has(key)) meanings.add('keep');
    if (matchKeyword(index, title, language)?.kind === 'optOut') meanings.add('stop');
    return meanings;
  };
}
