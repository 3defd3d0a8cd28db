import type { Clock } from '../core/clock.js';
import { describeRef } from '../core/identity.js';
import type { ConversationEvent, ConversationIntent } from '../core/conversation/events.js';
import type { InboundMessage, Reply } from '../core/conversation/inbound.js';
import { isInForce } from '../core/consent/in-force.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type { HandoverChange } from '../core/handover/index.js';
import { NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ContactRecord, Store } from '../store/port.js';
import type { CompiledFlow, FlowCatalog } from './flow-catalog.js';
import { replyTextOf } from './consent-from-intents.js';
import { decideTurn, orderReplies } from './decide-turn.js';
import { createKeyedQueue } from './keyed-queue.js';
import { updateContact } from './update-contact.js';
import { keptOptOut } from './kept-opt-out.js';

/** The result of one customer message. */
export interface TurnResult {
  readonly contact: ContactRecord;
  /** Replies to send, in order; empty for a duplicate. */
  readonly replies: readonly Reply[];
  /** True when this message id was already applied: nothing changed, nothing to send. */
  readonly duplicate: boolean;
  /** Everything the machine asked for (replies, consent changes, hand-over), for metrics. */
  readonly intents: readonly ConversationIntent[];
  /** The event the message was interpreted as (absent for duplicates). */
  readonly event?: ConversationEvent['type'] | 'marketing.stop';
  readonly consentEvents: readonly NewConsentEvent[];
  readonly flow: CompiledFlow;
  /** What the turn did to a hand-over to a person: started it, kept a message, or ended it. */
  readonly handover?: HandoverChange;
}

export interface TurnServiceOptions {
  readonly store: Store;
  readonly flows: FlowCatalog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Key of the erased numbers' hashes: a number erased after STOP starts opted out again. */
  readonly phoneHashKey?: string;
}

/**
 * Handles one inbound customer message: a stateless turn.
 * Load the contact → interpret the message → run the flow machine restored from its snapshot
 * → save snapshot, window and consent events with a version check → hand back the replies.
 * Nothing is sent here: the caller sends the replies after this resolves, so a consent
 * confirmation never leaves before its event is stored.
 * @example
 * const turns = createTurnService({ store, flows, clock, logger });
 * const { replies } = await turns.handleMessage(inbound);
 */
export interface TurnService {
  /**
   * Runs one customer message. `options.flowId` runs it with that flow instead of the one of the
   * business number (the web simulator's flow menu); an unknown id is `NotFoundError('unknown_flow')`.
   */
  handleMessage(message: InboundMessage, options?: TurnOptions): Promise<TurnResult>;
  /** Resolves when all turns under way have finished (graceful shutdown). */
  idle(): Promise<void>;
}

/** How to run one message. */
export interface TurnOptions {
  /** The flow to run it with, by id (default: the flow of its business number). */
  readonly flowId?: string;
}

export function createTurnService(options: TurnServiceOptions): TurnService {
  const { store, flows, clock, logger } = options;
  const queue = createKeyedQueue();

  const flowOf = (message: InboundMessage, flowId: string | undefined): CompiledFlow => {
    if (flowId === undefined) return flows.forNumber(message.businessNumberId);
    const flow = flows.get(flowId);
    if (!flow) {
      throw new NotFoundError('unknown_flow', `There is no loaded flow with id "${flowId}".`, {
        id: flowId,
      });
    }
    return flow;
  };

  async function runTurn(message: InboundMessage, flowId?: string): Promise<TurnResult> {
    const flow = flowOf(message, flowId);
    if (await store.isProcessed(message.messageId)) {
      const contact = await store.ensureContact(message.contact, clock.now());
      return duplicateResult(contact, flow);
    }
    const outcome = await updateContact(
      { store, now: () => clock.now(), categories: flow.definition.categories },
      message.contact,
      async (read) => {
        const { phoneHashKey } = options;
        const kept = phoneHashKey
          ? await keptOptOut(store, read, flow.definition.categories, phoneHashKey, clock.now())
          : { contact: read, events: [] };
        const shown = await shownMessage(store, kept.contact, message);
        const change = decideTurn(flow, kept.contact, message, clock.now(), shown);
        return kept.events.length === 0
          ? change
          : { ...change, events: [...kept.events, ...(change.events ?? [])] };
      },
    );
    if (outcome.kind === 'duplicate') return duplicateResult(outcome.contact, flow);
    const { intents, event, consentEvents, handover } = outcome.result;
    const categories = flow.definition.categories;
    const overridden = consentEvents.filter(
      (e) => !isInForce(outcome.contact.consent, e, categories),
    );
    if (overridden.length > 0) {
      // A late message (a STOP redelivered after the customer's later START and "Yes"): its
      // event stays in the ledger as proof, but its confirmation would tell the customer
      // something untrue, so the consent region's replies of this turn are not sent.
      logger.info(
        { contact: describeRef(message.contact), overridden: overridden.map((e) => e.type) },
        'a late message changed no consent: a later decision wins; its confirmation is not sent',
      );
    }
    const replies = orderReplies(
      overridden.length === 0
        ? intents
        : intents.filter((i) => !(i.type === 'reply' && i.from === 'consent')),
    );
    // Checked first: the masked contact is not worth building for a line nobody reads.
    if (logger.isLevelEnabled('debug')) {
      logger.debug(
        { contact: describeRef(message.contact), event, replies: replies.length },
        'turn applied',
      );
    }
    return {
      contact: outcome.contact,
      replies,
      duplicate: false,
      intents,
      event,
      consentEvents,
      flow,
      ...(handover ? { handover } : {}),
    };
  }

  return {
    handleMessage: (message, turnOptions) =>
      queue.run(queueKeys(message), () => runTurn(message, turnOptions?.flowId)),
    idle: () => queue.idle(),
  };
}

/**
 * For a tapped consent button, the text of the message it was under: WhatsApp names that message
 * (`context.id`) and the outbound log kept its text. It ties a "yes" to the question the customer
 * read (the evidence) and lets an old question's button be told from the current one.
 * Undefined for anything else, or when the message is unknown (a dry run, an erased log).
 */
async function shownMessage(
  store: Store,
  contact: ContactRecord,
  message: InboundMessage,
): Promise<string | undefined> {
  const { content, replyTo } = message;
  if (replyTo === undefined || content.kind !== 'choice' || !content.id.startsWith('consent.')) {
    return undefined;
  }
  const entries = await store.listOutbound(contact.id);
  return entries.find((entry) => entry.waMessageId === replyTo)?.body;
}

function duplicateResult(contact: ContactRecord, flow: CompiledFlow): TurnResult {
  return { contact, replies: [], duplicate: true, intents: [], consentEvents: [], flow };
}

/**
 * One queue per person, under every identifier the message names: a message with the phone and
 * the user id waits for the person's earlier messages by user id only (which it may merge into
 * the phone's contact), and the next message by either waits for it.
 */
function queueKeys(message: InboundMessage): string[] {
  const { phone, userId } = message.contact;
  const keys = [
    ...(phone === undefined ? [] : [`phone:${phone}`]),
    ...(userId === undefined ? [] : [`user:${userId}`]),
  ];
  return keys.length > 0 ? keys : [`message:${message.messageId}`];
}

export { replyTextOf };
