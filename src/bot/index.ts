/**
 * The consent bot, channel-neutral: the Bot Framework `ActivityHandler` every channel runs (the
 * WhatsApp adapter, `channels/whatsapp/whatsapp-adapter.ts`, and the Emulator endpoint,
 * `channels/emulator/`), the activities it sends and reads, its hand-off events and the
 * middleware around its turns. `botbuilder` is imported here and under `src/channels/` only.
 */
export { ConsentBot } from './consent-bot.js';
export type { ConsentBotOptions } from './consent-bot.js';
export { createTurnErrorHandler } from './turn-error-handler.js';
export { HandoverRelayMiddleware } from './handover-relay-middleware.js';
export { MetricsMiddleware } from './metrics-middleware.js';
export { botFrameworkMessage, replyToActivity, WHATSAPP_CHANNEL_ID } from './activity-mapping.js';
export { TURN_RESULT_KEY } from './turn-state.js';
