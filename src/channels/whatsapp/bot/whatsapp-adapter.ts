import { ActivityTypes, BotAdapter, TurnContext } from 'botbuilder';
import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder';
import type { InboundMessage } from '../../../core/conversation/inbound.js';
import type { ContactRef } from '../../../core/identity.js';
import { describeRef } from '../../../core/identity.js';
import { NotFoundError, SendAbandonedError, ValidationError } from '../../../errors.js';
import type { Logger } from '../../../logger.js';
import type { HandoverNotifier } from '../../../service/handover-notifier.js';
import type { OutboundMessage, OutboundPort } from '../../../service/outbound-port.js';
import type { TurnResult } from '../../../service/turn-service.js';
import type { ContactRecord, Store } from '../../../store/port.js';
import { activityToReply, inboundToActivity, WHATSAPP_CHANNEL_ID } from './activity-mapping.js';
import type { HandoffContext } from './handoff-events.js';
import { HANDOFF_EVENTS, transcriptOfHandoff } from './handoff-events.js';
import { INBOUND_MESSAGE_KEY, TURN_RESULT_KEY } from './turn-state.js';

export interface WhatsAppAdapterOptions {
  readonly outbound: OutboundPort;
  /** To find the contact of a proactive turn (`continueConversation`). */
  readonly store: Store;
  readonly logger: Logger;
  /** Where the hand-offs the bot initiates go (the contact centre's webhook). */
  readonly notifier: HandoverNotifier;
}

/** The bot's logic for one turn, as `ActivityHandler.run` provides it. */
export type BotLogic = (context: TurnContext) => Promise<void>;

/**
 * The Bot Framework adapter of the WhatsApp channel. WhatsApp messages come in as activities
 * (`processInbound`), run through the adapter's middleware and the bot; the message activities
 * the bot sends go out through the {@link OutboundPort} (pacing queue, Cloud API, outbound log),
 * and its hand-off events (`handoff.initiate` with the transcript, `handoff.status`) become the
 * product's hand-over events, told to the contact centre through the {@link HandoverNotifier}.
 *
 * Sends are handed to the outbound port and not awaited: `sendActivities` resolves once the
 * replies are queued, so the webhook answers WhatsApp quickly. A send that fails is recorded
 * on the outbound log by the port and logged here at error level. Errors of the turn itself
 * (a store outage) are not caught here: no `onTurnError` is set, so they reach the webhook,
 * which answers 503 and lets WhatsApp retry.
 *
 * @example
 * const adapter = new WhatsAppAdapter({ outbound, store, logger, notifier });
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
   * saved and its replies are queued, with the turn's result when the bot left one.
   */
  async processInbound(message: InboundMessage, logic: BotLogic): Promise<TurnResult | undefined> {
    const context = new TurnContext(this, inboundToActivity(message));
    context.turnState.set(INBOUND_MESSAGE_KEY, message);
    await this.runMiddleware(context, logic);
    return context.turnState.get<TurnResult | undefined>(TURN_RESULT_KEY);
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const messages: OutboundMessage[] = [];
    const responses = activities.map((activity) => {
      if (activity.type === ActivityTypes.Event) {
        this.handoff(context, activity);
        return { id: activity.id ?? '' };
      }
      const reply = activity.type === ActivityTypes.Message ? activityToReply(activity) : undefined;
      // Typing, delay and trace activities have no WhatsApp equivalent: nothing to send.
      if (!reply) return { id: '' };
      messages.push({ kind: 'reply', reply });
      return { id: `queued.${messages.length}` };
    });
    if (messages.length === 0) return responses;

    const first = activities[0] ?? {};
    const contact = await this.contactOf(context, first);
    const businessNumberId = businessNumberOf(first);
    // Nobody waits for a turn's replies: they are tried again for as long as the window allows.
    const delivery = this.options.outbound.send(contact, messages, businessNumberId, {
      retry: 'window',
    });
    // Nobody awaits the delivery, so this is the one place a turn's lost reply is told: at error
    // level, whatever the cause (a Cloud API refusal, or anything the port did not expect).
    delivery.catch((error: unknown) => {
      if (error instanceof SendAbandonedError) {
        this.options.logger.warn(
          { contact: describeRef(contact) },
          'replies of a turn abandoned at shutdown',
        );
        return;
      }
      this.options.logger.error(
        { contact: describeRef(contact), err: error },
        'replies of a turn not all delivered',
      );
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
