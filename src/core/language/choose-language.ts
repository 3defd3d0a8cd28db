/**
 * THE LANGUAGE RULE (PRODUCT.md, "The customer's language"): chosen on the first message from
 * the words of the message, then the country of the customer's number, then the flow's default;
 * later it changes only on clear evidence: a whole message that is a word, phrasing or title of
 * one language only, a sentence with at least two words only one language has and none only
 * another has, or a message that names a language ("español"). A word two languages share
 * ("parar", "claro"; "basta", a Spanish word and a Portuguese phrasing) never switches it, nor
 * does a single letter ("n", "s"). Small talk alone ("gracias", "obrigado") switches too,
 * except small talk or a single word in the flow's default language away from the language of
 * the customer's country: a Brazilian who writes "hello", "thanks", "sure" or "nah" keeps
 * Portuguese (the default language of a flow is usually the one everybody greets in, like
 * English, and its short words are everybody's).
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
    const current = input.current;
    const kept = { language: current, reason: 'kept' } as const;
    // ("n" is Portuguese's no, and every language's in a hurry.)
    if (whole.includes(current) || evidence.letter === true) return kept;
    if (whole.length === 1) {
      const greetsInDefault =
        (evidence.smallTalk === true || evidence.oneWord === true) &&
        whole[0] === flow.defaultLanguage &&
        current === countryLanguage;
      return greetsInDefault ? kept : { language: whole[0]!, reason: 'switched' };
    }
    if (whole.length === 0 && speaks(evidence.sentence) && evidence.sentence !== current) {
      return { language: evidence.sentence, reason: 'switched' };
    }
    return kept;
  }
  // A first message: its words, then the country, then the flow's default.
  const pick = (among: readonly string[]) =>
    [countryLanguage, flow.defaultLanguage].find((l) => l !== undefined && among.includes(l)) ??
    flow.languages.find((l) => among.includes(l))!;
  // (A phrasing of several languages: the country's, else the one its everyday words say.)
  if (whole.length > 0) {
    const tie = evidence.tieBreak;
    const country = countryLanguage !== undefined && whole.includes(countryLanguage);
    const byWords = !country && speaks(tie) && whole.includes(tie);
    return { language: byWords ? tie : pick(whole), reason: 'words' };
  }
  if (speaks(evidence.hintedBest)) return { language: evidence.hintedBest, reason: 'hints' };
  const hinted = evidence.hinted.filter(speaks);
  if (hinted.length > 0) return { language: pick(hinted), reason: 'hints' };
  if (speaks(countryLanguage)) return { language: countryLanguage, reason: 'country' };
  return { language: flow.defaultLanguage, reason: 'default' };
}
