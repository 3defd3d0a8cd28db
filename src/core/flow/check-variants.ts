/**
 * (h) Question experiments and the new-category question: variant names and weights that make
 * sense, and a new-category question that can name the category it asks about. Their wording
 * is checked like the question's (`check-compliance.ts`, `check-limits.ts`).
 */
import type { Finding } from './check-structure.js';
import type { ConsentTexts, FlowDefinition } from './definition.js';
import type { FlowPath } from './flow-path.js';
import { STANDARD_VARIANT } from './question-variants.js';

/** One text a customer reads as the opt-in question, with where the file writes it. */
export interface QuestionText {
  readonly path: FlowPath;
  readonly template: string;
}

/**
 * The texts of a language that ask for consent on their own and so must name the business,
 * WhatsApp, the categories and how to stop: the question, the re-ask and the help text, every
 * variant's question and re-ask, and the new-category question.
 */
export function consentAskingTexts(language: string, texts: ConsentTexts): QuestionText[] {
  const at = (...path: (string | number)[]) => ['texts', language, ...path];
  return [
    { path: at('question'), template: texts.question },
    { path: at('reask'), template: texts.reask },
    { path: at('help'), template: texts.help },
    ...(texts.questionVariants ?? []).flatMap((variant, i) => [
      { path: at('questionVariants', i, 'question'), template: variant.question },
      ...(variant.reask === undefined
        ? []
        : [{ path: at('questionVariants', i, 'reask'), template: variant.reask }]),
    ]),
    ...(texts.newCategoryQuestion === undefined
      ? []
      : [{ path: at('newCategoryQuestion'), template: texts.newCategoryQuestion }]),
  ];
}

/** (h) Variant ids are neither "standard" nor used twice in a language; weights fit in 100. */
export function checkQuestionVariants(flow: Pick<FlowDefinition, 'texts'>): Finding[] {
  const findings: Finding[] = [];
  for (const [language, texts] of Object.entries(flow.texts)) {
    const variants = texts.questionVariants ?? [];
    const seen = new Set<string>();
    variants.forEach((variant, i) => {
      const path = ['texts', language, 'questionVariants', i, 'id'];
      if (variant.id === STANDARD_VARIANT) findings.push({ rule: 'variantIdStandard', path });
      else if (seen.has(variant.id)) {
        findings.push({ rule: 'variantIdTwice', path, params: { id: variant.id, language } });
      }
      seen.add(variant.id);
    });
    const total = variants.reduce((sum, v) => sum + v.weight, 0);
    if (total > 100) {
      findings.push({
        rule: 'variantWeightsOver100',
        path: ['texts', language, 'questionVariants'],
        params: { total, language },
      });
    }
  }
  return findings;
}

/**
 * The new-category question: written in every language once in one (a warning when in none, as
 * customers who said yes then never hear of a new category), and naming `{categories}`.
 */
export function checkNewCategoryQuestion(
  flow: Pick<FlowDefinition, 'texts' | 'languages'>,
): Finding[] {
  const written = Object.entries(flow.texts).filter(
    ([, texts]) => texts.newCategoryQuestion !== undefined,
  );
  if (written.length === 0) return [{ rule: 'newCategoryQuestionMissing', path: ['texts'] }];
  const findings: Finding[] = [];
  for (const language of flow.languages) {
    if (flow.texts[language] && flow.texts[language].newCategoryQuestion === undefined) {
      findings.push({
        rule: 'languageMissing',
        path: ['texts', language, 'newCategoryQuestion'],
        params: { language, what: 'the new-category question (written in another language)' },
      });
    }
  }
  for (const [language, texts] of written) {
    if (!texts.newCategoryQuestion!.includes('{categories}')) {
      findings.push({
        rule: 'newCategoryQuestionNoPlaceholder',
        path: ['texts', language, 'newCategoryQuestion'],
        params: { language },
      });
    }
  }
  return findings;
}
