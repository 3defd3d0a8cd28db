import { ActivityTypes, BotAdapter, TurnContext } from 'botbuilder-core';
import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder-core';
import type { InboundMessage } from '../../core/conversation/inbound.js';
import type { ContactRef } from '../../core/identity.js';
import { describeRef } from '../../core/identity.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { HandoverNotifier } from '../../service/handover-notifier.js';
import type { OutboundMessage, OutboundPort } from '../../service/outbound-port.js';
import type { TurnResult } from '../../service/turn-service.js';
import type { ContactRecord, Store } from '../../store/port.js';
import { activityToReply, queuedEntryOf, WHATSAPP_CHANNEL_ID } from '../../bot/activity-mapping.js';
import type { HandoffContext } from '../../bot/handoff-events.js';
import { HANDOFF_EVENTS, transcriptOfHandoff } from '../../bot/handoff-events.js';
import { INBOUND_MESSAGE_KEY, TURN_RESULT_KEY } from '../../bot/turn-state.js';
import { inboundToActivity } from './inbound-activity.js';

export interface WhatsAppAdapterOptions {
  readonly outbound: OutboundPort;
  /** To find the contact of a proactive turn (`continueConversation`). */
  readonly store: Store;
  /** Where the hand-offs the bot initiates go (the contact centre's webhook). */
  readonly notifier: HandoverNotifier;
}

/** The bot's logic for one turn, as `ActivityHandler.run` provides it. */
export type BotLogic = (context: TurnContext) => Promise<void>;

/**
 * The Bot Framework adapter of the WhatsApp channel. WhatsApp messages come in as activities
 * (`processInbound`), run through the adapter's middleware and the bot; the message activities
 * the bot sends go out through the contact's outbox, and its hand-off events (`handoff.initiate`
 * with the transcript, `handoff.status`) become the product's hand-over events, told to the
 * contact centre through the {@link HandoverNotifier}.
 *
 * A turn's replies are saved in the outbox by the turn itself, in the write that saves the turn
 * (the bot queues them for a message the adapter put in `INBOUND_MESSAGE_KEY`), so the activities that carry them are only acknowledged here with
 * their entry ids. Any other activity (a proactive turn's) is saved in the outbox through the
 * {@link OutboundPort} before `sendActivities` resolves. Either way the outbox sender sends
 * them; a send that fails is recorded on the entry and logged there. Errors of the turn itself
 * (a store outage) are not caught here: no `onTurnError` is set, so they reach the webhook,
 * which answers 503 and lets WhatsApp retry.
 *
 * @example
 * const adapter = new WhatsAppAdapter({ outbound, store, notifier });
 * await adapter.processInbound(message, (context) => bot.run(context));
 */
export class WhatsAppAdapter extends BotAdapter {
  private readonly options: WhatsAppAdapterOptions;

  constructor(options: WhatsAppAdapterOptions) {
    super();
    this.options = options;
  }

  /**
   * Runs one WhatsApp message through the middleware and `logic`. Resolves when the turn is
   * saved with its replies, with the turn's result when the bot left one.
   */
  async processInbound(message: InboundMessage, logic: BotLogic): Promise<TurnResult | undefined> {
    const context = new TurnContext(this, inboundToActivity(message));
    // The bot trusts a WhatsApp message only from here (checked signature), and queues its
    // turn's replies in the outbox with the turn.
    context.turnState.set(INBOUND_MESSAGE_KEY, message);
    await this.runMiddleware(context, logic);
    return context.turnState.get<TurnResult | undefined>(TURN_RESULT_KEY);
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const messages: OutboundMessage[] = [];
    const waiting: number[] = [];
    const responses = activities.map((activity, index) => {
      if (activity.type === ActivityTypes.Event) {
        this.handoff(context, activity);
        return { id: activity.id ?? '' };
      }
      const queued = queuedEntryOf(activity);
      if (queued) return { id: queued };
      const reply = activity.type === ActivityTypes.Message ? activityToReply(activity) : undefined;
      // Typing, delay and trace activities have no WhatsApp equivalent: nothing to send.
      if (!reply) return { id: '' };
      messages.push({ kind: 'reply', reply });
      waiting.push(index);
      return { id: '' };
    });
    if (messages.length === 0) return responses;

    const first = activities[0] ?? {};
    const contact = await this.contactOf(context, first);
    const receipts = await this.options.outbound.send(contact, messages, {
      businessNumberId: businessNumberOf(first),
    });
    receipts.forEach((receipt, i) => {
      const index = waiting[i];
      if (index !== undefined) responses[index] = { id: receipt.id };
    });
    return responses;
  }

  /**
   * A hand-off event of the bot as the product's hand-over event: the turn recorded the
   * hand-over (so the customer's next message is held for the agent whatever happens here);
   * this tells the contact centre, with the transcript the event carries.
   */
  private handoff(context: TurnContext, activity: Partial<Activity>): void {
    const result = context.turnState.get<TurnResult | undefined>(TURN_RESULT_KEY);
    const change = result?.handover;
    if (!result || !change) return;
    if (activity.name === HANDOFF_EVENTS.initiate && change.kind === 'started') {
      const value = activity.value as Partial<HandoffContext> | undefined;
      this.options.notifier.notify({
        type: 'handover.started',
        contact: result.contact,
        record: change.record,
        transcript: transcriptOfHandoff(activity),
        ...(value?.flow ? { flow: value.flow } : {}),
      });
    } else if (activity.name === HANDOFF_EVENTS.status && change.kind === 'ended') {
      this.options.notifier.notify({
        type: 'handover.ended',
        contact: result.contact,
        record: change.record,
        reason: change.reason,
        at: result.contact.updatedAt,
      });
    }
  }

  override updateActivity(): Promise<void> {
    return Promise.reject(
      new ValidationError(
        'not_supported',
        'Updating a sent message is not supported by WhatsApp; send a new message instead.',
      ),
    );
  }

  override deleteActivity(): Promise<void> {
    return Promise.reject(
      new ValidationError(
        'not_supported',
        'Deleting a sent message is not supported by WhatsApp through this bot.',
      ),
    );
  }

  /**
   * Runs `logic` in a proactive turn with the contact `reference.user.id` (a phone in E.164
   * or a business-scoped user id); `reference.bot.id` is the sending business number.
   * Whether a proactive message may be sent at all is the caller's decision (send policy).
   */
  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: BotLogic,
  ): Promise<void> {
    const request = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation', channelId: WHATSAPP_CHANNEL_ID },
      reference,
      true,
    );
    const context = new TurnContext(this, request);
    await this.runMiddleware(context, logic);
  }

  private async contactOf(
    context: TurnContext,
    activity: Partial<Activity>,
  ): Promise<ContactRecord> {
    const result = context.turnState.get<TurnResult | undefined>(TURN_RESULT_KEY);
    if (result) return result.contact;
    const id = activity.recipient?.id ?? context.activity.from?.id;
    const ref: ContactRef = id?.startsWith('+') ? { phone: id } : { userId: id ?? '' };
    const contact = id ? await this.options.store.findContact(ref) : null;
    if (!contact) {
      throw new NotFoundError(
        'contact_not_found',
        `No WhatsApp contact ${describeRef(ref)} to send to.`,
      );
    }
    return contact;
  }
}

/** The business number an outbound activity goes from (the bot's account in the conversation). */
function businessNumberOf(activity: Partial<Activity>): string | undefined {
  const id = activity.from?.id;
  return id && id !== WHATSAPP_CHANNEL_ID ? id : undefined;
}
