import type { TurnResult } from '../service/turn-service.js';

/**
 * Where the bot leaves the turn's result in `context.turnState`: the adapter reads the saved
 * contact from it to address the replies, and the webhook learns how the turn went.
 */
export const TURN_RESULT_KEY = Symbol('consent.turnResult');

export type { TurnResult };

/**
 * Where the WhatsApp adapter leaves the message of the turn: the bot trusts a message only from
 * here, written in this process after the webhook's signature was checked, and never one that
 * arrived inside an activity (`channelData` is whatever the sender wrote).
 */
export const INBOUND_MESSAGE_KEY = Symbol('consent.inboundMessage');

/**
 * Where the bot leaves the message it ran the turn on (WhatsApp's, or the one it read from a Bot
 * Framework activity), for the middleware that counts and transcribes turns.
 */
export const TURN_MESSAGE_KEY = Symbol('consent.turnMessage');
