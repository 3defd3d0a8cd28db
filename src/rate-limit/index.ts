export { createTokenBucket, type TokenBucket } from './token-bucket.js';
