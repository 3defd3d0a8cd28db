import type { TurnResult } from '../../../service/turn-service.js';

/**
 * Where the bot leaves the turn's result in `context.turnState`: the adapter reads the saved
 * contact from it to address the replies, and the webhook learns how the turn went.
 */
export const TURN_RESULT_KEY = Symbol('consent.turnResult');

export type { TurnResult };

/**
 * Set by the WhatsApp adapter: the turn saves its replies in the contact's outbox with its own
 * write, and a sender sends them from there (other channels answer the activity themselves).
 */
export const QUEUE_REPLIES_KEY = Symbol('consent.queueReplies');
