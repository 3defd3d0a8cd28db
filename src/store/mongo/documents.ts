import type {
  ConsentEvent,
  ConsentEventType,
  ConsentEvidence,
  ConsentSource,
} from '../../core/consent/events.js';
import type { ConsentState } from '../../core/consent/state.js';
import type { FlowCategory, WhatsAppCategory } from '../../core/flow/definition.js';
import type { HandoverRecord, TranscriptLine } from '../../core/handover/index.js';
import type { OutboundMessage } from '../../core/conversation/outbound.js';
import { omit } from '../omit.js';
import type {
  ContactRecord,
  OutboundEntry,
  OutboundStatus,
  OutboxLease,
  Suppression,
} from '../port.js';

/**
 * How the MongoDB store lays out its documents, and the mapping to the port's types.
 * Times are epoch milliseconds (numbers) everywhere, except `ProcessedDoc.expiresAt`, which a
 * TTL index needs as a BSON date.
 */

/** `contacts`: one document per person. */
export interface ContactDoc {
  _id: string;
  phone?: string;
  userId?: string;
  profileName?: string;
  language?: string;
  flowId?: string;
  flowVersion?: number;
  /**
   * The XState snapshot as JSON text: state ids contain dots, which MongoDB field names should
   * not, and a string round-trips exactly what `JSON.stringify` would.
   */
  snapshot?: string;
  lastInboundAt?: number;
  businessWroteAt?: number;
  windowStartedAt?: number;
  consent: ConsentState;
  /** The hand-over to a person (see `ContactRecord.handover`). */
  handover?: HandoverRecord;
  /** The latest lines of the conversation, oldest first (bounded by `appendTranscript`). */
  transcript?: TranscriptLine[];
  consentThrough?: number;
  screened?: readonly ('phone' | 'userId')[];
  recentMessageIds: string[];
  /**
   * The outbox: entries queued with the turns and sends that wrote them (same single-document
   * write), oldest first, until their outcome moves them to `outbound`.
   */
  outbox?: OutboxDoc[];
  /**
   * Who sends the outbox, until when. While the outbox has entries the field exists, with no
   * owner and `until: 0` when nobody holds it, so the sweep finds it through one index.
   */
  outboxLease?: { owner?: string; until: number };
  version: number;
  createdAt: number;
  updatedAt: number;
  /**
   * Ledger events written with the turn that produced them, not yet copied to
   * `consent_events`: the single-document write is what makes patch + events atomic without
   * transactions. Readers merge them; writers copy them over and pull them.
   */
  pendingEvents?: EventDoc[];
  /** Set when the contact's personal data was erased. */
  erasedAt?: number;
  /**
   * Set on a contact being merged into another (the absorbed one), until it is deleted: which
   * contact it goes into and all a finisher needs to complete the merge (`merge-contacts.ts`).
   */
  mergedInto?: MergeMarker;
  /** Set on the kept contact while it takes in the absorbed one: that contact's id. */
  mergingFrom?: string;
}

/** What an absorbed contact records when its merge begins, so that any process can finish it. */
export interface MergeMarker {
  /** The kept contact. */
  contactId: string;
  /** The identifier the absorbed contact hands over, found under this field while it moves. */
  phone?: string;
  userId?: string;
  /** The flow categories to project the merged ledger with, and the event's source and time. */
  categories: FlowCategory[];
  source: ConsentSource;
  at: number;
}

/**
 * `merged_contacts`: where a contact merged away went, one document per absorbed contact, kept
 * after the absorbed contact is deleted. A write that began before the merge (an outbound entry
 * of a send under way, a turn's processed message id) and lands after it is filed by it under
 * the kept contact. Holds store ids only, no personal data.
 */
export interface MergedContactDoc {
  /** The absorbed contact's id. */
  _id: string;
  /** The kept contact's id. */
  into: string;
  at: number;
}

/** `consent_events`: the append-only ledger. */
export interface EventDoc {
  _id: string;
  contactId: string;
  type: ConsentEventType;
  occurredAt: number;
  recordedAt: number;
  source: ConsentSource;
  evidence: ConsentEvidence;
  categories?: string[];
  /** The contact version the event was written with, then its place in that write: insertion order. */
  turn: number;
  position: number;
}

/** `processed_messages`: inbound message ids already applied, forgotten after the retention. */
export interface ProcessedDoc {
  _id: string;
  contactId: string;
  createdAt: number;
  expiresAt: Date;
}

/** `outbound`: what was sent to a customer and what became of it. */
export interface OutboundDoc {
  _id: string;
  contactId: string;
  waMessageId?: string;
  kind: OutboundEntry['kind'];
  body?: string;
  template?: string;
  category?: string;
  status: OutboundStatus;
  errorCode?: number;
  errorTitle?: string;
  businessNumberId?: string;
  batchId?: string;
  attempts?: number;
  createdAt: number;
  updatedAt: number;
  /** When the retention lets it go (a TTL index reads it; absent on entries from before it). */
  expiresAt?: Date;
}

/** An entry of `contacts.outbox`: the outbound entry, with the message to send as JSON text. */
export interface OutboxDoc {
  _id: string;
  contactId: string;
  kind: OutboundEntry['kind'];
  body?: string;
  template?: string;
  category?: string;
  status: 'queued';
  businessNumberId?: string;
  batchId?: string;
  /**
   * The message exactly as it will be sent, as JSON text: a template's components are the
   * caller's, and text keeps whatever keys they have out of MongoDB's field-name rules.
   */
  messageJson?: string;
  recheck?: boolean;
  createdAt: number;
  updatedAt: number;
}

/** `outbox_senders`: the senders sharing each number's pace, each until its registration ends. */
export interface SenderDoc {
  _id: string;
  until: number;
  /** `until` as a date, for the TTL index that clears ended registrations. */
  expiresAt: Date;
}

/** `flow_versions`: the consent texts each flow version first went into service with. */
export interface FlowVersionDoc {
  /** `flowId@version`. */
  _id: string;
  flowId: string;
  version: number;
  textsHash: string;
  since: number;
  /** Absent in records made before the kinds were kept. */
  categoryKinds?: Record<string, WhatsAppCategory>;
}

/**
 * `suppressions`: what survives erasure, one document per identifier hash (phone or user id).
 * The hash is the `_id`, so its unique index is the lookup index and an upsert is idempotent.
 */
export interface SuppressionDoc {
  _id: string;
  optedOut: boolean;
  marketingSuppressed: boolean;
  erasedAt: number;
}

export function toContactRecord(doc: ContactDoc): ContactRecord {
  const { _id, snapshot, outbox, outboxLease, ...rest } = omit(doc, [
    'pendingEvents',
    'erasedAt',
    'mergedInto',
    'mergingFrom',
  ]);
  const lease = toLease(outboxLease);
  return {
    id: _id,
    ...rest,
    ...(snapshot === undefined ? {} : { snapshot: JSON.parse(snapshot) as unknown }),
    ...(outbox && outbox.length > 0 ? { outbox: outbox.map(fromOutboxDoc) } : {}),
    ...(lease ? { outboxLease: lease } : {}),
  };
}

/** The lease as the port sees it: none while nobody holds it (the `until: 0` marker). */
function toLease(stored: ContactDoc['outboxLease']): OutboxLease | undefined {
  return stored?.owner === undefined ? undefined : { owner: stored.owner, until: stored.until };
}

/** An outbound entry as it waits in `contacts.outbox`. */
export function toOutboxDoc(entry: OutboundEntry, contactId: string): OutboxDoc {
  const { id, message, recheck, ...rest } = entry;
  return {
    _id: id,
    ...omit(rest, ['waMessageId', 'errorCode', 'errorTitle', 'attempts']),
    contactId,
    status: 'queued',
    ...(message ? { messageJson: JSON.stringify(message) } : {}),
    ...(recheck ? { recheck: true } : {}),
  };
}

export function fromOutboxDoc(doc: OutboxDoc): OutboundEntry {
  const { _id, messageJson, ...rest } = doc;
  return {
    id: _id,
    ...rest,
    ...(messageJson === undefined ? {} : { message: JSON.parse(messageJson) as OutboundMessage }),
  };
}

export function toEventDoc(event: ConsentEvent, turn: number, position: number): EventDoc {
  const categories = 'categories' in event ? event.categories : undefined;
  return {
    _id: event.id,
    contactId: event.contactId,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    source: event.source,
    evidence: event.evidence,
    ...(categories ? { categories: [...categories] } : {}),
    turn,
    position,
  };
}

export function toConsentEvent(doc: EventDoc): ConsentEvent {
  const { _id, ...rest } = omit(doc, ['turn', 'position']);
  // The document was written from a ConsentEvent by toEventDoc; `type` still discriminates it.
  return { id: _id, ...rest } as ConsentEvent;
}

/** Ledger order: by `occurredAt`, then by insertion (turn, then place in the turn). */
export function compareEventDocs(a: EventDoc, b: EventDoc): number {
  return a.occurredAt - b.occurredAt || a.turn - b.turn || a.position - b.position;
}

export function toOutboundEntry(doc: OutboundDoc): OutboundEntry {
  const { _id, ...rest } = omit(doc, ['expiresAt']);
  return { id: _id, ...rest };
}

export function toSuppression(doc: SuppressionDoc): Suppression {
  const { _id, ...rest } = doc;
  return { hash: _id, ...rest };
}
