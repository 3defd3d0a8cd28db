import { omit } from '../omit.js';
import { outcomeOf, toLogEntry } from '../outbox-rules.js';
import type { OutboundEntry, Store } from '../port.js';
import { statusesBefore } from '../store-rules.js';
import { deepFreeze, frozenCopy, keptOf, type MemoryStoreData, type Write } from './memory-data.js';

/**
 * The memory store's outbound log (as `store/mongo/outbox-log.ts` is the MongoDB store's): an
 * outcome filed, the entries of a contact listed, a status webhook's update, and retention.
 */

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
    : { ...frozenCopy(toLogEntry(entry)), contactId };
  const stored = deepFreeze(data.erasedIds.has(contactId) ? omit(merged, ['body']) : merged);
  data.outbound.set(entry.id, { entry: stored, expiresAt: now + retentionMs });
  if (stored.waMessageId !== undefined) data.byWaMessageId.set(stored.waMessageId, entry.id);
  fileUnder(data, contactId, entry.id);
  forgetExpiredLog(data, now);
}

/** Takes `entryId` into the contact's listing. */
export function fileUnder(data: MemoryStoreData, contactId: string, entryId: string): void {
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

/** The contact's logged entries, then its queued ones, oldest first (each frozen). */
export function listEntries(data: MemoryStoreData, contactId: string): OutboundEntry[] {
  const logged = [...(data.logByContact.get(contactId) ?? [])].flatMap(
    (id) => data.outbound.get(id)?.entry ?? [],
  );
  // Entry ids sort in creation order within one time (`outboxId`).
  const byAge = (a: OutboundEntry, b: OutboundEntry) =>
    a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const queued = data.contacts.get(contactId)?.outbox ?? [];
  return [...logged.sort(byAge), ...queued];
}

/** The logged entry of a WhatsApp message id, frozen (`Store.findOutbound`). */
export function findLogged(data: MemoryStoreData, waMessageId: string): OutboundEntry | null {
  const id = data.byWaMessageId.get(waMessageId);
  const logged = id === undefined ? undefined : data.outbound.get(id);
  return logged ? logged.entry : null;
}

/**
 * A status webhook's update of the entry of `waMessageId` (`Store.updateOutboundStatus`): a
 * status only moves forward; an entry it would move back is answered unchanged, and an unknown
 * id with `null`, neither written.
 */
export function updateLoggedStatus(
  data: MemoryStoreData,
  write: Write,
  waMessageId: string,
  update: Parameters<Store['updateOutboundStatus']>[1],
): Promise<OutboundEntry | null> {
  const id = data.byWaMessageId.get(waMessageId);
  const logged = id === undefined ? undefined : data.outbound.get(id);
  if (!id || !logged) return Promise.resolve(null);
  const entry = logged.entry;
  if (!statusesBefore(update.status).includes(entry.status)) {
    return Promise.resolve(entry);
  }
  return write('updateOutboundStatus', () => {
    const next: OutboundEntry = Object.freeze({
      ...entry,
      status: update.status,
      ...(update.errorCode === undefined ? {} : { errorCode: update.errorCode }),
      ...(update.errorTitle === undefined ? {} : { errorTitle: update.errorTitle }),
      updatedAt: Math.max(entry.updatedAt, update.at),
    });
    data.outbound.set(id, { ...logged, entry: next });
    return next;
  });
}
