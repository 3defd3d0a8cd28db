export { registerWebhookRoutes, WEBHOOK_PATH } from './webhook-routes.js';
export type { RunTurn } from './receive-webhook.js';
