import type { ContactRef } from '../core/identity.js';
import type { ConsentEvent, ConsentSource, NewConsentEvent } from '../core/consent/events.js';
import type { ConsentState } from '../core/consent/state.js';
import type { OutboundMessage } from '../core/conversation/outbound.js';
import type { CategoryKinds, FlowCategory } from '../core/flow/definition.js';
import type { HandoverRecord, TranscriptLine } from '../core/handover/index.js';
import type { FunnelCounts, FunnelQuery } from '../core/report/index.js';

/**
 * The storage port. Two adapters implement it (`store/memory`, `store/mongo`) and both pass
 * one contract suite (`test/integration/store-contract.ts`).
 */

/** One contact: identifiers, conversation snapshot, window facts and the consent projection. */
export interface ContactRecord {
  /** Store key, stable for the life of the contact (never the phone number). */
  readonly id: string;
  readonly phone?: string;
  readonly userId?: string;
  readonly profileName?: string;
  /** Language the conversation is in (set by keywords, simulator, or the flow default). */
  readonly language?: string;
  /** The flow id + version the snapshot belongs to. */
  readonly flowId?: string;
  readonly flowVersion?: number;
  /** Persisted XState snapshot (JSON), absent before the first turn. */
  readonly snapshot?: unknown;
  /** Timestamp of the customer's last message (webhook time), epoch ms. */
  readonly lastInboundAt?: number;
  /**
   * When the business last queued a message of its own to this contact (`queueOutbound`: a
   * `POST /v1/messages` text or template, an agent's text), epoch ms: a typed "yes" after it
   * answers that message, not the bot's earlier prompt.
   */
  readonly businessWroteAt?: number;
  /** When the current continuous customer-service window began, epoch ms. */
  readonly windowStartedAt?: number;
  /** Projection of the ledger, cached here; the events are the truth. */
  readonly consent: ConsentState;
  /**
   * The hand-over to a person, while it runs (and, once given back, until the bot greeted the
   * customer back): its times and the customer's messages kept for the agent. Erased with the
   * contact, exported to the DPO.
   */
  readonly handover?: HandoverRecord;
  /** The latest lines of the conversation, for the person a hand-over goes to (bounded). */
  readonly transcript?: readonly TranscriptLine[];
  /**
   * The time (`occurredAt`) of the latest ledger event {@link consent} was projected through,
   * so that the next turn can apply newer events to it instead of reading the whole ledger.
   * Absent: project from the ledger (after a merge, or events written without it).
   */
  readonly consentThrough?: number;
  /**
   * The identifiers already looked up among the opt-outs erased contacts left behind
   * (`Store.findSuppressions`): a turn looks up only an identifier new to the contact.
   */
  readonly screened?: readonly ('phone' | 'userId')[];
  /** Last message ids applied (bounded, newest last): duplicate guard under the version check. */
  readonly recentMessageIds: readonly string[];
  /**
   * The outbox: messages saved for this contact and not sent yet, oldest first (status
   * `queued`). Absent when empty. Each leaves it once with its outcome, for the outbound log.
   */
  readonly outbox?: readonly OutboundEntry[];
  /** Which sender may send the outbox, until when (absent: nobody is sending it). */
  readonly outboxLease?: OutboxLease;
  /** Optimistic concurrency: incremented by every successful `saveTurn`. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The fields a turn may change; `handover: null` removes the hand-over. */
export type ContactPatch = Partial<
  Pick<
    ContactRecord,
    | 'phone'
    | 'userId'
    | 'profileName'
    | 'language'
    | 'flowId'
    | 'flowVersion'
    | 'snapshot'
    | 'lastInboundAt'
    | 'windowStartedAt'
    | 'consent'
    | 'consentThrough'
    | 'screened'
  >
> & { readonly handover?: HandoverRecord | null };

export interface SaveTurnInput {
  readonly contactId: string;
  /** The version read at the start of the turn; a different stored version is a conflict. */
  readonly expectedVersion: number;
  readonly patch: ContactPatch;
  /** Appended to the ledger with the same write (all or nothing with the patch). */
  readonly events: readonly NewConsentEvent[];
  /** The inbound message id this turn applied, added to `recentMessageIds` and processed ids. */
  readonly messageId?: string;
  /**
   * The turn's replies, appended to the contact's outbox with the same write (status `queued`):
   * a crash after the write loses none of them.
   */
  readonly outbox?: readonly OutboundEntry[];
  /**
   * Take the outbox lease with the same write when nobody holds it (or it expired, or it is the
   * caller's already), so the caller sends the replies at once without another round trip.
   */
  readonly lease?: LeaseRequest;
  /**
   * Lines added to the contact's transcript with the same write, its latest
   * `TRANSCRIPT_LINES_KEPT` kept: the conversation so far, for a person taking it over.
   */
  readonly transcript?: readonly TranscriptLine[];
  readonly now: number;
}

/**
 * A sender's exclusive right to send one contact's outbox, until `until` (epoch ms of the
 * senders' clock). It moves to another sender only once expired: a sender that died holding it
 * is taken over, never raced.
 */
export interface OutboxLease {
  /** The sender instance (a random id per process). */
  readonly owner: string;
  readonly until: number;
}

/** A sender taking, extending or giving up a lease at `now` of the senders' clock. */
export interface LeaseRequest extends OutboxLease {
  readonly now: number;
}

/**
 * Where an outbound message stands: `queued` in the outbox, then `sent` (the Cloud API took
 * it) or `failed` (with the reason), then `delivered` and `read` from status webhooks. `sending`
 * is what versions before the outbox wrote while a call was under way.
 */
export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/**
 * One business-to-customer message and what became of it: the outbox entry (while `queued`)
 * and the outbound log entry (afterwards) are one and the same, under one id.
 */
export interface OutboundEntry {
  readonly id: string;
  readonly contactId: string;
  /** WhatsApp message id once the Cloud API accepted it. */
  readonly waMessageId?: string;
  readonly kind: 'text' | 'buttons' | 'list' | 'template';
  /** Message text or template name, for the subject-access export (erased with the contact). */
  readonly body?: string;
  readonly template?: string;
  readonly category?: string;
  readonly status: OutboundStatus;
  readonly errorCode?: number;
  readonly errorTitle?: string;
  /** The business phone-number id it goes from. */
  readonly businessNumberId?: string;
  /**
   * The messages queued together (one turn's replies, one API send): they go in order, and
   * when one of them cannot be sent the rest of the batch is not sent either.
   */
  readonly batchId?: string;
  /** While queued: the message exactly as it will be sent (dropped with the outcome). */
  readonly message?: OutboundMessage;
  /**
   * While queued: a business-initiated message, which the send policy decides once more right
   * before it goes (a STOP stored meanwhile refuses it).
   */
  readonly recheck?: boolean;
  /** Cloud API calls made for it, recorded with the outcome. */
  readonly attempts?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * What a sender learns from completing an entry: the contact whose outbox it was (with what is
 * left in it, after any merge), and whether the caller still holds that outbox's lease.
 */
export interface OutboxProgress {
  /** Null when the contact no longer exists (erased and gone, or never known). */
  readonly contact: ContactRecord | null;
  /** True while the caller holds the lease and the outbox has more to send. */
  readonly held: boolean;
}

/** Everything stored about one contact (subject-access request). */
export interface ContactExport {
  readonly contact: ContactRecord;
  readonly events: readonly ConsentEvent[];
  readonly outbound: readonly OutboundEntry[];
  readonly processedMessageIds: readonly string[];
}

/**
 * What survives erasure, once per identifier the contact had: a keyed hash of that identifier
 * and whether the person must stay opted out (or off marketing).
 */
export interface Suppression {
  /** Keyed hash of one identifier (phone or user id); computed by the caller, never stored in clear. */
  readonly hash: string;
  readonly optedOut: boolean;
  readonly marketingSuppressed: boolean;
  readonly erasedAt: number;
}

/**
 * The keyed hashes of a contact's identifiers, under which its erasure keeps the suppression.
 * A function because the key is not the store's, and the store alone knows the identifiers at
 * the moment it erases them.
 */
export type HashIdentifiers = (identifiers: ContactRef) => readonly string[];

/**
 * What `ensureContact` needs to merge two contacts a reference proves to be one person. The
 * categories are the flow's, not the store's: the merged ledger is projected with them.
 */
export interface MergeOptions {
  /** The flow's categories, to project the merged ledger into the contact's consent. */
  readonly categories: readonly FlowCategory[];
  /** Where the reference came from, recorded on the `contact.merged` event. */
  readonly source: ConsentSource;
}

/**
 * The consent texts a flow version went into service with. Consent events name the flow version
 * the customer answered, so one version must keep one set of texts across restarts and instances.
 */
export interface FlowVersionTexts {
  readonly flowId: string;
  readonly version: number;
  /** `consentTextsHash` of the version's consent texts. */
  readonly textsHash: string;
  /** When it first went into service (epoch ms). */
  readonly since: number;
  /**
   * The WhatsApp category of each consent category it went into service with; absent in
   * records made before they were kept.
   */
  readonly categoryKinds?: CategoryKinds;
}

export interface Store {
  /** Finds a contact by phone or user id (either matches). */
  findContact(ref: ContactRef): Promise<ContactRecord | null>;
  /**
   * Finds or creates the contact, and links a newly seen identifier (a user id arriving with a
   * known phone, or the reverse) so consent follows the person. Safe under concurrency.
   *
   * When the phone names one contact and the user id another (the person wrote by phone, then
   * by user id only), the reference proves them one person: with `merge`, the younger contact is
   * merged into the older one, which keeps both identifiers, the union of the two ledgers (its
   * consent projected from it, latest by time wins), the processed message ids, the outbound
   * log, the joined window and the machine snapshot of the contact updated last; its version
   * moves, the younger contact is deleted, and a `contact.merged` event records it. The younger
   * contact's outbox follows the kept one's, and its lease goes with it unless the kept contact's
   * outbox has a live lease of its own. The store
   * remembers where the younger contact went, for the writes still under way for it. Contacts
   * that each have their own value of one identifier (one phone, two user ids) are never
   * merged: the phone's contact is returned unchanged, as it is without `merge`.
   */
  ensureContact(ref: ContactRef, now: number, merge?: MergeOptions): Promise<ContactRecord>;
  getContact(id: string): Promise<ContactRecord | null>;
  /**
   * Applies a turn: patch + events + message id + outbox entries, all or nothing, only if
   * `expectedVersion` still holds. Throws `ConflictError` otherwise, its `reason` saying why
   * (`stale_version`, `duplicate_message`, `identifier_taken`, `contact_merging`, `merged_away`). Events written without a
   * `consentThrough` in the patch clear it (the projection is then rebuilt from the ledger).
   */
  saveTurn(input: SaveTurnInput): Promise<ContactRecord>;
  /** The contact's consent events, oldest first (by `occurredAt`, then insertion). */
  listEvents(contactId: string): Promise<ConsentEvent[]>;
  /** True when this inbound message id was already applied (within the retention period). */
  isProcessed(messageId: string): Promise<boolean>;
  /**
   * Appends messages to the outbox of the contact (or of the contact it was merged into), in
   * one write, taking the lease like `saveTurn` when `lease` is given. For business-initiated
   * sends; a turn's replies go with `saveTurn`. Throws `NotFoundError` for an unknown or erased
   * contact.
   */
  queueOutbound(
    contactId: string,
    entries: readonly OutboundEntry[],
    lease?: LeaseRequest,
  ): Promise<ContactRecord>;
  /**
   * Takes the lease of the contact's outbox (or of the contact it was merged into) when the
   * outbox has messages and nobody else holds a live lease. Returns the contact with its outbox,
   * or null when there is nothing to send or another sender holds it.
   */
  claimOutbox(contactId: string, lease: LeaseRequest): Promise<ContactRecord | null>;
  /**
   * Records a message's outcome (`sent` or `failed`): the entry leaves the outbox and joins the
   * outbound log, without its `message`, in what counts as one write, and is kept there for the
   * retention from `lease.now`. Then the caller's lease is extended to `lease.until`, or released
   * when the outbox is empty. Idempotent: completing an entry again writes its outcome again and
   * moves nothing. An entry of a contact merged away since is found under the contact it went
   * into; one whose contact was erased keeps no text.
   */
  completeOutbound(entry: OutboundEntry, lease: LeaseRequest): Promise<OutboxProgress>;
  /**
   * Extends the caller's lease to `lease.until`, or gives it up when `lease.until <= lease.now`.
   * False when the caller does not hold it (it expired and was taken, or the contact is gone).
   */
  renewOutboxLease(contactId: string, lease: LeaseRequest): Promise<boolean>;
  /**
   * Contacts whose outbox has messages and no live lease (never claimed, or left by a sender
   * that stopped or died), at most `limit`, those waiting longest first.
   */
  findDueOutboxes(now: number, limit: number): Promise<string[]>;
  /**
   * Registers (or keeps registered) the sender `id` until `until`, and answers the ids of every
   * sender registered past `now`, its own included: the senders share each business number's
   * pace between them.
   */
  touchSender(id: string, until: number, now: number): Promise<string[]>;
  /** The outbound log entry WhatsApp knows by this message id, or null. */
  findOutbound(waMessageId: string): Promise<OutboundEntry | null>;
  /** Updates an outbound entry from a status webhook; unknown ids are ignored (returns null). */
  updateOutboundStatus(
    waMessageId: string,
    update: { status: OutboundStatus; at: number; errorCode?: number; errorTitle?: string },
  ): Promise<OutboundEntry | null>;
  /** The contact's messages, sent or not: the outbound log, then the outbox, oldest first. */
  listOutbound(contactId: string): Promise<OutboundEntry[]>;
  exportContact(contactId: string): Promise<ContactExport | null>;
  /**
   * Erases the contact's personal data (record, snapshot, texts, evidence texts, outbound
   * bodies) and keeps the suppression under every hash `hashesOf` gives for the identifiers
   * being erased (asked with the contact as the erasure finds it, so an identifier linked
   * meanwhile is not lost). Records a `contact.erased` event with no personal data, once.
   * Messages still in its outbox are not sent: they join the log as `failed`, without text.
   * Idempotent: erasing again rewrites the same suppressions.
   */
  eraseContact(contactId: string, hashesOf: HashIdentifiers, now: number): Promise<void>;
  /** The suppressions kept under any of these hashes, ordered by hash; none: empty. */
  findSuppressions(hashes: readonly string[]): Promise<Suppression[]>;
  /**
   * The contacts handed over to a person (a hand-over under way, not yet given back), the
   * longest waiting first (by `handover.since`, then id).
   */
  listHandovers(): Promise<ContactRecord[]>;
  /**
   * The consent funnel of a flow over a period, from the ledger alone (`core/report/funnel.ts`
   * states the rules): per group, the customers asked and their last answers. Groups nobody
   * was asked in are absent; the order of the groups is not defined.
   */
  consentFunnel(query: FunnelQuery): Promise<FunnelCounts[]>;
  /** Throws `StoreUnavailableError` when the store cannot be reached. */
  /**
   * Records the consent texts of a flow version the first time it goes into service, and gives
   * back what is recorded for that version: these texts, or the ones it first served with (in an
   * earlier run or another instance), which the caller compares to refuse other texts under the
   * same version. Safe under concurrency: the first record wins.
   */
  recordFlowVersion(texts: FlowVersionTexts): Promise<FlowVersionTexts>;
  /** Every version of the flow recorded by `recordFlowVersion`, lowest version first; none: empty. */
  listFlowVersions(flowId: string): Promise<FlowVersionTexts[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
