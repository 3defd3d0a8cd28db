/**
 * The placeholders of a flow's texts: each one the bot fills in ({business}, {categories}, and
 * {category} in the question of "let me choose"), and that question names its kind. A
 * placeholder the bot does not know would reach the customer as written ("Thank you {name}!").
 */
import type { Finding } from './check-structure.js';
import type { FlowDefinition } from './definition.js';
import type { FlowPath } from './flow-path.js';

type PlaceholdersInput = Pick<FlowDefinition, 'texts' | 'service' | 'smallTalk' | 'handover'>;

/** What every text may name. */
const EVERYWHERE = ['business', 'categories'] as const;

/** What a text may name besides, by its key under `texts.<language>`. */
const OWN: Readonly<Record<string, readonly string[]>> = { categoryQuestion: ['category'] };

const PLACEHOLDER = /\{([^{}\s]*)\}/gu;

/** Placeholders the bot does not fill in, wherever a customer reads them; {category} missing. */
export function checkPlaceholders(flow: PlaceholdersInput): Finding[] {
  const findings: Finding[] = [];
  const visit = (value: unknown, path: FlowPath, allowed: readonly string[]) => {
    if (typeof value === 'string') {
      for (const [, name] of value.matchAll(PLACEHOLDER)) {
        if (allowed.includes(name!)) continue;
        findings.push({
          rule: 'textUnknownPlaceholder',
          path,
          params: { placeholder: `{${name}}`, known: allowed.map((n) => `{${n}}`).join(', ') },
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item: unknown, i) => visit(item, [...path, i], allowed));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key], allowed);
    }
  };
  for (const [language, texts] of Object.entries(flow.texts)) {
    for (const [key, text] of Object.entries(texts)) {
      visit(text, ['texts', language, key], [...EVERYWHERE, ...(OWN[key] ?? [])]);
    }
  }
  visit(flow.service, ['service'], EVERYWHERE);
  visit(flow.smallTalk ?? {}, ['smallTalk'], EVERYWHERE);
  visit(flow.handover?.texts ?? {}, ['handover', 'texts'], EVERYWHERE);
  for (const [language, texts] of Object.entries(flow.texts)) {
    if (!texts.categoryQuestion.includes('{category}')) {
      findings.push({
        rule: 'textMissingPlaceholder',
        path: ['texts', language, 'categoryQuestion'],
        params: { placeholder: '{category}', language },
      });
    }
  }
  return findings;
}
