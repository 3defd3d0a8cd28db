import { ActivityHandler } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { Clock } from '../../../core/clock.js';
import type { InboundMessage } from '../../../core/conversation/inbound.js';
import type { Metrics } from '../../../metrics/index.js';
import type { TurnResult, TurnService } from '../../../service/turn-service.js';
import { botFrameworkMessage, replyToActivity } from './activity-mapping.js';
import { recordTurnMetrics } from './turn-metrics.js';
import { INBOUND_MESSAGE_KEY, TURN_RESULT_KEY } from './turn-state.js';

export interface ConsentBotOptions {
  readonly turns: TurnService;
  readonly metrics: Metrics;
  /** The time of an Emulator message (WhatsApp messages carry their own). */
  readonly clock: Clock;
}

/**
 * The consent bot: every customer message is one turn of the turn service (load, flow
 * machine, save), then its replies are sent with `context.sendActivities`, in order and only
 * after the turn was saved. Through the WhatsApp adapter the turn saves its replies in the
 * contact's outbox with its own write, and the activities only say so. The same bot serves WhatsApp (through {@link WhatsAppAdapter}) and
 * the Bot Framework Emulator (through `CloudAdapter` on `/api/messages`).
 *
 * @example
 * const bot = new ConsentBot({ turns, metrics, clock });
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
    const { metrics, clock } = this.options;
    // WhatsApp's message as the adapter parsed it from the signed webhook; else the activity's.
    const whatsapp = context.turnState.get<InboundMessage | undefined>(INBOUND_MESSAGE_KEY);
    const message = whatsapp ?? botFrameworkMessage(context.activity, clock);
    // A WhatsApp turn saves its replies in the contact's outbox with its own write; the
    // activities below only say so. Other channels answer the activity themselves.
    const result = await this.timedTurn(message, whatsapp !== undefined);
    context.turnState.set(TURN_RESULT_KEY, result);
    if (!result.duplicate) {
      metrics.inboundMessages.inc({ type: messageType(message) });
      recordTurnMetrics(metrics, result);
    }
    if (result.replies.length === 0) return;
    const channel = context.activity.channelId;
    await context.sendActivities(
      result.replies.map((reply, index) =>
        replyToActivity(reply, channel, result.queued[index]?.id),
      ),
    );
  }

  private async timedTurn(message: InboundMessage, queueReplies: boolean): Promise<TurnResult> {
    const stop = this.options.metrics.turnDuration.startTimer();
    try {
      const result = await this.options.turns.handleMessage(message, { queueReplies });
      stop({ outcome: result.duplicate ? 'duplicate' : 'applied' });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }
}

/** The WhatsApp message type the content came as, for the inbound counter. */
function messageType(message: InboundMessage): string {
  const content = message.content;
  switch (content.kind) {
    case 'text':
      return 'text';
    case 'choice':
      return 'interactive';
    case 'quick_reply':
      return 'button';
    case 'other':
      return content.type;
  }
}
