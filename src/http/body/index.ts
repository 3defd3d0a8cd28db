export {
  bodyWasRead,
  DEFAULT_MAX_BODY_BYTES,
  rawBodyOf,
  readBody,
  readJsonBody,
} from './read-body.js';
export type { RequestWithBody } from './read-body.js';
