/**
 * THE COMPLIANCE CHECK: what a flow must say and must not do before it is loaded
 * (PRODUCT.md, "Flow definitions" and "The rules the product enforces"). It reads the texts
 * as the customer will read them, after placeholders are filled in.
 */
import type { FlowIssue } from '../../errors.js';
import { builtinLanguage, effectiveKeywords, normalizeForMatching } from '../keywords/index.js';
import {
  checkChoiceKeywords,
  checkKeywords,
  checkOwnWords,
  checkWordsThatStop,
  understoodWords,
} from './check-keywords.js';
import { checkButtonTitles } from './check-buttons.js';
import { checkCategoryNames } from './check-category-names.js';
import { checkPlaceholders } from './check-placeholders.js';
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
  type Finding,
} from './check-structure.js';
import { checkServiceLimits, checkTextLimits } from './check-limits.js';
import {
  checkChoiceTargets,
  checkConversationLanguages,
  checkConversationLimits,
  checkSmallTalkWords,
} from './check-conversation.js';
import {
  checkNewCategoryQuestion,
  checkQuestionVariants,
  consentAskingTexts,
} from './check-variants.js';
import type { FlowDefinition } from './definition.js';
import { formatFlowPath, type FlowPath, type LocateInFlow } from './flow-path.js';
import { renderFlowText } from './render-text.js';
import { replyInstructions } from './reply-instructions.js';

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
  experiments: 'question experiments and the new-category question',
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
  check(WHAT.names, ['service'], checkChoiceTargets),
  check(
    WHAT.languages,
    ['languages', 'smallTalk', 'handover', 'languageByCountry'],
    checkConversationLanguages,
  ),
  check(
    WHAT.question,
    ['texts', 'keywords', 'business', 'categories', 'languages', 'service'],
    checkConsentTexts,
  ),
  check(
    WHAT.question,
    [
      'texts',
      'keywords',
      'business',
      'categories',
      'languages',
      'service',
      'smallTalk',
      'handover',
    ],
    checkReplyWords,
  ),
  check(WHAT.question, ['texts', 'service', 'smallTalk', 'handover'], checkPlaceholders),
  check(WHAT.question, ['texts', 'keywords', 'languages', 'keywordPrecedence'], checkButtonTitles),
  check(WHAT.keywords, ['keywords', 'languages', 'keywordPrecedence'], checkKeywords),
  check(WHAT.keywords, ['keywords', 'languages'], checkOwnWords),
  check(WHAT.keywords, ['keywords', 'languages'], checkWordsThatStop),
  check(WHAT.keywords, ['categories', 'languages', 'keywords'], checkCategoryNames),
  check(WHAT.keywords, ['keywords', 'languages', 'smallTalk'], checkSmallTalkWords),
  check(
    WHAT.keywords,
    ['keywords', 'languages', 'keywordPrecedence', 'service'],
    checkChoiceKeywords,
  ),
  check(WHAT.limits, ['texts', 'business', 'categories'], checkTextLimits),
  check(WHAT.limits, ['service', 'business', 'categories'], checkServiceLimits),
  check(WHAT.limits, ['business', 'categories', 'smallTalk', 'handover'], checkConversationLimits),
  check(WHAT.service, ['service'], checkService),
  check(WHAT.experiments, ['texts'], checkQuestionVariants),
  check(WHAT.experiments, ['texts', 'languages'], checkNewCategoryQuestion),
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
  const issues = findings.map((finding): FlowIssue => {
    const { rule, path, params = {} } = laterOfTwins(finding, locate);
    const position = locate(path);
    const { severity } = COMPLIANCE_RULES[rule] as { severity?: 'warning' };
    return {
      file,
      ...(position && { line: position.line, column: position.column }),
      path: formatFlowPath(path),
      message: COMPLIANCE_RULES[rule].message(params),
      hint: COMPLIANCE_RULES[rule].hint(params),
      ...(severity && { severity }),
    };
  });
  return { issues, pending: [...pending] };
}

/**
 * A problem with two places (a word in two lists): told at the later one in the file, the one
 * most likely just added, whatever order the check met them in.
 */
function laterOfTwins(finding: Finding, locate: LocateInFlow): Finding {
  if (!finding.twin) return finding;
  const here = locate(finding.path);
  const there = locate(finding.twin.path);
  if (!here || !there) return finding;
  const thereIsLater =
    there.line > here.line || (there.line === here.line && there.column > here.column);
  return thereIsLater ? { ...finding, ...finding.twin } : finding;
}

/**
 * (a) The opt-in question, the re-ask and the help text name everything WhatsApp requires. "How
 * to stop" means the text tells the customer to send one of the language's opt-out words (built
 * in or the flow's): "Reply STOP at any time", not merely that the letters "stop" appear.
 */
function checkConsentTexts(
  flow: Pick<
    FlowDefinition,
    'texts' | 'keywords' | 'business' | 'categories' | 'languages' | 'service'
  >,
): Finding[] {
  const findings: Finding[] = [];
  for (const [language, texts] of Object.entries(flow.texts)) {
    const { optOut } = understoodWords(flow, language);
    const example = effectiveKeywords(flow)[language]?.optOut[0] ?? 'STOP';
    for (const { path, template } of consentAskingTexts(language, texts)) {
      const rendered = renderFlowText(flow, language, template);
      const said = words(rendered);
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
      if (path.at(-1) !== 'help' && !QUESTION_MARK.test(rendered)) {
        findings.push({ rule: 'textNotAsking', path, params: { language } });
      }
      for (const category of flow.categories) {
        const label = category.label[language];
        if (label !== undefined && !mentions(said, label)) {
          findings.push({ rule: 'textMissingCategory', path, params: { label, language } });
        }
      }
      if (!saysHowToStop(flow, language, rendered, optOut)) {
        findings.push({ rule: 'textMissingStop', path, params: { language, example } });
      }
    }
    if (!QUESTION_MARK.test(texts.categoryQuestion)) {
      findings.push({
        rule: 'textNotAsking',
        path: ['texts', language, 'categoryQuestion'],
        params: { language },
      });
    }
    // "Stop just those?" and its confirmation must say which kinds of message they are about.
    for (const key of ['stopSomeConfirm', 'optedOutSome'] as const) {
      if (!texts[key].includes('{categories}')) {
        findings.push({
          rule: 'textMissingPlaceholder',
          path: ['texts', language, key],
          params: { placeholder: '{categories}', language },
        });
      }
    }
  }
  return findings;
}

/** A question mark, as languages write it ("?", the full-width "？", Arabic "؟"). */
const QUESTION_MARK = /[?？؟]/u;

/** A reply instruction naming an opt-out word; for a language without reply verbs, any STOP-like word written as a keyword. */
function saysHowToStop(
  flow: Pick<FlowDefinition, 'business'>,
  language: string,
  rendered: string,
  optOut: ReadonlySet<string>,
): boolean {
  const instructions = replyInstructions(
    rendered,
    language,
    (w) => optOut.has(w),
    ignoredWords(flow),
  );
  if (instructions.some((i) => optOut.has(i.words))) return true;
  if (builtinLanguage(language)) return false;
  // No reply verbs known for this language: an opt-out word written as a keyword will do.
  return words(rendered).some((w) => optOut.has(w)) && /\p{Lu}{2,}|["“«]/u.test(rendered);
}

/**
 * (a) Every word a text tells the customer to send ("Type MENU", "Reply STOP") is one the bot
 * understands in that language, and a word given for stopping ("… to stop") is an opt-out word.
 */
function checkReplyWords(
  flow: Pick<
    FlowDefinition,
    | 'texts'
    | 'keywords'
    | 'business'
    | 'categories'
    | 'languages'
    | 'service'
    | 'smallTalk'
    | 'handover'
  >,
): Finding[] {
  const findings: Finding[] = [];
  const texts: { path: FlowPath; language: string; text: string }[] = [];
  for (const [language, consent] of Object.entries(flow.texts)) {
    for (const [key, text] of Object.entries(consent)) {
      if (typeof text === 'string') texts.push({ path: ['texts', language, key], language, text });
    }
    (consent.questionVariants ?? []).forEach((variant, i) => {
      for (const key of ['question', 'reask'] as const) {
        const text = variant[key];
        const path = ['texts', language, 'questionVariants', i, key];
        if (text !== undefined) texts.push({ path, language, text });
      }
    });
  }
  for (const [state, definition] of Object.entries(flow.service.states)) {
    for (const [language, text] of Object.entries(definition.say)) {
      texts.push({ path: ['service', 'states', state, 'say', language], language, text });
    }
  }
  for (const [language, talk] of Object.entries(flow.smallTalk ?? {})) {
    for (const key of [
      'thanksReply',
      'goodbyeReply',
      'notUnderstoodAgain',
      'optionUnavailable',
      'youGetReply',
      'youGetNoneReply',
    ] as const) {
      const text = talk[key];
      if (text !== undefined) texts.push({ path: ['smallTalk', language, key], language, text });
    }
  }
  for (const [language, handover] of Object.entries(flow.handover?.texts ?? {})) {
    for (const key of ['idle', 'ended'] as const) {
      const text = handover[key];
      if (text !== undefined)
        texts.push({ path: ['handover', 'texts', language, key], language, text });
    }
  }
  const known = new Map<string, ReturnType<typeof understoodWords>>();
  for (const { path, language, text } of texts) {
    const words = known.get(language) ?? understoodWords(flow, language);
    known.set(language, words);
    const rendered = renderFlowText(flow, language, text);
    const isOptOut = (w: string) => words.optOut.has(w);
    for (const instruction of replyInstructions(rendered, language, isOptOut, ignoredWords(flow))) {
      const params = { word: instruction.written, language };
      if (instruction.marked && !words.understood.has(instruction.words)) {
        findings.push({ rule: 'textUnknownReplyWord', path, params });
      } else if (instruction.forStopping && !isOptOut(instruction.words)) {
        findings.push({ rule: 'textStopWordNotOptOut', path, params });
      }
    }
  }
  return findings;
}

/** Capitalised words that are names, not instructions: the business, WhatsApp. */
function ignoredWords(flow: Pick<FlowDefinition, 'business'>): string[] {
  return [flow.business.name, 'WhatsApp', 'SMS'];
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
