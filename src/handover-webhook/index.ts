/**
 * The hand-over webhook adapter: hand-over events POSTed, signed, to the contact centre
 * (`HANDOVER_WEBHOOK_URL`, `HANDOVER_WEBHOOK_SECRET`).
 */
export { createHandoverWebhook } from './handover-webhook.js';
export type { HandoverWebhookOptions } from './handover-webhook.js';
export { contactJson, handoverJson, handoverPayload } from './handover-payload.js';
