/**
 * (b) The words of a flow: each does one thing in every language (the product's built-in words
 * included), a flow in a language without built-in words declares its own opt-out words, the
 * phrasing patterns compile, and no service choice can only be typed as a wish to stop.
 */
import type { KeywordKind } from '../keywords/index.js';
import {
  buildKeywordIndex,
  builtinLanguage,
  compilePattern,
  effectiveKeywords,
  KEYWORD_KINDS,
  matchKeyword,
  normalizeForMatching,
  tokenize,
} from '../keywords/index.js';
import type { Finding } from './check-structure.js';
import { listChoices } from './check-structure.js';
import type { FlowDefinition } from './definition.js';
import type { FlowPath } from './flow-path.js';

type KeywordsInput = Pick<FlowDefinition, 'keywords' | 'languages' | 'keywordPrecedence'>;

interface Meaning {
  readonly kind: KeywordKind;
  readonly language: string;
  /** Where the flow writes it; absent for a built-in word the flow does not repeat. */
  readonly path?: FlowPath;
}

/** A word's key: its words, normalised ("Opt-Out" and "opt out" are one). */
const keyOf = (word: string) => tokenize(normalizeForMatching(word)).join(' ');

/** Every meaning of every word of the flow's languages, built-in ones first. */
function meanings(flow: Pick<FlowDefinition, 'keywords' | 'languages'>): Map<string, Meaning[]> {
  const byWord = new Map<string, Meaning[]>();
  const add = (word: string, meaning: Meaning) => {
    const key = keyOf(word);
    byWord.set(key, [...(byWord.get(key) ?? []), meaning]);
  };
  const languages = [...new Set([...flow.languages, ...Object.keys(flow.keywords)])];
  for (const language of languages) {
    const builtin = builtinLanguage(language);
    for (const kind of ['optOut', 'optIn', 'help'] as const) {
      for (const word of builtin?.[kind] ?? []) add(word, { kind, language });
    }
    const own = flow.keywords[language];
    if (!own) continue;
    for (const kind of KEYWORD_KINDS) {
      own[kind].forEach((word, i) =>
        add(word, { kind, language, path: ['keywords', language, kind, i] }),
      );
    }
  }
  return byWord;
}

/** (b) A word does one thing: never both opt-in and opt-out, say, in one language or across two. */
export function checkKeywords(flow: KeywordsInput): Finding[] {
  const findings: Finding[] = [];
  const precedence = new Map(
    Object.entries(flow.keywordPrecedence ?? {}).map(([word, language]) => [keyOf(word), language]),
  );
  for (const [key, uses] of meanings(flow)) {
    if (key === '') {
      for (const use of uses) if (use.path) findings.push(emptyWord(flow, use.path));
      continue;
    }
    uses.forEach((use, i) => {
      if (!use.path) return;
      const other = uses.slice(0, i).find((earlier) => earlier.kind !== use.kind);
      if (!other) return;
      // Across two languages, the flow may say whose meaning wins, unless that drops an opt-out.
      const winner = precedence.get(key);
      const acrossLanguages = other.language !== use.language;
      const optOutLoses =
        winner !== undefined &&
        [use, other].some((m) => m.kind === 'optOut' && m.language !== winner);
      if (acrossLanguages && winner !== undefined && !optOutLoses) return;
      const told = (here: Meaning & { path: FlowPath }, there: Meaning) => ({
        word: wordAt(flow, here.path),
        kind: here.kind,
        language: here.language,
        otherKind: there.kind,
        otherLanguage: there.language,
        builtin: there.path ? '' : ', built in',
        across: acrossLanguages ? 'yes' : '',
      });
      findings.push({
        rule: optOutLoses ? 'precedenceDropsOptOut' : 'keywordCollision',
        path: use.path,
        params: told({ ...use, path: use.path }, other),
        // Both written in the file: told at the later one, wherever the lists are.
        ...(other.path && {
          twin: { path: other.path, params: told({ ...other, path: other.path }, use) },
        }),
      });
    });
  }
  for (const [word, language] of Object.entries(flow.keywordPrecedence ?? {})) {
    if (!flow.languages.includes(language)) {
      findings.push({
        rule: 'languageNotListed',
        path: ['keywordPrecedence', word],
        params: { language },
      });
    }
  }
  return findings;
}

/**
 * (b) A flow in a language the product has no built-in words for names its own opt-out words;
 * its phrasing patterns compile.
 */
export function checkOwnWords(flow: Pick<FlowDefinition, 'keywords' | 'languages'>): Finding[] {
  const findings: Finding[] = [];
  for (const [language, lists] of Object.entries(flow.keywords)) {
    const builtin = builtinLanguage(language);
    if (!builtin && lists.optOut.length === 0) {
      findings.push({
        rule: 'noStopWords',
        path: ['keywords', language, 'optOut'],
        params: { language },
      });
    }
    for (const field of ['optOutPhrases', 'maybeOptOutPhrases'] as const) {
      (lists[field] ?? []).forEach((pattern, i) => {
        const compiled = compilePattern(pattern, builtin?.phrases.groups ?? {});
        if ('error' in compiled) {
          findings.push({
            rule: 'phraseInvalid',
            path: ['keywords', language, field, i],
            params: { pattern, error: compiled.error },
          });
        }
      });
    }
  }
  return findings;
}

/**
 * (b) No word of the flow's `optIn`, `help`, `yes` or `no` lists says stop ("STOP SENDING" as an
 * opt-in word, "STOP IT" as a help word): listed, it would be read as that instead of the stop
 * it says. A no may say stop in passing ("NO, STOP"): it records no consent.
 */
export function checkWordsThatStop(
  flow: Pick<FlowDefinition, 'keywords' | 'languages'>,
): Finding[] {
  const findings: Finding[] = [];
  // The built-in stop words and phrasings, and the flow's phrasings. (A word of the flow's own
  // optOut list in another is a word in two lists, which `checkKeywords` tells.)
  const keywords = Object.fromEntries(
    Object.entries(flow.keywords).map(([language, lists]) => [
      language,
      { ...lists, optOut: [], optIn: [], help: [], yes: [], no: [] },
    ]),
  );
  const index = buildKeywordIndex({ keywords, languages: flow.languages });
  for (const [language, lists] of Object.entries(flow.keywords)) {
    for (const kind of ['optIn', 'help', 'yes', 'no'] as const) {
      lists[kind].forEach((word, i) => {
        const match = matchKeyword(index, word, language);
        // (An opt-out word itself is a word in two lists: `checkKeywords` tells it.)
        if (match?.kind !== 'optOut' || match.type === 'exact') return;
        if (kind === 'no' && match.type === 'contains') return;
        findings.push({
          rule: 'keywordSaysStop',
          path: ['keywords', language, kind, i],
          params: {
            word,
            kind,
            language,
            how: match.type === 'contains' ? 'may be a wish to stop' : 'is a wish to stop',
          },
        });
      });
    }
  }
  return findings;
}

type ChoicesInput = Pick<
  FlowDefinition,
  'keywords' | 'languages' | 'keywordPrecedence' | 'service'
>;

/**
 * (b) A service choice word is no consent word, picks one choice per state, and neither it nor
 * the choice's title reads as a wish to stop: typed, it would stop (or ask whether to stop)
 * instead of picking the choice, so it could never be typed.
 */
export function checkChoiceKeywords(flow: ChoicesInput): Finding[] {
  const consent = meanings(flow);
  const index = buildKeywordIndex(flow);
  const findings: Finding[] = [];
  const choices = listChoices(flow);
  const globals = choices.filter((placed) => placed.state === undefined);
  const reported = new Set<string>();
  const wouldStop = (word: string, path: FlowPath, language: string) => {
    const match = matchKeyword(index, word, language);
    if (match?.kind !== 'optOut') return;
    findings.push({
      rule: 'choiceWouldStop',
      path,
      params: {
        word,
        how:
          match.type === 'exact' || match.type === 'phrase'
            ? 'opts the customer out'
            : 'asks whether the customer wants to stop',
      },
    });
  };
  for (const { choice, path } of choices) {
    for (const [language, list] of Object.entries(choice.keywords ?? {})) {
      list.forEach((word, i) => {
        const wordPath = [...path, 'keywords', language, i];
        const use = consent.get(keyOf(word))?.[0];
        if (keyOf(word) === '') findings.push(emptyWord(flow, wordPath));
        else if (use) {
          findings.push({
            rule: 'choiceKeywordIsConsentKeyword',
            path: wordPath,
            params: { word, kind: use.kind, language: use.language },
          });
        } else wouldStop(word, wordPath, language);
      });
    }
    for (const [language, title] of Object.entries(choice.title)) {
      const titlePath = [...path, 'title', language];
      const use = consent.get(keyOf(title))?.find((m) => m.kind === 'optOut' || m.kind === 'optIn');
      // A tap picks the choice: titled "Stop", it would keep the messages of a customer who
      // tapped to stop them.
      if (use) {
        findings.push({
          rule: 'choiceTitleIsConsentWord',
          path: titlePath,
          params: { word: title, kind: use.kind, language: use.language },
        });
      } else if (!consent.get(keyOf(title))) wouldStop(title, titlePath, language);
    }
  }
  for (const state of Object.keys(flow.service.states)) {
    const offered = [...choices.filter((placed) => placed.state === state), ...globals];
    const owner = new Map<string, { id: string; path: FlowPath; word: string }>();
    for (const { choice, path } of offered) {
      for (const [language, list] of Object.entries(choice.keywords ?? {})) {
        list.forEach((word, i) => {
          const normal = normalizeForMatching(word);
          const first = owner.get(normal);
          const wordPath = [...path, 'keywords', language, i];
          const key = wordPath.join('.');
          if (normal === '' || first === undefined || first.id === choice.id) {
            owner.set(normal, first ?? { id: choice.id, path: wordPath, word });
          } else if (!reported.has(key)) {
            reported.add(key);
            findings.push({
              rule: 'choiceKeywordTwice',
              path: wordPath,
              params: { word, state, choices: `"${first.id}" and "${choice.id}"` },
              // A global choice's word is above the states in the file: told at the later one.
              twin: {
                path: first.path,
                params: { word: first.word, state, choices: `"${choice.id}" and "${first.id}"` },
              },
            });
          }
        });
      }
    }
  }
  return findings;
}

/** The words a customer of `language` can send that the bot understands (for instructions). */
export function understoodWords(
  flow: Pick<FlowDefinition, 'keywords' | 'languages' | 'service'>,
  language: string,
): { understood: Set<string>; optOut: Set<string> } {
  const lists = effectiveKeywords(flow)[language];
  const understood = new Set<string>();
  const optOut = new Set<string>();
  for (const kind of KEYWORD_KINDS) {
    for (const word of lists?.[kind] ?? []) {
      understood.add(keyOf(word));
      if (kind === 'optOut') optOut.add(keyOf(word));
    }
  }
  for (const { choice } of listChoices(flow)) {
    for (const word of choice.keywords?.[language] ?? []) understood.add(keyOf(word));
    const title = choice.title[language];
    if (title !== undefined) understood.add(keyOf(title));
  }
  return { understood, optOut };
}

function emptyWord(flow: Partial<FlowDefinition>, path: FlowPath): Finding {
  return { rule: 'keywordEmpty', path, params: { word: wordAt(flow, path) } };
}

function wordAt(flow: Partial<FlowDefinition>, path: FlowPath): string {
  let value: unknown = flow;
  for (const segment of path) value = (value as Record<string | number, unknown>)[segment];
  return String(value);
}
