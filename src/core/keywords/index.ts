export { normalizeForMatching } from './normalize-text.js';
export { KEYWORD_KINDS, buildKeywordIndex, matchKeyword } from './match-keyword.js';
export type { KeywordIndex, KeywordKind, KeywordMatch } from './match-keyword.js';
