/**
 * The WhatsApp Cloud API channel: webhook parsing and signature check, rendering replies as
 * Cloud API messages, the HTTP client and the outbound pacing queue.
 */
export { parseWebhook } from './parse-webhook.js';
export type {
  ParsedWebhook,
  PreferenceUpdate,
  RejectedItem,
  StatusUpdate,
} from './webhook-types.js';
export { signBody, verifySignature } from './verify-signature.js';
export {
  renderReply,
  renderTemplate,
  WHATSAPP_LIMITS,
  type TemplateMessage,
} from './render-message.js';
export type { CloudMessage } from './cloud-message.js';
export {
  createCloudApiClient,
  type CloudApiClient,
  type CloudApiClientOptions,
  type SendOptions,
  type SendResult,
} from './cloud-api-client.js';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff-delay.js';
export {
  classifyWhatsAppError,
  WHATSAPP_ERROR_CODES,
  type WhatsAppErrorKind,
} from './classify-error.js';
export {
  createOutboundQueue,
  type OutboundKey,
  type OutboundQueue,
  type OutboundQueueOptions,
  type RetryPolicy,
} from './outbound-queue.js';
