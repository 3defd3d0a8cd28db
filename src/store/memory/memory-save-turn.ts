import { persistedSnapshot } from '../../core/flow/persisted-snapshot.js';
import { TRANSCRIPT_LINES_KEPT } from '../../core/handover/index.js';
import { omit } from '../omit.js';
import type { ContactPatch, ContactRecord, SaveTurnInput } from '../port.js';
import {
  contactNotFound,
  duplicateMessage,
  identifierTaken,
  mergedAway,
  versionConflict,
} from '../store-errors.js';
import { appendedTranscript, RECENT_MESSAGE_IDS_LIMIT, toStoredPatch } from '../store-rules.js';
import {
  appendEvents,
  frozenCopy,
  putContact,
  type MemoryStoreData,
  type StoredContact,
} from './memory-data.js';
import { withQueued } from './memory-outbox.js';

/**
 * The memory store's `Store.saveTurn`, done synchronously (so its checks and its write are
 * never interleaved with another call): the duplicate and version checks, the patch, the
 * transcript lines, the outbox entries and lease, the ledger events and the processed id, in
 * one step. Throws the store's `ConflictError`s and `NotFoundError` with nothing changed.
 * `retentionMs` is how long processed ids are remembered.
 * @example const saved = saveTurnIn(data, input, DEFAULT_PROCESSED_RETENTION_MS);
 */
export function saveTurnIn(
  data: MemoryStoreData,
  input: SaveTurnInput,
  retentionMs: number,
): ContactRecord {
  const { contacts, idByPhone, idByUser, processed } = data;
  const current = contacts.get(input.contactId);
  if (!current) {
    throw data.mergedInto.has(input.contactId)
      ? mergedAway(input.contactId)
      : contactNotFound(input.contactId);
  }
  if (input.messageId !== undefined && current.recentMessageIds.includes(input.messageId)) {
    throw duplicateMessage(input.contactId, input.messageId);
  }
  if (current.version !== input.expectedVersion) {
    throw versionConflict(input.contactId, input.expectedVersion, current.version);
  }
  const taken = takenIdentifier(data, current, input.patch);
  if (taken) throw identifierTaken(input.contactId, taken);
  const { fields, unset } = storedPatchOf(input.patch);
  const patched: StoredContact = {
    ...omit(current, [...unset, ...(input.events.length > 0 ? ['consentThrough' as const] : [])]),
    ...fields,
    recentMessageIds:
      input.messageId === undefined
        ? current.recentMessageIds
        : [...current.recentMessageIds, input.messageId].slice(-RECENT_MESSAGE_IDS_LIMIT),
    ...(input.transcript && input.transcript.length > 0
      ? {
          transcript: appendedTranscript(
            current.transcript,
            frozenCopy(input.transcript),
            TRANSCRIPT_LINES_KEPT,
          ),
        }
      : {}),
    version: current.version + 1,
    updatedAt: input.now,
  };
  const next = withQueued(data, patched, input.outbox ?? [], input.lease);
  if (input.patch.phone !== undefined && current.phone !== undefined) {
    idByPhone.delete(current.phone);
  }
  if (input.patch.userId !== undefined && current.userId !== undefined) {
    idByUser.delete(current.userId);
  }
  putContact(data, next);
  appendEvents(data, input.contactId, input.events);
  if (input.messageId !== undefined && !processed.has(input.messageId)) {
    processed.set(input.messageId, { contactId: input.contactId, createdAt: input.now });
  }
  forgetExpired(data, input.now, retentionMs);
  return next;
}

/** The identifier of `patch` that already names another contact, if one does. */
function takenIdentifier(
  data: MemoryStoreData,
  current: StoredContact,
  patch: ContactPatch,
): 'phone' | 'userId' | undefined {
  const phoneOwner = patch.phone === undefined ? undefined : data.idByPhone.get(patch.phone);
  if (phoneOwner !== undefined && phoneOwner !== current.id) return 'phone';
  const userOwner = patch.userId === undefined ? undefined : data.idByUser.get(patch.userId);
  if (userOwner !== undefined && userOwner !== current.id) return 'userId';
  return undefined;
}

/**
 * Forgets processed ids past the retention. The map is in insertion order, which is time
 * order (the server's clock moves forward), so the scan stops at the first id still kept: a
 * turn costs the expired ids only, not every id ever seen. An id inserted out of order is
 * merely kept a little longer, which the retention (a minimum) allows.
 */
function forgetExpired(data: MemoryStoreData, now: number, retentionMs: number): void {
  for (const [id, entry] of data.processed) {
    if (entry.createdAt + retentionMs > now) return;
    data.processed.delete(id);
  }
}

function storedPatchOf(patch: ContactPatch): {
  fields: Partial<StoredContact>;
  unset: readonly 'handover'[];
} {
  // The snapshot is kept as JSON data, frozen: one the flow runner made is kept as it is (and
  // the runner knows it again next turn), any other is copied through JSON. The other fields
  // are copied here.
  const { snapshot, ...rest } = patch;
  const { fields, unset } = toStoredPatch(rest);
  const copied = frozenCopy(fields);
  const stored = snapshot === undefined ? undefined : persistedSnapshot(snapshot);
  return { fields: stored === undefined ? copied : { ...copied, snapshot: stored }, unset };
}
