import { createHash } from 'node:crypto';
import type { FlowDefinition } from './definition.js';

/**
 * A fingerprint of everything a flow version shows a customer about consent: the business name,
 * the category labels and every consent text and button, in every language. Each consent event
 * records it beside the flow id and version, so two events with the same version and hash were
 * given to the same words; a reload that changes them without raising `version` is refused.
 * The same flow content always gives the same hash, whatever its YAML layout or comments.
 * @example consentTextsHash(flow) // '3f1c9a0b…' (64 hex digits)
 */
export function consentTextsHash(
  flow: Pick<FlowDefinition, 'business' | 'categories' | 'texts'>,
): string {
  const content = {
    business: flow.business.name,
    categories: flow.categories.map((c) => ({ id: c.id, label: sorted(c.label) })),
    texts: Object.fromEntries(
      Object.keys(flow.texts)
        .sort()
        .map((language) => [language, sorted(flow.texts[language] ?? {})]),
    ),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** The same object with its keys in order, nested objects too, so the JSON is canonical. */
function sorted(value: object): unknown {
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, v]) => [key, typeof v === 'object' && v !== null ? sorted(v as object) : v]),
  );
}
