export { normalizeForMatching } from './normalize-text.js';
