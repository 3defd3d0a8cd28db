import { createHash } from 'node:crypto';
import type { FlowDefinition } from './definition.js';
import { formatFlowPath, type FlowPath } from './flow-path.js';

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

/**
 * Where the consent texts of two flows first differ, as the editor finds it in the file
 * (`texts.en.declined`, `categories[1].label.es`, `business.name`; `categories[3]` for one added
 * or removed); undefined when they are the same. Says which change needs a new version.
 * @example consentTextsChange(committed, edited) // 'texts.en.declined'
 */
export function consentTextsChange(
  before: Pick<FlowDefinition, 'business' | 'categories' | 'texts'>,
  after: Pick<FlowDefinition, 'business' | 'categories' | 'texts'>,
): string | undefined {
  const shown = (flow: typeof before) => ({
    business: { name: flow.business.name },
    categories: flow.categories.map((c) => ({ id: c.id, label: c.label })),
    texts: flow.texts,
  });
  const at = firstDifference(shown(before), shown(after), []);
  return at && formatFlowPath(at);
}

/** The path of the first leaf where two JSON values differ, keys in order; undefined if equal. */
function firstDifference(a: unknown, b: unknown, path: FlowPath): FlowPath | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      if (i >= a.length || i >= b.length) return [...path, i];
      const found = firstDifference(a[i], b[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(key in a) || !(key in b)) return [...path, key];
      const found = firstDifference(a[key], b[key], [...path, key]);
      if (found) return found;
    }
    return undefined;
  }
  return a === b ? undefined : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
