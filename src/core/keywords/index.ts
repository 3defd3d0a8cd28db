export { normalizeForMatching } from './normalize-text.js';
export { KEYWORD_KINDS, buildKeywordIndex, effectiveKeywords, tokenize } from './keyword-index.js';
export type { KeywordEntry, KeywordIndex, KeywordKind, KeywordSource } from './keyword-index.js';
export { matchKeyword, messageKeywords, staysSubscribed } from './match-keyword.js';
export type { MessageKeywords } from './match-keyword.js';
export type { KeywordMatch } from './keyword-match.js';
export {
  ALSO_WORDS,
  COMPLAINING,
  EVERYTHING,
  POSSESSIVES,
  STOPPING_VERBS,
  THANKS_FOR,
  isLaugh,
} from './named-kinds.js';
export { AROUND_STANCE, BUT, NOT, THE, notThe, pastNo } from './excepted-kinds.js';
export { QUESTION } from './message-clauses.js';
export { findPhrase } from './find-phrase.js';
export { compilePattern, phraseWords } from './phrase-pattern.js';
export { oneEditApart } from './typo.js';
export {
  BUILTIN_LANGUAGES,
  MARKETING_GROUP,
  MESSAGES_GROUP,
  builtinLanguage,
} from './builtin/index.js';
export type { BuiltinLanguage } from './builtin/index.js';
