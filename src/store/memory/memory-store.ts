import { randomUUID } from 'node:crypto';
import type { ConsentEvent } from '../../core/consent/events.js';
import { UNKNOWN_CONSENT } from '../../core/consent/state.js';
import { funnelOfLedgers } from '../../core/report/index.js';
import type { ContactRef } from '../../core/identity.js';
import { ValidationError } from '../../errors.js';
import type { ContactExport, ContactPatch, OutboundEntry, SaveTurnInput, Store } from '../port.js';
import { isHandedOver, TRANSCRIPT_LINES_KEPT } from '../../core/handover/index.js';
import {
  DEFAULT_PROCESSED_RETENTION_MS,
  ERASED_CONTACT_FIELDS,
  RECENT_MESSAGE_IDS_LIMIT,
  appendedTranscript,
  erasedEvent,
  erasureHashes,
  statusesBefore,
  stripEvidence,
  suppressionFor,
  toStoredPatch,
} from '../store-rules.js';
import {
  contactNotFound,
  duplicateMessage,
  identifierTaken,
  versionConflict,
} from '../store-errors.js';
import { omit } from '../omit.js';
import { canMerge } from '../merge-rules.js';
import { DEFAULT_OUTBOUND_RETENTION_MS, leaseOpenTo, storedLease } from '../outbox-rules.js';
import {
  appendEvents,
  clone,
  createMemoryStoreData,
  keptOf,
  listEventsOf,
  putContact,
  toRecord,
  type MemoryStoreData,
  type StoredContact,
} from './memory-data.js';
import { mergeContacts } from './memory-merge.js';
import {
  completeEntry,
  dueOutboxes,
  eraseOutbound,
  listEntries,
  withOutbox,
  withQueued,
} from './memory-outbox.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** How long processed message ids are remembered, in ms (default 30 days). */
  readonly retentionMs?: number;
  /** How long the outbound log keeps an entry after its outcome, in ms (default 90 days). */
  readonly outboundRetentionMs?: number;
  /** The data to work on, shared with other stores made over it (default: fresh data). */
  readonly data?: MemoryStoreData;
  /**
   * Called before each write with the operation's name; a throw stops the write with nothing
   * changed. Tests stop a store between two writes with it, as a crash would.
   */
  readonly beforeWrite?: (operation: string) => void;
}

/**
 * Creates a non-durable, in-process {@link Store} for demos, simulators and tests.
 * Every value going in or out is cloned (the snapshot goes through JSON), so a caller that
 * mutates a returned object, or stores something MongoDB could not, finds out in tests.
 * Each method does its work synchronously, so a version check and its write can never be
 * interleaved with another call. What it keeps is bounded like the MongoDB store's: processed
 * message ids and outbound log entries are forgotten after their retention.
 * @example const store = createMemoryStore(); const contact = await store.ensureContact({ phone: '+34600123456' }, clock.now());
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const retentionMs = options.retentionMs ?? DEFAULT_PROCESSED_RETENTION_MS;
  const outboundRetentionMs = options.outboundRetentionMs ?? DEFAULT_OUTBOUND_RETENTION_MS;
  const data = options.data ?? createMemoryStoreData();
  const { contacts, idByPhone, idByUser, events, processed, suppressions } = data;

  /** Runs a write: the hook first (it may stop it), then the work, as one synchronous step. */
  const write = <T>(operation: string, work: () => T): Promise<T> => {
    try {
      options.beforeWrite?.(operation);
      return Promise.resolve<T>(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const lookup = (ref: ContactRef): StoredContact | undefined => {
    const id =
      (ref.phone === undefined ? undefined : idByPhone.get(ref.phone)) ??
      (ref.userId === undefined ? undefined : idByUser.get(ref.userId));
    return id === undefined ? undefined : contacts.get(id);
  };

  const put = (contact: StoredContact): void => putContact(data, contact);
  const listEventsNow = (contactId: string): ConsentEvent[] => listEventsOf(data, contactId);

  const takenIdentifier = (
    current: StoredContact,
    patch: ContactPatch,
  ): 'phone' | 'userId' | undefined => {
    const phoneOwner = patch.phone === undefined ? undefined : idByPhone.get(patch.phone);
    if (phoneOwner !== undefined && phoneOwner !== current.id) return 'phone';
    const userOwner = patch.userId === undefined ? undefined : idByUser.get(patch.userId);
    if (userOwner !== undefined && userOwner !== current.id) return 'userId';
    return undefined;
  };

  /**
   * Forgets processed ids past the retention. The map is in insertion order, which is time
   * order (the server's clock moves forward), so the scan stops at the first id still kept: a
   * turn costs the expired ids only, not every id ever seen. An id inserted out of order is
   * merely kept a little longer, which the retention (a minimum) allows.
   */
  const forgetExpired = (now: number): void => {
    for (const [id, entry] of processed) {
      if (entry.createdAt + retentionMs > now) return;
      processed.delete(id);
    }
  };

  const ensureContact: Store['ensureContact'] = (ref, now, mergeOptions) => {
    if (!ref.phone && !ref.userId) {
      return Promise.reject(
        new ValidationError('invalid_contact', 'A contact needs a phone number or a user id.'),
      );
    }
    const byPhone = lookup({ ...(ref.phone ? { phone: ref.phone } : {}) });
    const byUser = lookup({ ...(ref.userId ? { userId: ref.userId } : {}) });
    if (mergeOptions && byPhone && byUser && canMerge(byPhone, byUser)) {
      return write('ensureContact', () =>
        toRecord(mergeContacts(data, byPhone, byUser, mergeOptions, now)),
      );
    }
    const existing = lookup(ref);
    if (!existing) {
      return write('ensureContact', () => {
        const created: StoredContact = {
          id: randomUUID(),
          ...(ref.phone ? { phone: ref.phone } : {}),
          ...(ref.userId ? { userId: ref.userId } : {}),
          consent: clone(UNKNOWN_CONSENT),
          recentMessageIds: [],
          version: 0,
          createdAt: now,
          updatedAt: now,
        };
        put(created);
        return toRecord(created);
      });
    }
    // Link an identifier the contact lacks, unless it already names someone else.
    const linked: StoredContact = {
      ...existing,
      ...(ref.phone && existing.phone === undefined && !idByPhone.has(ref.phone)
        ? { phone: ref.phone }
        : {}),
      ...(ref.userId && existing.userId === undefined && !idByUser.has(ref.userId)
        ? { userId: ref.userId }
        : {}),
    };
    if (linked.phone === existing.phone && linked.userId === existing.userId) {
      return Promise.resolve(toRecord(existing));
    }
    return write('ensureContact', () => {
      const updated = { ...linked, updatedAt: Math.max(existing.updatedAt, now) };
      put(updated);
      return toRecord(updated);
    });
  };

  const saveTurn = (input: SaveTurnInput) => {
    const current = contacts.get(input.contactId);
    if (!current) throw contactNotFound(input.contactId);
    if (input.messageId !== undefined && current.recentMessageIds.includes(input.messageId)) {
      throw duplicateMessage(input.contactId, input.messageId);
    }
    if (current.version !== input.expectedVersion) {
      throw versionConflict(input.contactId, input.expectedVersion, current.version);
    }
    const taken = takenIdentifier(current, input.patch);
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
              clone(input.transcript),
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
    put(next);
    appendEvents(data, input.contactId, input.events);
    if (input.messageId !== undefined && !processed.has(input.messageId)) {
      processed.set(input.messageId, { contactId: input.contactId, createdAt: input.now });
    }
    forgetExpired(input.now);
    return toRecord(next);
  };

  return {
    findContact(ref) {
      const found = lookup(ref);
      return Promise.resolve(found ? toRecord(found) : null);
    },

    ensureContact,

    getContact(id) {
      const found = contacts.get(id);
      return Promise.resolve(found ? toRecord(found) : null);
    },

    saveTurn: (input) => write('saveTurn', () => saveTurn(input)),

    listEvents(contactId) {
      return Promise.resolve(listEventsNow(contactId));
    },

    isProcessed(messageId) {
      return Promise.resolve(processed.has(messageId));
    },

    queueOutbound: (contactId, entries, lease) =>
      write('queueOutbound', () => {
        const contact = contacts.get(keptOf(data, contactId));
        if (!contact || data.erasedIds.has(contact.id)) throw contactNotFound(contactId);
        const next = withQueued(data, contact, entries, lease);
        put(next);
        return toRecord(next);
      }),

    claimOutbox(contactId, lease) {
      const contact = contacts.get(keptOf(data, contactId));
      const outbox = contact?.outbox ?? [];
      if (!contact || outbox.length === 0 || !leaseOpenTo(contact.outboxLease, lease)) {
        return Promise.resolve(null);
      }
      return write('claimOutbox', () => {
        const next = withOutbox(contact, outbox, storedLease(lease));
        put(next);
        return toRecord(next);
      });
    },

    completeOutbound: (entry, lease) =>
      write('completeOutbound', () => completeEntry(data, entry, lease, outboundRetentionMs, put)),

    renewOutboxLease: (contactId, lease) =>
      write('renewOutboxLease', () => {
        const contact = contacts.get(keptOf(data, contactId));
        // Its owner's still, expired or not: nobody else took it, so extending it is safe.
        if (!contact?.outboxLease || contact.outboxLease.owner !== lease.owner) return false;
        const release = lease.until <= lease.now;
        put(withOutbox(contact, contact.outbox ?? [], release ? undefined : storedLease(lease)));
        return true;
      }),

    findDueOutboxes(now, limit) {
      return Promise.resolve(dueOutboxes(data, now, limit));
    },

    touchSender: (id, until, now) =>
      write('touchSender', () => {
        data.senders.set(id, until);
        for (const [sender, expires] of data.senders) {
          if (expires <= now) data.senders.delete(sender);
        }
        return [...data.senders.keys()].sort();
      }),

    findOutbound(waMessageId) {
      const id = data.byWaMessageId.get(waMessageId);
      const logged = id === undefined ? undefined : data.outbound.get(id);
      return Promise.resolve(logged ? clone(logged.entry) : null);
    },

    updateOutboundStatus: (waMessageId, update) => {
      const id = data.byWaMessageId.get(waMessageId);
      const logged = id === undefined ? undefined : data.outbound.get(id);
      if (!id || !logged) return Promise.resolve(null);
      const entry = logged.entry;
      if (!statusesBefore(update.status).includes(entry.status)) {
        return Promise.resolve(clone(entry));
      }
      return write('updateOutboundStatus', () => {
        const next: OutboundEntry = {
          ...entry,
          status: update.status,
          ...(update.errorCode === undefined ? {} : { errorCode: update.errorCode }),
          ...(update.errorTitle === undefined ? {} : { errorTitle: update.errorTitle }),
          updatedAt: Math.max(entry.updatedAt, update.at),
        };
        data.outbound.set(id, { ...logged, entry: next });
        return clone(next);
      });
    },

    listOutbound(contactId) {
      return Promise.resolve(listEntries(data, contactId));
    },

    exportContact(contactId) {
      const stored = contacts.get(contactId);
      if (!stored) return Promise.resolve(null);
      const result: ContactExport = {
        contact: toRecord(stored),
        events: listEventsNow(contactId),
        outbound: listEntries(data, contactId),
        processedMessageIds: [...processed]
          .filter(([, entry]) => entry.contactId === contactId)
          .map(([id]) => id),
      };
      return Promise.resolve(result);
    },

    eraseContact(contactId, hashesOf, now) {
      const contact = contacts.get(contactId);
      if (!contact) return Promise.reject(contactNotFound(contactId));
      return write('eraseContact', () => {
        // Same order as the MongoDB store: the suppressions are written before the identifiers go.
        for (const hash of erasureHashes(contact, hashesOf)) {
          suppressions.set(hash, suppressionFor(contact, hash, now));
        }
        if (contact.phone !== undefined) idByPhone.delete(contact.phone);
        if (contact.userId !== undefined) idByUser.delete(contact.userId);
        data.erasedIds.add(contactId);
        const erased: StoredContact = {
          ...omit(eraseOutbound(data, contact, now, outboundRetentionMs), [
            ...ERASED_CONTACT_FIELDS,
            'snapshotJson',
            'screened',
          ]),
          recentMessageIds: [],
          version: contact.version + 1,
          updatedAt: now,
        };
        contacts.set(contactId, erased);
        const ledger = events.get(contactId) ?? [];
        events.set(
          contactId,
          ledger.map((event) => ({ ...event, evidence: stripEvidence(event.evidence) })),
        );
        if (!ledger.some((event) => event.type === 'contact.erased')) {
          appendEvents(data, contactId, [erasedEvent(now)]);
        }
        for (const [id, entry] of processed) {
          if (entry.contactId === contactId) processed.delete(id);
        }
      });
    },

    findSuppressions(hashes) {
      const found = [...new Set(hashes)].sort().flatMap((hash) => suppressions.get(hash) ?? []);
      return Promise.resolve(clone(found));
    },

    listHandovers() {
      const handedOver = [...contacts.values()]
        .filter((contact) => isHandedOver(contact.handover))
        .sort((a, b) => a.handover!.since - b.handover!.since || a.id.localeCompare(b.id));
      return Promise.resolve(handedOver.map(toRecord));
    },

    consentFunnel(query) {
      // The reference computation, on every contact's ledger in ledger order.
      const ledgers = [...events.keys()].map(listEventsNow);
      return Promise.resolve(funnelOfLedgers(ledgers, query));
    },

    ping() {
      return Promise.resolve();
    },

    close() {
      return Promise.resolve();
    },
  };
}

function storedPatchOf(patch: ContactPatch): {
  fields: Partial<StoredContact>;
  unset: readonly 'handover'[];
} {
  // The snapshot is copied by its JSON; the other fields are copied here.
  const { fields, snapshotJson, unset } = toStoredPatch(patch);
  const copied = clone(fields);
  return { fields: snapshotJson === undefined ? copied : { ...copied, snapshotJson }, unset };
}
