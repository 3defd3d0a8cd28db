/**
 * THE COMPLIANCE CHECK: what a flow must say and must not do before it is loaded
 * (PRODUCT.md, "Flow definitions" and "The rules the product enforces"). It reads the texts
 * as the customer will read them, after placeholders are filled in.
 */
import type { FlowIssue } from '../../errors.js';
import { normalizeForMatching } from '../keywords/index.js';
import { COMPLIANCE_RULES } from './compliance-rules.js';
import {
  checkCategoryIds,
  checkCategoryLanguages,
  checkChoiceIds,
  checkHasCategories,
  checkLanguageList,
  checkPhoneNumberIds,
  checkService,
  checkServiceLanguages,
  checkTextsLanguages,
  listChoices,
  type Finding,
} from './check-structure.js';
import { checkServiceLimits, checkTextLimits } from './check-limits.js';
import type { FlowDefinition, KeywordLists } from './definition.js';
import { formatFlowPath, type FlowPath, type LocateInFlow } from './flow-path.js';
import { renderFlowText } from './render-text.js';

/** A top-level field of a flow file: `texts`, `service`, `categories`… */
export type FlowSection = keyof FlowDefinition;

/**
 * One check and the sections it reads. Its type only lets it read those, so a check run on a
 * file whose other sections are broken never sees them.
 */
interface Check {
  /** What is checked, as the "What the check refuses" part of flows/README.md names it. */
  readonly what: string;
  readonly reads: readonly FlowSection[];
  readonly run: (flow: FlowDefinition) => Finding[];
}

/** `run` may read only the sections listed in `reads` (NoInfer: `reads` alone decides them). */
function check<S extends FlowSection>(
  what: string,
  reads: readonly S[],
  run: (flow: Pick<FlowDefinition, NoInfer<S>>) => Finding[],
): Check {
  return { what, reads, run };
}

/** The names of the checks, as the headings of "What the check refuses" in flows/README.md. */
const WHAT = {
  categories: 'at least one category',
  languages: 'languages',
  names: 'names used once',
  question: 'the opt-in question, the re-ask and the help text',
  keywords: 'keywords',
  limits: "WhatsApp's limits",
  service: 'the service conversation',
} as const;

/** Every check, in the order its problems are listed. */
const CHECKS: readonly Check[] = [
  check(WHAT.categories, ['categories'], checkHasCategories),
  check(WHAT.languages, ['languages', 'defaultLanguage'], checkLanguageList),
  check(WHAT.languages, ['languages', 'texts', 'keywords'], checkTextsLanguages),
  check(WHAT.languages, ['languages', 'categories'], checkCategoryLanguages),
  check(WHAT.languages, ['languages', 'service'], checkServiceLanguages),
  check(WHAT.names, ['categories'], checkCategoryIds),
  check(WHAT.names, ['phoneNumberIds'], checkPhoneNumberIds),
  check(WHAT.names, ['service'], checkChoiceIds),
  check(WHAT.question, ['texts', 'keywords', 'business', 'categories'], checkConsentTexts),
  check(WHAT.keywords, ['keywords'], checkKeywords),
  check(WHAT.keywords, ['keywords', 'service'], checkChoiceKeywords),
  check(WHAT.limits, ['texts', 'business', 'categories'], checkTextLimits),
  check(WHAT.limits, ['service', 'business', 'categories'], checkServiceLimits),
  check(WHAT.service, ['service'], checkService),
];

/**
 * Checks a schema-valid flow against the consent and WhatsApp rules and returns every problem,
 * each with its path and, through `locate`, its line and column in `file`.
 * @example
 * const issues = checkCompliance(flow, () => undefined, 'flows/default.yaml');
 * if (issues.length > 0) throw new FlowDefinitionError(issues);
 */
export function checkCompliance(
  flow: FlowDefinition,
  locate: LocateInFlow,
  file: string,
): FlowIssue[] {
  return checkSections(flow, () => true, locate, file).issues;
}

/**
 * The checks of a file whose schema failed: each check runs when every section it reads is
 * valid, so one wrong type does not hide the other problems. `pending` names the checks that
 * wait for the broken sections (once each), to tell the editor more checks follow.
 * @example
 * const { issues, pending } = checkSections(sections, (s) => valid.has(s), locate, file);
 */
export function checkSections(
  sections: Partial<FlowDefinition>,
  isValid: (section: FlowSection) => boolean,
  locate: LocateInFlow,
  file: string,
): { issues: FlowIssue[]; pending: string[] } {
  const findings: Finding[] = [];
  const pending = new Set<string>();
  for (const { what, reads, run } of CHECKS) {
    // Safe: `run` reads only `reads` (see Check), and every one of them is valid.
    if (reads.every(isValid)) findings.push(...run(sections as FlowDefinition));
    else pending.add(what);
  }
  const issues = findings.map(({ rule, path, params = {} }) => {
    const position = locate(path);
    return {
      file,
      ...(position && { line: position.line, column: position.column }),
      path: formatFlowPath(path),
      message: COMPLIANCE_RULES[rule].message(params),
      hint: COMPLIANCE_RULES[rule].hint(params),
    };
  });
  return { issues, pending: [...pending] };
}

/** The texts that must state business, WhatsApp, categories and how to stop. */
const EXPLICIT_TEXTS = ['question', 'reask', 'help'] as const;

/** (a) The opt-in question, the re-ask and the help text name everything WhatsApp requires. */
function checkConsentTexts(
  flow: Pick<FlowDefinition, 'texts' | 'keywords' | 'business' | 'categories'>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [language, texts] of Object.entries(flow.texts)) {
    const stopWords = flow.keywords[language]?.optOut ?? [];
    for (const key of EXPLICIT_TEXTS) {
      const path = ['texts', language, key];
      const said = words(renderFlowText(flow, language, texts[key]));
      if (!mentions(said, flow.business.name)) {
        findings.push({
          rule: 'textMissingBusiness',
          path,
          params: { business: flow.business.name, language },
        });
      }
      if (!mentions(said, 'WhatsApp')) {
        findings.push({ rule: 'textMissingWhatsApp', path, params: { language } });
      }
      for (const category of flow.categories) {
        const label = category.label[language];
        if (label !== undefined && !mentions(said, label)) {
          findings.push({ rule: 'textMissingCategory', path, params: { label, language } });
        }
      }
      if (stopWords.length > 0 && !stopWords.some((word) => mentions(said, word))) {
        findings.push({
          rule: 'textMissingStop',
          path,
          params: { language, example: stopWords[0] ?? 'STOP' },
        });
      }
    }
  }
  return findings;
}

const KEYWORD_KINDS = [
  'optOut',
  'optIn',
  'help',
  'yes',
  'no',
] as const satisfies readonly (keyof KeywordLists)[];

interface KeywordUse {
  readonly kind: string;
  readonly language: string;
  readonly path: FlowPath;
}

/** Every consent keyword by its normalised form. */
function consentKeywords(flow: Pick<FlowDefinition, 'keywords'>): Map<string, KeywordUse[]> {
  const byWord = new Map<string, KeywordUse[]>();
  for (const [language, lists] of Object.entries(flow.keywords)) {
    for (const kind of KEYWORD_KINDS) {
      lists[kind].forEach((word, i) => {
        const normal = normalizeForMatching(word);
        const uses = byWord.get(normal) ?? [];
        byWord.set(normal, [...uses, { kind, language, path: ['keywords', language, kind, i] }]);
      });
    }
  }
  return byWord;
}

/** (b) A word does one thing in every language: never both opt-in and opt-out, say. */
function checkKeywords(flow: Pick<FlowDefinition, 'keywords'>): Finding[] {
  const findings: Finding[] = [];
  for (const [normal, uses] of consentKeywords(flow)) {
    if (normal === '') {
      for (const use of uses) findings.push(emptyWord(flow, use.path));
      continue;
    }
    uses.forEach((use, i) => {
      const other = uses.slice(0, i).find((earlier) => earlier.kind !== use.kind);
      if (other) {
        findings.push({
          rule: 'keywordCollision',
          path: use.path,
          params: {
            word: wordAt(flow, use.path),
            kind: use.kind,
            language: use.language,
            otherKind: other.kind,
            otherLanguage: other.language,
          },
        });
      }
    });
  }
  return findings;
}

/** (b) A service choice word is no consent word, and picks one choice per state. */
function checkChoiceKeywords(flow: Pick<FlowDefinition, 'keywords' | 'service'>): Finding[] {
  const consent = consentKeywords(flow);
  const findings: Finding[] = [];
  const choices = listChoices(flow);
  const globals = choices.filter((placed) => placed.state === undefined);
  const reported = new Set<string>();
  for (const { choice, path } of choices) {
    for (const [language, list] of Object.entries(choice.keywords ?? {})) {
      list.forEach((word, i) => {
        const wordPath = [...path, 'keywords', language, i];
        const normal = normalizeForMatching(word);
        const use = consent.get(normal)?.[0];
        if (normal === '') findings.push(emptyWord(flow, wordPath));
        else if (use) {
          findings.push({
            rule: 'choiceKeywordIsConsentKeyword',
            path: wordPath,
            params: { word, kind: use.kind, language: use.language },
          });
        }
      });
    }
  }
  for (const state of Object.keys(flow.service.states)) {
    const offered = [...choices.filter((placed) => placed.state === state), ...globals];
    const owner = new Map<string, string>();
    for (const { choice, path } of offered) {
      for (const [language, list] of Object.entries(choice.keywords ?? {})) {
        list.forEach((word, i) => {
          const normal = normalizeForMatching(word);
          const first = owner.get(normal);
          const key = formatFlowPath([...path, 'keywords', language, i]);
          if (normal === '' || first === undefined || first === choice.id) {
            owner.set(normal, first ?? choice.id);
          } else if (!reported.has(key)) {
            reported.add(key);
            findings.push({
              rule: 'choiceKeywordTwice',
              path: [...path, 'keywords', language, i],
              params: { word, state, choices: `"${first}" and "${choice.id}"` },
            });
          }
        });
      }
    }
  }
  return findings;
}

function emptyWord(flow: Partial<FlowDefinition>, path: FlowPath): Finding {
  return { rule: 'keywordEmpty', path, params: { word: wordAt(flow, path) } };
}

function wordAt(flow: Partial<FlowDefinition>, path: FlowPath): string {
  let value: unknown = flow;
  for (const segment of path) value = (value as Record<string | number, unknown>)[segment];
  return String(value);
}

/** The words of a text, each normalised as keywords are (case, accents, width folded). */
function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .map(normalizeForMatching)
    .filter((word) => word !== '');
}

/** Whether the words contain the phrase as whole consecutive words ("Reply STOP" has "stop"). */
function mentions(said: readonly string[], phrase: string): boolean {
  const wanted = words(phrase);
  if (wanted.length === 0) return false;
  for (let i = 0; i + wanted.length <= said.length; i += 1) {
    if (wanted.every((word, j) => said[i + j] === word)) return true;
  }
  return false;
}
