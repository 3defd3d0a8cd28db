import { randomUUID } from 'node:crypto';
import type { ConsentEvent } from '../../core/consent/events.js';
import type { ContactRef } from '../../core/identity.js';
import type {
  ContactRecord,
  FlowVersionTexts,
  OutboundEntry,
  SaveTurnInput,
  Suppression,
} from '../port.js';

/**
 * A contact as kept in memory: the record the port hands out, deeply frozen, so it is handed
 * out as it is (a caller that tries to change it fails with a `TypeError`), and a write makes a
 * new one that shares what did not change. Its snapshot is JSON data, as the MongoDB store
 * keeps it (`core/flow/persisted-snapshot.ts`).
 */
export type StoredContact = ContactRecord;

/** An outbound log entry (deeply frozen) and when the retention lets it go. */
export interface LoggedEntry {
  readonly entry: OutboundEntry;
  readonly expiresAt: number;
}

/**
 * Everything a memory store holds. Two stores made over the same data see one database, as two
 * server instances over one MongoDB do: tests use it to stop a sender between two writes and
 * recover with a fresh store and sender over what the first one left.
 */
export interface MemoryStoreData {
  readonly contacts: Map<string, StoredContact>;
  readonly idByPhone: Map<string, string>;
  readonly idByUser: Map<string, string>;
  /** Each contact's ledger in insertion order, its events frozen. */
  readonly events: Map<string, ConsentEvent[]>;
  /** Applied inbound message ids, in the order they were applied (time order, for retention). */
  readonly processed: Map<string, { contactId: string; createdAt: number }>;
  /** The outbound log, in the order entries got their outcome (time order, for retention). */
  readonly outbound: Map<string, LoggedEntry>;
  /** Log entry ids by WhatsApp message id: a status webhook finds its entry at once. */
  readonly byWaMessageId: Map<string, string>;
  /** Log entry ids by contact, for the contact's listing and erasure. */
  readonly logByContact: Map<string, Set<string>>;
  /** The contact whose outbox holds each queued entry. */
  readonly queuedIn: Map<string, string>;
  /** Contacts whose outbox is not empty. */
  readonly pendingOutboxes: Set<string>;
  readonly suppressions: Map<string, Suppression>;
  /** Contacts whose personal data was erased: nothing written for them later keeps a text. */
  readonly erasedIds: Set<string>;
  /** Where each absorbed contact went (absorbed id → kept id), for writes that arrive late. */
  readonly mergedInto: Map<string, string>;
  /** Registered senders and until when. */
  readonly senders: Map<string, number>;
  /** The consent texts each flow version first went into service with, by `flowId@version`. */
  readonly flowVersions: Map<string, FlowVersionTexts>;
}

/**
 * Creates empty data for {@link createMemoryStore}; pass the same data to several stores to share it.
 * @example const data = createMemoryStoreData(); const a = createMemoryStore({ data }); const b = createMemoryStore({ data });
 */
export function createMemoryStoreData(): MemoryStoreData {
  return {
    contacts: new Map(),
    idByPhone: new Map(),
    idByUser: new Map(),
    events: new Map(),
    processed: new Map(),
    outbound: new Map(),
    byWaMessageId: new Map(),
    logByContact: new Map(),
    queuedIn: new Map(),
    pendingOutboxes: new Set(),
    suppressions: new Map(),
    erasedIds: new Set(),
    mergedInto: new Map(),
    senders: new Map(),
    flowVersions: new Map(),
  };
}

/**
 * Runs a store write: the store's `beforeWrite` hook first (it may stop the write with nothing
 * changed), then `work`, as one synchronous step; resolves with what `work` returns.
 */
export type Write = <T>(operation: string, work: () => T) => Promise<T>;

/** The stored contact `ref` names: by its phone first, else by its user id. */
export function findStored(data: MemoryStoreData, ref: ContactRef): StoredContact | undefined {
  const id =
    (ref.phone === undefined ? undefined : data.idByPhone.get(ref.phone)) ??
    (ref.userId === undefined ? undefined : data.idByUser.get(ref.userId));
  return id === undefined ? undefined : data.contacts.get(id);
}

/** The contact that now holds what was filed under `contactId` (itself unless merged away). */
export function keptOf(data: MemoryStoreData, contactId: string): string {
  let id = contactId;
  for (let next = data.mergedInto.get(id); next !== undefined; next = data.mergedInto.get(id)) {
    id = next;
  }
  return id;
}

/**
 * A deep copy of a caller's value, frozen all the way down: what the store keeps of what it is
 * given, so a caller that changes its own value afterwards changes nothing here. A part that is
 * plain data frozen all the way down, as everything the store hands out is (a contact's consent
 * or hand-over given back in a patch, a persisted snapshot), cannot change: it is kept as it is.
 * Plain objects and arrays (all the store keeps) are copied by hand, several times faster than
 * `structuredClone`; any other value goes through `structuredClone`, which copies what it can
 * and refuses (with a `DataCloneError`) what MongoDB could not store either, such as a function.
 */
export function frozenCopy<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'function' || typeof value === 'symbol'
      ? structuredClone(value)
      : value;
  }
  if (isFrozenPlain(value)) return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = copyValue(value[i]);
    return Object.freeze(copy);
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return deepFreeze(structuredClone(value));
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    copy[key] = copyValue((value as Record<string, unknown>)[key]);
  }
  return Object.freeze(copy);
}

/** True when `value` is plain objects, arrays and primitives, every object of it frozen. */
function isFrozenPlain(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (typeof item === 'object' && item !== null && !isFrozenPlain(item)) return false;
    }
    return true;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) {
    const inner: unknown = (value as Record<string, unknown>)[key];
    if (typeof inner === 'object' && inner !== null && !isFrozenPlain(inner)) return false;
  }
  return true;
}

/**
 * Freezes what the store made of a value, all the way down, and returns it. A frozen part is
 * one the store froze before, whole, so it is not walked again: a contact written anew costs
 * its new parts only, and shares the rest with the contact it replaces.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    // Own keys only: everything here is a plain object.
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Files a contact under its id and its identifiers, frozen. */
export function putContact(data: MemoryStoreData, contact: StoredContact): void {
  data.contacts.set(contact.id, deepFreeze(contact));
  if (contact.phone !== undefined) data.idByPhone.set(contact.phone, contact.id);
  if (contact.userId !== undefined) data.idByUser.set(contact.userId, contact.id);
}

/** Appends consent events to a contact's ledger, each with an id of its own. */
export function appendEvents(
  data: MemoryStoreData,
  contactId: string,
  added: SaveTurnInput['events'],
): void {
  const ledger = data.events.get(contactId) ?? [];
  for (const event of added) {
    ledger.push(Object.freeze({ ...frozenCopy(event), id: randomUUID(), contactId }));
  }
  data.events.set(contactId, ledger);
}

/** A contact's ledger (frozen events), oldest first (equal times keep insertion order). */
export function listEventsOf(data: MemoryStoreData, contactId: string): ConsentEvent[] {
  // Array.prototype.sort is stable: equal times keep insertion order.
  return [...(data.events.get(contactId) ?? [])].sort((a, b) => a.occurredAt - b.occurredAt);
}
