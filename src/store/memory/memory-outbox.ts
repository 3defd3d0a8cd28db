import { omit } from '../omit.js';
import {
  erasedBeforeSending,
  leaseOpenTo,
  mergedLease,
  outcomeOf,
  storedLease,
  toLogEntry,
} from '../outbox-rules.js';
import type { LeaseRequest, OutboundEntry, OutboxProgress } from '../port.js';
import {
  clone,
  keptOf,
  toRecord,
  type MemoryStoreData,
  type StoredContact,
} from './memory-data.js';

/**
 * The memory store's outbox and outbound log: the same rules as the MongoDB store's
 * (`store/mongo/outbox.ts`), on maps. Every function does its work synchronously, so a check
 * and its write are never interleaved with another call.
 */

/** The contact with `entries` appended to its outbox, and the lease taken when it is open. */
export function withQueued(
  data: MemoryStoreData,
  contact: StoredContact,
  entries: readonly OutboundEntry[],
  lease: LeaseRequest | undefined,
): StoredContact {
  if (entries.length === 0 && !lease) return contact;
  const queued = entries.map((entry) => ({
    ...clone(entry),
    contactId: contact.id,
    status: 'queued' as const,
  }));
  for (const entry of queued) data.queuedIn.set(entry.id, contact.id);
  const outbox = [...(contact.outbox ?? []), ...queued];
  if (outbox.length > 0) data.pendingOutboxes.add(contact.id);
  const take = lease !== undefined && outbox.length > 0 && leaseOpenTo(contact.outboxLease, lease);
  return withOutbox(contact, outbox, take ? storedLease(lease) : contact.outboxLease);
}

/** The contact with this outbox and lease (both absent when the outbox is empty). */
export function withOutbox(
  contact: StoredContact,
  outbox: readonly OutboundEntry[],
  lease: StoredContact['outboxLease'],
): StoredContact {
  const rest = omit(contact, ['outbox', 'outboxLease']);
  if (outbox.length === 0) return rest;
  return { ...rest, outbox, ...(lease ? { outboxLease: lease } : {}) };
}

/**
 * Moves an entry out of its contact's outbox into the log with its outcome, then extends or
 * releases the caller's lease (`Store.completeOutbound`).
 */
export function completeEntry(
  data: MemoryStoreData,
  entry: OutboundEntry,
  lease: LeaseRequest,
  retentionMs: number,
  put: (contact: StoredContact) => void,
): OutboxProgress {
  const holderId = data.queuedIn.get(entry.id);
  const holder = holderId === undefined ? undefined : data.contacts.get(holderId);
  const queued = holder?.outbox?.find((e) => e.id === entry.id);
  if (holder && queued) {
    data.queuedIn.delete(entry.id);
    const outbox = (holder.outbox ?? []).filter((e) => e.id !== entry.id);
    if (outbox.length === 0) data.pendingOutboxes.delete(holder.id);
    put(withOutbox(holder, outbox, holder.outboxLease));
  }
  const filed = queued ?? entry;
  logEntry(data, { ...filed, ...outcomeOf(entry) }, lease.now, retentionMs);

  const contact = data.contacts.get(keptOf(data, holderId ?? filed.contactId));
  if (!contact) return { contact: null, held: false };
  if (!leaseOpenTo(contact.outboxLease, lease)) return { contact: toRecord(contact), held: false };
  const outbox = contact.outbox ?? [];
  const next = withOutbox(contact, outbox, outbox.length > 0 ? storedLease(lease) : undefined);
  put(next);
  return { contact: toRecord(next), held: outbox.length > 0 };
}

/**
 * Files an entry in the outbound log, or writes the outcome onto the one already there. An
 * entry stays with the contact it was first filed under (or the one that contact went into);
 * one of an erased contact keeps no text.
 */
export function logEntry(
  data: MemoryStoreData,
  entry: OutboundEntry,
  now: number,
  retentionMs: number,
): void {
  const existing = data.outbound.get(entry.id)?.entry;
  const contactId = keptOf(data, existing?.contactId ?? entry.contactId);
  const merged: OutboundEntry = existing
    ? { ...existing, ...outcomeOf(entry), contactId }
    : { ...toLogEntry(clone(entry)), contactId };
  const stored = data.erasedIds.has(contactId) ? omit(merged, ['body']) : merged;
  data.outbound.set(entry.id, { entry: stored, expiresAt: now + retentionMs });
  if (stored.waMessageId !== undefined) data.byWaMessageId.set(stored.waMessageId, entry.id);
  fileUnder(data, contactId, entry.id);
  forgetExpiredLog(data, now);
}

/** Takes `entryId` into the contact's listing. */
function fileUnder(data: MemoryStoreData, contactId: string, entryId: string): void {
  let ids = data.logByContact.get(contactId);
  if (!ids) {
    ids = new Set();
    data.logByContact.set(contactId, ids);
  }
  ids.add(entryId);
}

/**
 * Forgets log entries past their retention. The log is in the order entries got their outcome
 * (time order), so the scan stops at the first entry still kept: an entry costs the expired
 * ones only. An entry written again keeps its place, and may be kept a little longer.
 */
function forgetExpiredLog(data: MemoryStoreData, now: number): void {
  for (const [id, { entry, expiresAt }] of data.outbound) {
    if (expiresAt > now) return;
    data.outbound.delete(id);
    if (entry.waMessageId !== undefined && data.byWaMessageId.get(entry.waMessageId) === id) {
      data.byWaMessageId.delete(entry.waMessageId);
    }
    data.logByContact.get(entry.contactId)?.delete(id);
  }
}

/** The contact's logged entries, then its queued ones, oldest first. */
export function listEntries(data: MemoryStoreData, contactId: string): OutboundEntry[] {
  const logged = [...(data.logByContact.get(contactId) ?? [])].flatMap(
    (id) => data.outbound.get(id)?.entry ?? [],
  );
  // Entry ids sort in creation order within one time (`outboxId`).
  const byAge = (a: OutboundEntry, b: OutboundEntry) =>
    a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const queued = data.contacts.get(contactId)?.outbox ?? [];
  return clone([...logged.sort(byAge), ...queued]);
}

/**
 * Erasure's part: the queued entries are logged as never sent and without text, the outbox
 * and its lease go, and the logged entries lose their text.
 */
export function eraseOutbound(
  data: MemoryStoreData,
  contact: StoredContact,
  now: number,
  retentionMs: number,
): StoredContact {
  for (const entry of contact.outbox ?? []) {
    data.queuedIn.delete(entry.id);
    logEntry(data, erasedBeforeSending(entry, now), now, retentionMs);
  }
  data.pendingOutboxes.delete(contact.id);
  for (const id of data.logByContact.get(contact.id) ?? []) {
    const logged = data.outbound.get(id);
    if (logged) data.outbound.set(id, { ...logged, entry: omit(logged.entry, ['body']) });
  }
  return withOutbox(contact, [], undefined);
}

/**
 * A merge's part: the absorbed contact's log entries and outbox move to the kept contact, its
 * queued entries after the kept contact's own, the lease as {@link mergedLease} says.
 */
export function mergeOutbound(
  data: MemoryStoreData,
  kept: StoredContact,
  absorbed: StoredContact,
): Pick<StoredContact, 'outbox' | 'outboxLease'> {
  for (const id of data.logByContact.get(absorbed.id) ?? []) {
    const logged = data.outbound.get(id);
    if (!logged) continue;
    data.outbound.set(id, { ...logged, entry: { ...logged.entry, contactId: kept.id } });
    fileUnder(data, kept.id, id);
  }
  data.logByContact.delete(absorbed.id);
  const moved = (absorbed.outbox ?? []).map((entry) => ({ ...entry, contactId: kept.id }));
  for (const entry of moved) data.queuedIn.set(entry.id, kept.id);
  data.pendingOutboxes.delete(absorbed.id);
  const outbox = [...(kept.outbox ?? []), ...moved];
  if (outbox.length === 0) return {};
  data.pendingOutboxes.add(kept.id);
  const lease = mergedLease(kept.outboxLease, absorbed.outboxLease);
  return { outbox, ...(lease ? { outboxLease: lease } : {}) };
}

/** Contacts whose outbox waits for a sender at `now`, those waiting longest first. */
export function dueOutboxes(data: MemoryStoreData, now: number, limit: number): string[] {
  const due: { id: string; since: number }[] = [];
  for (const id of data.pendingOutboxes) {
    const contact = data.contacts.get(id);
    const first = contact?.outbox?.[0];
    if (!contact || !first) continue;
    if (contact.outboxLease && contact.outboxLease.until > now) continue;
    due.push({ id, since: first.createdAt });
  }
  return due
    .sort((a, b) => a.since - b.since)
    .slice(0, limit)
    .map((d) => d.id);
}
