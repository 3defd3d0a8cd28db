import type { Clock } from '../core/clock.js';
import { describeRef } from '../core/identity.js';
import type { ConversationEvent, ConversationIntent } from '../core/conversation/events.js';
import { carrySnapshot } from '../core/flow/carry-snapshot.js';
import type { InboundMessage, Reply } from '../core/conversation/inbound.js';
import { interpretMessage } from '../core/conversation/interpret-message.js';
import { advanceWindow } from '../core/window.js';
import { isInForce } from '../core/consent/in-force.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type { Logger } from '../logger.js';
import type { ContactRecord, Store } from '../store/port.js';
import type { CompiledFlow, FlowCatalog } from './flow-catalog.js';
import { consentEventsFromIntents, replyTextOf } from './consent-from-intents.js';
import { createKeyedQueue } from './keyed-queue.js';
import { updateContact } from './update-contact.js';
import type { ContactChange } from './update-contact.js';
import { isStopPromotions, marketingEvent } from './marketing-opt-out.js';
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
  handleMessage(message: InboundMessage): Promise<TurnResult>;
  /** Resolves when all turns under way have finished (graceful shutdown). */
  idle(): Promise<void>;
}

export function createTurnService(options: TurnServiceOptions): TurnService {
  const { store, flows, clock, logger } = options;
  const queue = createKeyedQueue();

  async function runTurn(message: InboundMessage): Promise<TurnResult> {
    const flow = flows.forNumber(message.businessNumberId);
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
    const { intents, event, consentEvents } = outcome.result;
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
    };
  }

  return {
    handleMessage: (message) => queue.run(queueKeys(message), () => runTurn(message)),
    idle: () => queue.idle(),
  };
}

interface TurnDecision {
  readonly intents: readonly ConversationIntent[];
  readonly event: ConversationEvent['type'] | 'marketing.stop';
  readonly consentEvents: readonly NewConsentEvent[];
}

/** Decides one turn from the contact as read; pure but for the machine run. */
function decideTurn(
  flow: CompiledFlow,
  contact: ContactRecord,
  message: InboundMessage,
  recordedAt: number,
  shown: string | undefined,
): ContactChange<TurnDecision> {
  const definition = flow.definition;
  const window = advanceWindow(contact, message.timestamp);
  const identity = {
    ...(message.contact.phone && !contact.phone ? { phone: message.contact.phone } : {}),
    ...(message.contact.userId && !contact.userId ? { userId: message.contact.userId } : {}),
    ...(message.profileName ? { profileName: message.profileName } : {}),
  };
  const basePatch = { ...identity, ...window };

  if (isStopPromotions(message.content)) {
    const consentEvents = [marketingEvent('consent.marketing_suppressed', message, recordedAt)];
    return {
      patch: basePatch,
      events: consentEvents,
      messageId: message.messageId,
      result: { intents: [], event: 'marketing.stop', consentEvents },
    };
  }

  const facts = {
    now: message.timestamp,
    messageId: message.messageId,
    consent: contact.consent,
    windowStartedAt: window.windowStartedAt,
    firstMessage: contact.lastInboundAt === undefined,
    // Its first identifier: the same customer draws the same question variant in every store.
    drawKey: contact.phone ?? contact.userId ?? contact.id,
  };
  const event = interpretMessage(message.content, flow.keywords, facts, {
    ...(contact.language ? { language: contact.language } : {}),
    ...(shown === undefined ? {} : { shown }),
  });
  const { intents, snapshot, language } = runMachine(flow, contact, event);
  const consentEvents = consentEventsFromIntents(
    intents,
    message,
    definition,
    recordedAt,
    flow.textsHash,
  );
  return {
    patch: {
      ...basePatch,
      snapshot,
      flowId: definition.id,
      flowVersion: definition.version,
      language,
    },
    events: consentEvents,
    messageId: message.messageId,
    result: { intents, event: event.type, consentEvents },
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

/** Restores the contact's machine (or starts one), feeds the event, collects the intents. */
function runMachine(flow: CompiledFlow, contact: ContactRecord, event: ConversationEvent) {
  const definition = flow.definition;
  const sameFlow = contact.flowId === definition.id && contact.flowVersion === definition.version;
  // A conversation under another flow or version keeps its consent part (carry-snapshot.ts).
  const snapshot = sameFlow ? contact.snapshot : carrySnapshot(contact.snapshot, definition);
  return flow.run(snapshot, contact.language ? { language: contact.language } : {}, event);
}

/**
 * The service answer goes out before any consent prompt: asking for opt-in must never delay
 * the reply to what the customer asked (PRODUCT.md, reactive replies). Order within each
 * region is kept.
 */
function orderReplies(intents: readonly ConversationIntent[]): Reply[] {
  const service: Reply[] = [];
  const consent: Reply[] = [];
  for (const intent of intents) {
    if (intent.type === 'reply') (intent.from === 'service' ? service : consent).push(intent.reply);
  }
  return [...service, ...consent];
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
