/**
 * The product's built-in words and phrasings, per language: opt-out, opt-in and help words
 * that every flow in that language has whatever its file says, and the opt-out phrasings
 * customers type. One file per language; a language added here is known to every flow.
 */
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import type { BuiltinLanguage } from './language-data.js';
import { pt } from './pt.js';

export type { BuiltinLanguage, PhraseData } from './language-data.js';
export { MARKETING_GROUP, MESSAGES_GROUP } from './language-data.js';

/** Every language with built-in words, by its base code. */
export const BUILTIN_LANGUAGES: Readonly<Record<string, BuiltinLanguage>> = {
  en,
  es,
  pt,
  fr,
  de,
  it,
};

/**
 * The built-in words of a flow language: those of its base language for a regional code
 * (`pt-BR` → `pt`, `es-419` → `es`), `undefined` when the product has none (the flow must then
 * declare its own opt-out words).
 * @example builtinLanguage('pt-BR')?.optOut // ['PARAR', 'PARE', …]
 */
export function builtinLanguage(language: string): BuiltinLanguage | undefined {
  const base = language.split('-')[0] ?? language;
  return Object.hasOwn(BUILTIN_LANGUAGES, base) ? BUILTIN_LANGUAGES[base] : undefined;
}
