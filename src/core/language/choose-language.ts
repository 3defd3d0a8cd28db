/**
 * THE LANGUAGE RULE (PRODUCT.md, "The customer's language"): chosen on the first message from
 * the words of the message, then the country of the customer's number, then the flow's default;
 * later it changes only on clear evidence: a whole message that is a word, phrasing, title or
 * greeting of one language only, or that names a language ("español"). A word two languages
 * share ("parar", "claro") never switches it.
 */
import type { FlowDefinition } from '../flow/definition.js';
import type { LanguageEvidence } from './language-evidence.js';

export interface LanguageChoiceInput {
  readonly flow: Pick<FlowDefinition, 'languages' | 'defaultLanguage'>;
  /** The conversation's language so far; absent before the customer's first message. */
  readonly current?: string;
  readonly evidence: LanguageEvidence;
  /** The flow language of the customer's country, when the flow speaks it. */
  readonly countryLanguage?: string;
}

/** How the language was chosen, for logs and tests. */
export type LanguageReason =
  'named' | 'words' | 'hints' | 'country' | 'default' | 'kept' | 'switched';

/**
 * The language of this turn.
 * @example chooseLanguage({ flow, evidence: { whole: ['es', 'pt'], hinted: [] }, countryLanguage: 'pt' }) // { language: 'pt', reason: 'words' }
 */
export function chooseLanguage(input: LanguageChoiceInput): {
  readonly language: string;
  readonly reason: LanguageReason;
} {
  const { flow, evidence, countryLanguage } = input;
  const speaks = (language: string | undefined): language is string =>
    language !== undefined && flow.languages.includes(language);
  if (speaks(evidence.named)) return { language: evidence.named, reason: 'named' };
  const whole = evidence.whole.filter(speaks);
  if (speaks(input.current)) {
    if (whole.includes(input.current)) return { language: input.current, reason: 'kept' };
    if (whole.length === 1) return { language: whole[0]!, reason: 'switched' };
    return { language: input.current, reason: 'kept' };
  }
  // A first message: its words, then the country, then the flow's default.
  const pick = (among: readonly string[]) =>
    [countryLanguage, flow.defaultLanguage].find((l) => l !== undefined && among.includes(l)) ??
    flow.languages.find((l) => among.includes(l))!;
  if (whole.length > 0) return { language: pick(whole), reason: 'words' };
  if (speaks(evidence.hintedBest)) return { language: evidence.hintedBest, reason: 'hints' };
  const hinted = evidence.hinted.filter(speaks);
  if (hinted.length > 0) return { language: pick(hinted), reason: 'hints' };
  if (speaks(countryLanguage)) return { language: countryLanguage, reason: 'country' };
  return { language: flow.defaultLanguage, reason: 'default' };
}
