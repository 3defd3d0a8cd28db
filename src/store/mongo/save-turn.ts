import { randomUUID } from 'node:crypto';
import type { Filter, UpdateFilter } from 'mongodb';
import { TRANSCRIPT_LINES_KEPT } from '../../core/handover/index.js';
import type { ContactPatch, ContactRecord, SaveTurnInput } from '../port.js';
import {
  contactMerging,
  contactNotFound,
  duplicateMessage,
  identifierTaken,
  mergedAway,
  versionConflict,
} from '../store-errors.js';
import { RECENT_MESSAGE_IDS_LIMIT, toStoredPatch } from '../store-rules.js';
import type { StoreCollections } from './collections.js';
import { toContactRecord, toEventDoc, type ContactDoc, type EventDoc } from './documents.js';
import { fileUnderKept } from './merged-contacts.js';
import { isDuplicateKeyError, isUnknownWriteOutcome } from './mongo-errors.js';
import { leaseOpenFilter, queueUpdate } from './outbox.js';
import { flushPendingEvents } from './pending-events.js';
import { turnWasSaved } from './turn-outcome.js';

/**
 * One turn in one single-document write: the patch, the version increment, the message id,
 * the turn's events (parked in `pendingEvents`) and its replies (appended to the outbox, with
 * its lease when free) commit together or not at all. Only then are the events copied to
 * `consent_events` and the message id to `processed_messages`.
 *
 * Throws `ConflictError` when nothing matched, its `reason` saying why: `duplicate_message` (the
 * message was already applied: drop it), `stale_version`, `contact_merging` or `merged_away`
 * (find the contact again and run the turn again); `NotFoundError` for an id never stored.
 */
export async function saveTurn(
  collections: StoreCollections,
  input: SaveTurnInput,
  retentionMs: number,
): Promise<ContactRecord> {
  const { contactId, expectedVersion, messageId, now } = input;
  const turn = expectedVersion + 1;
  const events = input.events.map((event, position) =>
    toEventDoc({ ...event, id: randomUUID(), contactId }, turn, position),
  );
  const outbox = input.outbox ?? [];
  /** The write, with the outbox lease when it is to be taken, else without it. */
  const updateWith = (lease: SaveTurnInput['lease']): UpdateFilter<ContactDoc> => {
    const queued = outbox.length > 0 ? queueUpdate(contactId, outbox, lease) : {};
    const { set: patch, unset } = toPatchDoc(input.patch);
    const removed = [
      ...unset,
      // Events written without the projection's place leave it unknown: project anew next time.
      ...(events.length > 0 && patch.consentThrough === undefined ? ['consentThrough'] : []),
    ];
    const update: UpdateFilter<ContactDoc> = {
      $set: { ...patch, ...queued.$set, updatedAt: now },
      $inc: { version: 1 },
      ...(queued.$max ? { $max: queued.$max } : {}),
      ...(removed.length === 0
        ? {}
        : { $unset: Object.fromEntries(removed.map((field) => [field, ''])) }),
    };
    const push: Record<string, unknown> = { ...queued.$push };
    if (events.length > 0) push.pendingEvents = { $each: events };
    if (messageId !== undefined) {
      push.recentMessageIds = { $each: [messageId], $slice: -RECENT_MESSAGE_IDS_LIMIT };
    }
    if (input.transcript && input.transcript.length > 0) {
      push.transcript = { $each: [...input.transcript], $slice: -TRANSCRIPT_LINES_KEPT };
    }
    if (Object.keys(push).length > 0) update.$push = push;
    return update;
  };
  const filter: Filter<ContactDoc> = {
    _id: contactId,
    version: expectedVersion,
    // A contact in the middle of a merge takes no turn until the merge is finished.
    mergedInto: { $exists: false },
    mergingFrom: { $exists: false },
    ...(messageId === undefined ? {} : { recentMessageIds: { $ne: messageId } }),
  };

  let saved: ContactDoc | null = null;
  try {
    // With the outbox lease when it is free (the common case: one write), else without it: its
    // holder sends these replies after the ones it is sending.
    const leases = input.lease && outbox.length > 0 ? [input.lease, undefined] : [undefined];
    for (const lease of leases) {
      saved = await collections.contacts.findOneAndUpdate(
        lease ? { ...filter, ...leaseOpenFilter(lease) } : filter,
        updateWith(lease),
        { returnDocument: 'after' },
      );
      if (saved) break;
    }
  } catch (error) {
    if (isDuplicateKeyError(error)) {
      const field = error.keyPattern && 'phone' in error.keyPattern ? 'phone' : 'userId';
      throw identifierTaken(contactId, field);
    }
    // The connection failed after the request left: the server may have committed the turn.
    // A standalone server has no retryable writes to settle it, and answering 503 for a
    // committed turn would make WhatsApp's redelivery a duplicate whose replies (a STOP
    // confirmation) are never sent. Read the contact again and decide.
    if (!isUnknownWriteOutcome(error)) throw error;
    saved = await findLostTurn(collections, input, events, error);
  }
  if (!saved) throw await explainMiss(collections, input);

  // Committed. What follows only copies data the contact document already holds durably; a
  // failure here is repaired by the next read or write of this contact (readers merge and
  // flush `pendingEvents`; `recentMessageIds` still guards against the message), so it must
  // not turn a saved turn into an error that would make the caller run it again.
  await Promise.allSettled([
    flushPendingEvents(collections, contactId, saved.pendingEvents ?? []),
    messageId === undefined
      ? undefined
      : recordProcessed(collections, messageId, contactId, now, retentionMs),
  ]);
  return toContactRecord(saved);
}

/**
 * The contact as the lost turn write left it, when reading it again proves the write was
 * committed (`turnWasSaved`); otherwise the write's own error is thrown, as the store would
 * have thrown it without this check (a failed read says nothing more).
 */
async function findLostTurn(
  collections: StoreCollections,
  input: SaveTurnInput,
  events: readonly EventDoc[],
  writeError: unknown,
): Promise<ContactDoc> {
  const eventIds = events.map((event) => event._id);
  let contact: ContactDoc | null;
  let foundEventIds: string[] = [];
  try {
    contact = await collections.contacts.findOne({ _id: input.contactId });
    const pending = new Set((contact?.pendingEvents ?? []).map((event) => event._id));
    const missing = eventIds.filter((id) => !pending.has(id));
    // Copied to the ledger (and pulled from the contact) by a reader meanwhile.
    const ledger =
      missing.length === 0
        ? []
        : await collections.events
            .find({ _id: { $in: missing } }, { projection: { _id: 1 } })
            .toArray();
    foundEventIds = [...eventIds.filter((id) => pending.has(id)), ...ledger.map((e) => e._id)];
  } catch {
    throw writeError;
  }
  const saved =
    contact !== null &&
    turnWasSaved(
      {
        expectedVersion: input.expectedVersion,
        ...(input.messageId === undefined ? {} : { messageId: input.messageId }),
        eventIds,
      },
      { version: contact.version, recentMessageIds: contact.recentMessageIds, foundEventIds },
    );
  if (!saved || !contact) throw writeError;
  return contact;
}

/** The turn's message id, under the contact its contact went into should a merge come first. */
async function recordProcessed(
  collections: StoreCollections,
  messageId: string,
  contactId: string,
  now: number,
  retentionMs: number,
) {
  await collections.processed.insertOne({
    _id: messageId,
    contactId,
    createdAt: now,
    expiresAt: new Date(now + retentionMs),
  });
  await fileUnderKept(collections, contactId, (from, to) =>
    collections.processed.updateOne(
      { _id: messageId, contactId: from },
      { $set: { contactId: to } },
    ),
  );
}

/** Why a guarded turn write matched nothing. */
async function explainMiss(collections: StoreCollections, input: SaveTurnInput) {
  const current = await collections.contacts.findOne(
    { _id: input.contactId },
    { projection: { version: 1, recentMessageIds: 1, mergedInto: 1, mergingFrom: 1 } },
  );
  if (!current) {
    const merged = await collections.merged.findOne({ _id: input.contactId });
    return merged ? mergedAway(input.contactId) : contactNotFound(input.contactId);
  }
  if (input.messageId !== undefined && current.recentMessageIds.includes(input.messageId)) {
    return duplicateMessage(input.contactId, input.messageId);
  }
  if (current.mergedInto ?? current.mergingFrom) return contactMerging(input.contactId);
  return versionConflict(input.contactId, input.expectedVersion, current.version);
}

/**
 * The patch as `$set` fields (absent fields stay as they are; the snapshot is stored as JSON)
 * and the fields it removes (`handover: null`).
 */
function toPatchDoc(patch: ContactPatch): {
  set: Partial<ContactDoc>;
  unset: readonly string[];
} {
  const { fields, snapshotJson, unset } = toStoredPatch(patch);
  return {
    set: snapshotJson === undefined ? fields : { ...fields, snapshot: snapshotJson },
    unset,
  };
}
