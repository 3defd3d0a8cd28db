import { omit } from '../omit.js';
import {
  erasedBeforeSending,
  leaseOpenTo,
  mergedLease,
  outcomeOf,
  storedLease,
} from '../outbox-rules.js';
import type { LeaseRequest, OutboundEntry, OutboxProgress } from '../port.js';
import { frozenCopy, keptOf, type MemoryStoreData, type StoredContact } from './memory-data.js';
import { fileUnder, logEntry } from './memory-outbox-log.js';

/**
 * The memory store's outbox: the same rules as the MongoDB store's (`store/mongo/outbox.ts`),
 * on maps; the outbound log is `memory-outbox-log.ts`. Every function does its work synchronously, so a check
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
    ...frozenCopy(entry),
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
  const filed = queued ?? entry;
  logEntry(data, { ...filed, ...outcomeOf(entry) }, lease.now, retentionMs);
  if (holder && queued) {
    // The entry leaves the outbox and the lease moves in one new contact.
    data.queuedIn.delete(entry.id);
    const outbox = (holder.outbox ?? []).filter((e) => e.id !== entry.id);
    if (outbox.length === 0) data.pendingOutboxes.delete(holder.id);
    return progressOf(holder, outbox, lease, put);
  }
  const contact = data.contacts.get(keptOf(data, holderId ?? filed.contactId));
  if (!contact) return { contact: null, held: false };
  if (!leaseOpenTo(contact.outboxLease, lease)) return { contact, held: false };
  return progressOf(contact, contact.outbox ?? [], lease, put);
}

/**
 * Writes the contact with this outbox, and the caller's lease extended (or released when the
 * outbox is empty) if the caller may hold it.
 */
function progressOf(
  contact: StoredContact,
  outbox: readonly OutboundEntry[],
  lease: LeaseRequest,
  put: (contact: StoredContact) => void,
): OutboxProgress {
  const holds = leaseOpenTo(contact.outboxLease, lease);
  const next = withOutbox(
    contact,
    outbox,
    !holds ? contact.outboxLease : outbox.length > 0 ? storedLease(lease) : undefined,
  );
  put(next);
  return { contact: next, held: holds && outbox.length > 0 };
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
    if (logged) {
      data.outbound.set(id, { ...logged, entry: Object.freeze(omit(logged.entry, ['body'])) });
    }
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
    data.outbound.set(id, {
      ...logged,
      entry: Object.freeze({ ...logged.entry, contactId: kept.id }),
    });
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
