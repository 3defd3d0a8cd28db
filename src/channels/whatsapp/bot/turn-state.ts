import type { TurnResult } from '../../../service/turn-service.js';

/**
 * Where the bot leaves the turn's result in `context.turnState`: the adapter reads the saved
 * contact from it to address the replies, and the webhook learns how the turn went.
 */
export const TURN_RESULT_KEY = Symbol('consent.turnResult');

export type { TurnResult };
