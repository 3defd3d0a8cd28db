import type { TurnContext } from 'botbuilder-core';
import type { Logger } from '../logger.js';

/**
 * The `onTurnError` of adapters whose caller cannot retry a turn (the Emulator's
 * `CloudAdapter`): log the error with the activity's ids, answer the user briefly.
 * The WhatsApp adapter sets none, so a store outage reaches the webhook (503, WhatsApp retries).
 */
export function createTurnErrorHandler(
  logger: Logger,
): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    logger.error(
      { err: error, channel: context.activity.channelId, activityId: context.activity.id },
      'bot turn failed',
    );
    await context.sendActivity(
      'Sorry, something went wrong on our side. Please try again in a moment.',
    );
  };
}
