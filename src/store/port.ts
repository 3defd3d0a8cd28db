import type { ContactRef } from '../core/identity.js';
import type { ConsentEvent, ConsentSource, NewConsentEvent } from '../core/consent/events.js';
import type { ConsentState } from '../core/consent/state.js';
import type { FlowCategory } from '../core/flow/definition.js';
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
  /** When the current continuous customer-service window began, epoch ms. */
  readonly windowStartedAt?: number;
  /** Projection of the ledger, cached here; the events are the truth. */
  readonly consent: ConsentState;
  /** Last message ids applied (bounded, newest last): duplicate guard under the version check. */
  readonly recentMessageIds: readonly string[];
  /** Optimistic concurrency: incremented by every successful `saveTurn`. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The fields a turn may change. */
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
  >
>;

export interface SaveTurnInput {
  readonly contactId: string;
  /** The version read at the start of the turn; a different stored version is a conflict. */
  readonly expectedVersion: number;
  readonly patch: ContactPatch;
  /** Appended to the ledger with the same write (all or nothing with the patch). */
  readonly events: readonly NewConsentEvent[];
  /** The inbound message id this turn applied, added to `recentMessageIds` and processed ids. */
  readonly messageId?: string;
  readonly now: number;
}

export type OutboundStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** One business-to-customer send and what became of it. */
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
  readonly createdAt: number;
  readonly updatedAt: number;
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
   * moves, the younger contact is deleted, and a `contact.merged` event records it. The store
   * remembers where the younger contact went, for the writes still under way for it. Contacts
   * that each have their own value of one identifier (one phone, two user ids) are never
   * merged: the phone's contact is returned unchanged, as it is without `merge`.
   */
  ensureContact(ref: ContactRef, now: number, merge?: MergeOptions): Promise<ContactRecord>;
  getContact(id: string): Promise<ContactRecord | null>;
  /** Applies a turn: patch + events + message id, only if `expectedVersion` still holds. Throws `ConflictError` otherwise. */
  saveTurn(input: SaveTurnInput): Promise<ContactRecord>;
  /** The contact's consent events, oldest first (by `occurredAt`, then insertion). */
  listEvents(contactId: string): Promise<ConsentEvent[]>;
  /** True when this inbound message id was already applied (within the retention period). */
  isProcessed(messageId: string): Promise<boolean>;
  /**
   * Records the entry, or replaces the one with its id, except its contact: an entry stays with
   * the contact it was first filed under, and one naming a contact merged away since (a send
   * that began before the merge) is filed under the contact it went into.
   */
  recordOutbound(entry: OutboundEntry): Promise<void>;
  /** Updates an outbound entry from a status webhook; unknown ids are ignored (returns null). */
  updateOutboundStatus(
    waMessageId: string,
    update: { status: OutboundStatus; at: number; errorCode?: number; errorTitle?: string },
  ): Promise<OutboundEntry | null>;
  listOutbound(contactId: string): Promise<OutboundEntry[]>;
  exportContact(contactId: string): Promise<ContactExport | null>;
  /**
   * Erases the contact's personal data (record, snapshot, texts, evidence texts, outbound
   * bodies) and keeps the suppression under every hash `hashesOf` gives for the identifiers
   * being erased (asked with the contact as the erasure finds it, so an identifier linked
   * meanwhile is not lost). Records a `contact.erased` event with no personal data, once.
   * Idempotent: erasing again rewrites the same suppressions.
   */
  eraseContact(contactId: string, hashesOf: HashIdentifiers, now: number): Promise<void>;
  /** The suppressions kept under any of these hashes, ordered by hash; none: empty. */
  findSuppressions(hashes: readonly string[]): Promise<Suppression[]>;
  /**
   * The consent funnel of a flow over a period, from the ledger alone (`core/report/funnel.ts`
   * states the rules): per group, the customers asked and their last answers. Groups nobody
   * was asked in are absent; the order of the groups is not defined.
   */
  consentFunnel(query: FunnelQuery): Promise<FunnelCounts[]>;
  /** Throws `StoreUnavailableError` when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
