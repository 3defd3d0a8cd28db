/**
 * The Bot Framework side of the WhatsApp channel: the adapter that turns WhatsApp messages
 * into activities and activities into Cloud API sends, and the consent bot both it and the
 * Emulator endpoint run. Every `botbuilder` import stays under `src/channels/`.
 */
export { WhatsAppAdapter } from './whatsapp-adapter.js';
export type { BotLogic, WhatsAppAdapterOptions } from './whatsapp-adapter.js';
export { ConsentBot } from './consent-bot.js';
export type { ConsentBotOptions } from './consent-bot.js';
export { createTurnErrorHandler } from './turn-error-handler.js';
export { HandoverRelayMiddleware } from './handover-relay-middleware.js';
export { MetricsMiddleware } from './metrics-middleware.js';
export {
  botFrameworkMessage,
  inboundToActivity,
  replyToActivity,
  WHATSAPP_CHANNEL_ID,
} from './activity-mapping.js';
export { TURN_RESULT_KEY } from './turn-state.js';
