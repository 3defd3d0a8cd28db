/**
 * The HTTP adapter: one restify server for the WhatsApp webhook, the Bot Framework endpoint,
 * the REST API, the simulator, health and metrics.
 */
export { createServer } from './create-server.js';
export type { ServerDeps } from './server-deps.js';
export { toHttpError } from './http-error.js';
export type { ErrorBody } from './http-error.js';
export { WEBHOOK_PATH } from './webhook/index.js';
export { describeEmulatorEndpoint, EMULATOR_PATH } from '../channels/emulator/index.js';
