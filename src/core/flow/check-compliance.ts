/**
 * THE COMPLIANCE CHECK: what a flow must say and must not do before it is loaded
 * (PRODUCT.md, "Flow definitions" and "The rules the product enforces"). It reads the texts
 * as the customer will read them, after placeholders are filled in.
 */
import type { FlowIssue } from '../../errors.js';
import { normalizeForMatching } from '../keywords/index.js';
import { COMPLIANCE_RULES, WHATSAPP_LIMITS } from './compliance-rules.js';
import {
  checkHasCategories,
  checkLanguages,
  checkService,
  checkUniqueness,
  listChoices,
  type Finding,
} from './check-structure.js';
import type { ConsentTexts, FlowDefinition, KeywordLists } from './definition.js';
import { formatFlowPath, type FlowPath, type LocateInFlow } from './flow-path.js';
import { renderFlowText } from './render-text.js';

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
  const findings = [
    ...checkHasCategories(flow),
    ...checkLanguages(flow),
    ...checkUniqueness(flow),
    ...checkConsentTexts(flow),
    ...checkKeywords(flow),
    ...checkChoiceKeywords(flow),
    ...checkLimits(flow),
    ...checkService(flow),
  ];
  return findings.map(({ rule, path, params = {} }) => {
    const position = locate(path);
    return {
      file,
      ...(position && { line: position.line, column: position.column }),
      path: formatFlowPath(path),
      message: COMPLIANCE_RULES[rule].message(params),
      hint: COMPLIANCE_RULES[rule].hint(params),
    };
  });
}

/** The texts that must state business, WhatsApp, categories and how to stop. */
const EXPLICIT_TEXTS = ['question', 'reask', 'help'] as const;

/** (a) The opt-in question, the re-ask and the help text name everything WhatsApp requires. */
function checkConsentTexts(flow: FlowDefinition): Finding[] {
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
function consentKeywords(flow: FlowDefinition): Map<string, KeywordUse[]> {
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
function checkKeywords(flow: FlowDefinition): Finding[] {
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
function checkChoiceKeywords(flow: FlowDefinition): Finding[] {
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

function emptyWord(flow: FlowDefinition, path: FlowPath): Finding {
  return { rule: 'keywordEmpty', path, params: { word: wordAt(flow, path) } };
}

function wordAt(flow: FlowDefinition, path: FlowPath): string {
  let value: unknown = flow;
  for (const segment of path) value = (value as Record<string | number, unknown>)[segment];
  return String(value);
}

const BUTTON_GROUPS = ['buttons', 'categoryButtons', 'stopConfirmButtons'] as const;
/** Texts sent above reply buttons. */
const BUTTON_BODIES = ['question', 'reask', 'categoryQuestion', 'stopConfirm'] as const;

/** (c) WhatsApp's limits on buttons, list rows and message bodies. */
function checkLimits(flow: FlowDefinition): Finding[] {
  const findings: Finding[] = [];
  const title = (text: string, path: FlowPath, max: number, language: string): void => {
    const length = lengthOf(renderFlowText(flow, language, text));
    if (length > max) {
      const rule = max === WHATSAPP_LIMITS.buttonTitle ? 'buttonTooLong' : 'listRowTooLong';
      findings.push({ rule, path, params: { length } });
    }
  };
  const body = (texts: readonly string[], path: FlowPath, max: number, language: string): void => {
    const length = Math.max(0, ...texts.map((t) => lengthOf(renderFlowText(flow, language, t))));
    if (length > max) {
      const rule = max === WHATSAPP_LIMITS.textBody ? 'textTooLong' : 'bodyWithButtonsTooLong';
      findings.push({ rule, path, params: { length, language } });
    }
  };
  for (const [language, texts] of Object.entries(flow.texts)) {
    for (const group of BUTTON_GROUPS) {
      for (const [key, text] of Object.entries(texts[group])) {
        title(text, ['texts', language, group, key], WHATSAPP_LIMITS.buttonTitle, language);
      }
    }
    for (const key of Object.keys(texts) as (keyof ConsentTexts)[]) {
      const text = texts[key];
      if (typeof text !== 'string') continue;
      const max = (BUTTON_BODIES as readonly string[]).includes(key)
        ? WHATSAPP_LIMITS.bodyWithButtons
        : WHATSAPP_LIMITS.textBody;
      // The category question is sent once per category: check it with every label.
      const variants = flow.categories.map((c) =>
        text.replaceAll('{category}', c.label[language] ?? c.id),
      );
      body(variants.length > 0 ? variants : [text], ['texts', language, key], max, language);
    }
  }
  for (const [state, definition] of Object.entries(flow.service.states)) {
    const choices = definition.choices ?? [];
    const path = ['service', 'states', state];
    if (choices.length > WHATSAPP_LIMITS.listRows) {
      findings.push({
        rule: 'tooManyChoices',
        path: [...path, 'choices'],
        params: { count: choices.length },
      });
    }
    const asButtons = choices.length > 0 && choices.length <= WHATSAPP_LIMITS.buttons;
    if (choices.length > WHATSAPP_LIMITS.buttons && definition.listButton === undefined) {
      findings.push({ rule: 'listButtonMissing', path, params: { count: choices.length } });
    }
    for (const [language, text] of Object.entries(definition.listButton ?? {})) {
      title(text, [...path, 'listButton', language], WHATSAPP_LIMITS.buttonTitle, language);
    }
    const maxTitle = asButtons ? WHATSAPP_LIMITS.buttonTitle : WHATSAPP_LIMITS.listRowTitle;
    choices.forEach((choice, i) => {
      for (const [language, text] of Object.entries(choice.title)) {
        title(text, [...path, 'choices', i, 'title', language], maxTitle, language);
      }
    });
    for (const [language, text] of Object.entries(definition.say)) {
      const max = asButtons ? WHATSAPP_LIMITS.bodyWithButtons : WHATSAPP_LIMITS.textBody;
      body([text], [...path, 'say', language], max, language);
    }
  }
  // Global choices may be shown as buttons beside any state's own: hold them to the button limit.
  (flow.service.global ?? []).forEach((choice, i) => {
    for (const [language, text] of Object.entries(choice.title)) {
      title(
        text,
        ['service', 'global', i, 'title', language],
        WHATSAPP_LIMITS.buttonTitle,
        language,
      );
    }
  });
  return findings;
}

/** Characters as WhatsApp counts them (code points, not UTF-16 units). */
function lengthOf(text: string): number {
  return Array.from(text).length;
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
