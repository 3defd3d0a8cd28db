import type { Middleware, TurnContext } from 'botbuilder';
import { ActivityTypes } from 'botbuilder';
import type { InboundMessage } from '../../../core/conversation/inbound.js';
import type { TranscriptLine } from '../../../core/handover/index.js';
import { TRANSCRIPT_LINES_KEPT } from '../../../core/handover/index.js';
import { describeRef } from '../../../core/identity.js';
import type { Logger } from '../../../logger.js';
import { replyTextOf } from '../../../service/consent-from-intents.js';
import type { TurnResult } from '../../../service/turn-service.js';
import type { Store } from '../../../store/port.js';
import { activityToReply } from './activity-mapping.js';
import { replyLine } from './handoff-events.js';
import { TURN_MESSAGE_KEY, TURN_RESULT_KEY } from './turn-state.js';

/**
 * Keeps the conversation so far with the contact (botbuilder middleware): the customer's message
 * and the messages the bot sent in the turn, the latest {@link TRANSCRIPT_LINES_KEPT} lines, so
 * that a hand-over gives the person who takes it the conversation as the customer saw it. The
 * transcript is erased with the contact and exported to the DPO.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const sent: TranscriptLine[] = [];
    context.onSendActivities(async (_context, activities, sendNext) => {
      const responses = await sendNext();
      for (const activity of activities) {
        const reply =
          activity.type === ActivityTypes.Message ? activityToReply(activity) : undefined;
        if (reply) sent.push(replyLine(reply, 0));
      }
      return responses;
    });
    await next();
    const result = context.turnState.get<TurnResult | undefined>(TURN_RESULT_KEY);
    const message = context.turnState.get<InboundMessage | undefined>(TURN_MESSAGE_KEY);
    if (!result || result.duplicate || !message) return;
    const at = message.timestamp;
    const lines: TranscriptLine[] = [
      { from: 'customer', at, text: replyTextOf(message) },
      ...sent.map((line) => ({ ...line, at })),
    ];
    try {
      await this.store.appendTranscript(result.contact.id, lines, TRANSCRIPT_LINES_KEPT);
    } catch (error) {
      // The turn is saved and its replies are on their way: a transcript line is not worth
      // answering WhatsApp with an error that would make it deliver the message again.
      this.logger.warn(
        { err: error, contact: describeRef(result.contact) },
        'transcript lines of a turn not kept',
      );
    }
  }
}
