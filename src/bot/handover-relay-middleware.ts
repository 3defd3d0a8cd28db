import type { Middleware, TurnContext } from 'botbuilder-core';
import type { HandoverNotifier } from '../service/handover-notifier.js';
import type { TurnResult } from '../service/turn-service.js';
import { TURN_RESULT_KEY } from './turn-state.js';

/**
 * Tells the contact centre each customer message written while the conversation is handed over
 * (botbuilder middleware of the WhatsApp adapter): the turn kept it for the agent, this sends it
 * on (`handover.message`), without waiting for the delivery.
 */
export class HandoverRelayMiddleware implements Middleware {
  constructor(private readonly notifier: HandoverNotifier) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    await next();
    const result = context.turnState.get<TurnResult | undefined>(TURN_RESULT_KEY);
    const change = result?.handover;
    if (!result || change?.kind !== 'message') return;
    this.notifier.notify({
      type: 'handover.message',
      contact: result.contact,
      record: change.record,
      message: change.message,
    });
  }
}
