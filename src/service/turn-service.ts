import type { Clock } from '../core/clock.js';
import { describeRef } from '../core/identity.js';
import { numberAliases } from '../core/phone.js';
import type { ConversationEvent, ConversationIntent } from '../core/conversation/events.js';
import type { InboundMessage, Reply } from '../core/conversation/inbound.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type { ConsentState } from '../core/consent/state.js';
import type { HandoverChange } from '../core/handover/index.js';
import { turnTranscript } from '../core/handover/index.js';
import { NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ContactRecord, LeaseRequest, OutboundEntry, Store } from '../store/port.js';
import type { CompiledFlow, FlowCatalog } from './flow-catalog.js';
import { replyTextOf } from './consent-from-intents.js';
import { decideTurn } from './decide-turn.js';
import type { TurnDecision } from './decide-turn.js';
import { createKeyedQueue } from './keyed-queue.js';
import { updateContact } from './update-contact.js';
import type { ContactChange } from './update-contact.js';
import { keptOptOut, otherFormOptOut } from './kept-opt-out.js';
import { asReply, queuedEntries } from './outbox-entries.js';
import { alreadyApplied, identifiersOf, unscreened } from './turn-guards.js';
import { overriddenEvents, repliesInForce } from './turn-replies.js';

/** The result of one customer message. */
export interface TurnResult {
  readonly contact: ContactRecord;
  /** Replies to send, in order; empty for a duplicate. */
  readonly replies: readonly Reply[];
  /**
   * The replies as saved in the contact's outbox with the turn (when the turn queued them),
   * in order: a sender sends them from there.
   */
  readonly queued: readonly OutboundEntry[];
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

/**
 * Where the replies of WhatsApp turns go: into the contact's outbox, in the turn's own write,
 * and from there to a sender (`channels/whatsapp/outbox-sender.ts`).
 */
export interface TurnOutbox {
  /** The lease to take with the turn's write; undefined leaves the replies to any sender. */
  lease(): LeaseRequest | undefined;
  /** A turn was saved with replies in the outbox: send them, if this sender holds the lease. */
  saved(contact: ContactRecord): void;
}

export interface TurnServiceOptions {
  readonly store: Store;
  readonly flows: FlowCatalog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Key of the erased numbers' hashes: a number erased after STOP starts opted out again. */
  readonly identifierHashKey?: string;
  /** Where queued replies go (see {@link TurnOutbox}); without it nothing can be queued. */
  readonly outbox?: TurnOutbox;
}

/** How a turn hands its replies over. */
export interface TurnOptions {
  /**
   * Save the replies in the contact's outbox with the turn (WhatsApp), rather than only return
   * them (the simulators, the Bot Framework endpoint, which answer in their own way).
   */
  readonly queueReplies?: boolean;
  /**
   * The flow to run the message with, by id, instead of the one of its business number (the web
   * simulator's flow menu); an unknown id is `NotFoundError('unknown_flow')`.
   */
  readonly flowId?: string;
}

/**
 * Handles one inbound customer message: a stateless turn.
 * Load the contact → interpret the message → run the flow machine restored from its snapshot
 * → save snapshot, window, consent events and the replies (the outbox) in one write with a
 * version check → hand back the replies. Nothing is sent here: a sender sends the replies from
 * the outbox once they are saved, so a consent confirmation never leaves before its event is
 * stored, and a crash after the save loses none of them.
 * @example
 * const turns = createTurnService({ store, flows, clock, logger, outbox });
 * const { replies } = await turns.handleMessage(inbound, { queueReplies: true });
 */
export interface TurnService {
  handleMessage(message: InboundMessage, options?: TurnOptions): Promise<TurnResult>;
  /** Resolves when all turns under way have finished (graceful shutdown). */
  idle(): Promise<void>;
}

export function createTurnService(options: TurnServiceOptions): TurnService {
  const { store, flows, clock, logger, outbox } = options;
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

  async function runTurn(message: InboundMessage, turn: TurnOptions): Promise<TurnResult> {
    const flow = flowOf(message, turn.flowId);
    const categories = flow.definition.categories;
    const queueing = turn.queueReplies === true && outbox !== undefined;
    const outcome = await updateContact(
      { store, now: () => clock.now(), categories },
      message.contact,
      async (read): Promise<ContactChange<TurnDecision>> => {
        if (await alreadyApplied(store, read, message)) return { duplicate: true };
        const { identifierHashKey } = options;
        const screen = identifierHashKey !== undefined && unscreened(read);
        const erased = screen
          ? await keptOptOut(store, read, categories, identifierHashKey, clock.now())
          : { contact: read, events: [] };
        const twin = await otherFormOptOut(store, erased.contact, categories, clock.now());
        const shown = await shownMessage(store, twin.contact, message);
        const change = decideTurn(flow, twin.contact, message, clock.now(), shown);
        const events = [...erased.events, ...twin.events, ...change.events];
        const now = clock.now();
        return {
          ...change,
          patch: { ...change.patch, ...(screen ? { screened: identifiersOf(read) } : {}) },
          events,
          ...(queueing
            ? {
                outbox: (consent: ConsentState) =>
                  queuedEntries(repliesInForce(change.result, consent, categories).map(asReply), {
                    contactId: read.id,
                    businessNumberId: message.businessNumberId,
                    now,
                  }),
                lease: () => outbox.lease(),
              }
            : {}),
          // The conversation so far, for a person who takes it over: saved with the turn.
          transcript: (consent: ConsentState) =>
            turnTranscript(
              { at: message.timestamp, text: replyTextOf(message) },
              repliesInForce(change.result, consent, categories),
            ),
        };
      },
    );
    if (outcome.kind === 'duplicate') return duplicateResult(outcome.contact, flow);
    const { intents, event, consentEvents, handover } = outcome.result;
    const overridden = overriddenEvents(outcome.result, outcome.contact.consent, categories);
    if (overridden.length > 0) {
      logger.info(
        { contact: describeRef(message.contact), overridden: overridden.map((e) => e.type) },
        'a late message changed no consent: a later decision wins; its confirmation is not sent',
      );
    }
    const replies = repliesInForce(outcome.result, outcome.contact.consent, categories);
    if (outcome.queued.length > 0) outbox?.saved(outcome.contact);
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
      queued: outcome.queued,
      duplicate: false,
      intents,
      event,
      consentEvents,
      flow,
      ...(handover ? { handover } : {}),
    };
  }

  return {
    handleMessage: (message, turn = {}) =>
      queue.run(queueKeys(message), () => runTurn(message, turn)),
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
  // One indexed read, not the contact's whole log: a tap is a common message.
  const entry = await store.findOutbound(replyTo);
  return entry?.contactId === contact.id ? entry.body : undefined;
}

function duplicateResult(contact: ContactRecord, flow: CompiledFlow): TurnResult {
  return {
    contact,
    replies: [],
    queued: [],
    duplicate: true,
    intents: [],
    consentEvents: [],
    flow,
  };
}

/**
 * One queue per person, under every identifier the message names: a message with the phone and
 * the user id waits for the person's earlier messages by user id only (which it may merge into
 * the phone's contact), and the next message by either waits for it. A number's other form
 * (`numberAliases`) is the same person's too.
 */
function queueKeys(message: InboundMessage): string[] {
  const { phone, userId } = message.contact;
  const keys = [
    ...(phone === undefined ? [] : [phone, ...numberAliases(phone)].map((p) => `phone:${p}`)),
    ...(userId === undefined ? [] : [`user:${userId}`]),
  ];
  return keys.length > 0 ? keys : [`message:${message.messageId}`];
}

export { replyTextOf };
