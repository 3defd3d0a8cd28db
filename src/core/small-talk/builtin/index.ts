/**
 * The product's built-in small talk, per language: greetings, thanks, goodbyes, the names of
 * the language, the everyday words that tell it, and the default replies. A language added here
 * is known to every flow; a flow adds words and may write its own replies.
 */
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import type { SmallTalkLanguage } from './language-data.js';
import { pt } from './pt.js';

export type { SmallTalkLanguage, SmallTalkReplies } from './language-data.js';
export { SMALL_TALK_EMOJI } from './language-data.js';

const BUILTIN_SMALL_TALK: Readonly<Record<string, SmallTalkLanguage>> = { en, es, pt, fr, de, it };

/**
 * The built-in small talk of a flow language: that of its base language for a regional code
 * (`pt-BR` → `pt`), `undefined` when the product has none (the flow then writes its replies).
 * @example builtinSmallTalk('es-419')?.greetings // ['HOLA', 'BUENAS', …]
 */
export function builtinSmallTalk(language: string): SmallTalkLanguage | undefined {
  const base = language.split('-')[0] ?? language;
  return Object.hasOwn(BUILTIN_SMALL_TALK, base) ? BUILTIN_SMALL_TALK[base] : undefined;
}
