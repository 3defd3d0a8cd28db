import { ActivityHandler, ActivityTypes } from 'botbuilder-core';
import type { TurnContext } from 'botbuilder-core';
import type { Clock } from '../core/clock.js';
import type { InboundMessage } from '../core/conversation/inbound.js';
import type { TurnService } from '../service/turn-service.js';
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
 * after the turn was saved. Through the WhatsApp adapter the turn saves its replies in the
 * contact's outbox with its own write, and the activities only say so. A turn that hands the
 * conversation over to a person also sends the Bot Framework's hand-off event with the
 * transcript so far (`handoff-events.ts`). The same bot serves WhatsApp (through
 * {@link WhatsAppAdapter}) and the Bot Framework Emulator (through `CloudAdapter` on
 * `/api/messages`); what every turn needs besides (metrics, the hand-over relay) is the
 * adapters' middleware.
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
  }

  /**
   * A message activity is the bot's turn, run at once; any other activity goes through
   * `ActivityHandler`'s events as usual. The bot registers no handlers of its own (`onTurn`,
   * `onMessage`, `onDialog`), so for a message their chain of promises would run nothing but
   * the turn: ActivityHandler's documented override points (`onTurnActivity`,
   * `onMessageActivity`) take the message straight to it.
   */
  protected override onTurnActivity(context: TurnContext): Promise<void> {
    return context.activity.type === (ActivityTypes.Message as string)
      ? this.onMessageActivity(context)
      : super.onTurnActivity(context);
  }

  protected override onMessageActivity(context: TurnContext): Promise<void> {
    return this.handleMessage(context);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    // WhatsApp's message as the adapter parsed it from the signed webhook; else the activity's.
    const whatsapp = context.turnState.get<InboundMessage | undefined>(INBOUND_MESSAGE_KEY);
    const message = whatsapp ?? botFrameworkMessage(context.activity, this.options.clock);
    context.turnState.set(TURN_MESSAGE_KEY, message);
    // A WhatsApp turn saves its replies in the contact's outbox with its own write; the
    // activities below only say so. Other channels answer the activity themselves.
    const result = await this.options.turns.handleMessage(message, {
      queueReplies: whatsapp !== undefined,
    });
    context.turnState.set(TURN_RESULT_KEY, result);
    const channel = context.activity.channelId;
    const activities = [
      ...result.replies.map((reply, index) =>
        replyToActivity(reply, channel, result.queued[index]?.id),
      ),
      ...handoffActivities(context, result),
    ];
    if (activities.length > 0) await context.sendActivities(activities);
  }
}
