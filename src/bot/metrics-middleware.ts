import type { Middleware, TurnContext } from 'botbuilder-core';
import type { InboundMessage } from '../core/conversation/inbound.js';
import type { Metrics } from '../metrics/index.js';
import type { TurnResult } from '../service/turn-service.js';
import { recordTurnMetrics } from './turn-metrics.js';
import { TURN_MESSAGE_KEY, TURN_RESULT_KEY } from './turn-state.js';

/**
 * Counts every bot turn (botbuilder middleware, for the WhatsApp adapter and the Emulator's
 * alike): its duration and outcome (`applied`, `duplicate`, `error`), the inbound message by
 * type, the questions asked and the consent changes recorded. The bot leaves what it did in the
 * turn state; this reads it once the turn is done.
 */
export class MetricsMiddleware implements Middleware {
  constructor(private readonly metrics: Metrics) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const stop = this.metrics.turnDuration.startTimer();
    try {
      await next();
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
    const result = context.turnState.get<TurnResult | undefined>(TURN_RESULT_KEY);
    if (!result) return;
    stop({ outcome: result.duplicate ? 'duplicate' : 'applied' });
    if (result.duplicate) return;
    const message = context.turnState.get<InboundMessage | undefined>(TURN_MESSAGE_KEY);
    if (message) this.metrics.inboundMessages.inc({ type: messageType(message) });
    recordTurnMetrics(this.metrics, result);
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
