/**
 * Fills the placeholders of a flow text. Every text the bot says goes through here, so the
 * compliance check reads exactly what the customer will read.
 */
import type { FlowDefinition } from './definition.js';

/** One formatter per language: building one costs more than using it. */
const listFormats = new Map<string, Intl.ListFormat | null>();

/**
 * Joins items as a natural list in the language, with the platform's `Intl.ListFormat` (CLDR):
 * en `a, b, and c`, es `a, b y c` (and `a e hijos` before an "i" sound), pt `a, b e c`, fr
 * `a, b et c`, de `a, b und c`; `en-GB` `a, b and c`. A language the platform does not know
 * gets commas only, never another language's "and".
 * @example joinList(['pedidos', 'envíos', 'ofertas'], 'es') // 'pedidos, envíos y ofertas'
 */
export function joinList(items: readonly string[], language: string): string {
  let format = listFormats.get(language);
  if (format === undefined) {
    format =
      Intl.ListFormat.supportedLocalesOf(language).length > 0
        ? new Intl.ListFormat(language, { type: 'conjunction', style: 'long' })
        : null;
    listFormats.set(language, format);
  }
  return format ? format.format(items) : items.join(', ');
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Renders a flow text in one language: `{business}` is the business name, `{categories}` the
 * category labels of that language as a natural list, and any `vars` (e.g. `{category}`) their
 * value. Unknown placeholders are left as written so a mistake stays visible.
 * @example renderFlowText(flow, 'en', 'Reply STOP to {business}') // 'Reply STOP to Casa Clara'
 */
export function renderFlowText(
  flow: Pick<FlowDefinition, 'business' | 'categories'>,
  language: string,
  template: string,
  vars: Readonly<Record<string, string>> = {},
): string {
  // Each value is made only when the text uses it: most texts name no categories.
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    if (Object.hasOwn(vars, key)) return vars[key] ?? whole;
    if (key === 'business') return flow.business.name;
    if (key === 'categories') {
      return joinList(
        flow.categories.map((c) => c.label[language] ?? c.id),
        language,
      );
    }
    return whole;
  });
}
