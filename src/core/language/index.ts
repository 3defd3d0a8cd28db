export { chooseLanguage } from './choose-language.js';
export type { LanguageChoiceInput, LanguageReason } from './choose-language.js';
export { BUILTIN_COUNTRY_LANGUAGES, languageForCountry } from './country-language.js';
export { buildLanguageLexicon, languageEvidence, NO_EVIDENCE } from './language-evidence.js';
export type { LanguageEvidence, LanguageLexicon } from './language-evidence.js';
