import { ActivityHandler } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { Clock } from '../../../core/clock.js';
import type { InboundMessage } from '../../../core/conversation/inbound.js';
import type { TurnService } from '../../../service/turn-service.js';
import { botFrameworkMessage, replyToActivity } from './activity-mapping.js';
import { handoffActivities } from './handoff-events.js';
import { INBOUND_MESSAGE_KEY, TURN_MESSAGE_KEY, TURN_RESULT_KEY } from './turn-state.js';

export interface ConsentBotOptions {
  readonly turns: TurnService;
  /** The time of an Emulator message (WhatsApp messages carry their own). */
  readonly clock: Clock;
}

/**
 * The consent bot: every customer message is one turn of the turn service (load, flow
 * machine, save), then its replies are sent with `context.sendActivities`, in order and only
 * after the turn was saved. A turn that hands the conversation over to a person also sends the
 * Bot Framework's hand-off event with the transcript so far (`handoff-events.ts`). The same bot
 * serves WhatsApp (through {@link WhatsAppAdapter}) and the Bot Framework Emulator (through
 * `CloudAdapter` on `/api/messages`); what every turn needs besides (metrics, transcript,
 * hand-over events) is the adapters' middleware.
 *
 * @example
 * const bot = new ConsentBot({ turns, clock });
 * await adapter.processInbound(message, (context) => bot.run(context));
 */
export class ConsentBot extends ActivityHandler {
  private readonly options: ConsentBotOptions;

  constructor(options: ConsentBotOptions) {
    super();
    this.options = options;
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    // WhatsApp's message as the adapter parsed it from the signed webhook; else the activity's.
    const message =
      context.turnState.get<InboundMessage | undefined>(INBOUND_MESSAGE_KEY) ??
      botFrameworkMessage(context.activity, this.options.clock);
    context.turnState.set(TURN_MESSAGE_KEY, message);
    const result = await this.options.turns.handleMessage(message);
    context.turnState.set(TURN_RESULT_KEY, result);
    const channel = context.activity.channelId;
    const activities = [
      ...result.replies.map((reply) => replyToActivity(reply, channel)),
      ...handoffActivities(context, result, message),
    ];
    if (activities.length > 0) await context.sendActivities(activities);
  }
}
