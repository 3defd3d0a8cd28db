/**
 * Fills the placeholders of a flow text. Every text the bot says goes through here, so the
 * compliance check reads exactly what the customer will read.
 */
import type { FlowDefinition } from './definition.js';

/** The word before the last item of a list, per base language; others join with commas. */
const LAST_JOINER: Readonly<Record<string, string>> = { en: 'and', es: 'y', pt: 'e' };

/**
 * Joins items as a natural list: en `a, b and c`, es `a, b y c`, pt `a, b e c`; languages
 * without a known conjunction get `a, b, c`. Regional codes (`pt-BR`) use their base language.
 * @example joinList(['pedidos', 'envíos', 'ofertas'], 'es') // 'pedidos, envíos y ofertas'
 */
export function joinList(items: readonly string[], language: string): string {
  const joiner = LAST_JOINER[language.split('-')[0] ?? language];
  if (joiner === undefined || items.length < 2) return items.join(', ');
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1] ?? ''}`;
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
