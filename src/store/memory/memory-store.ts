import { randomUUID } from 'node:crypto';
import type { ConsentEvent } from '../../core/consent/events.js';
import { projectConsent } from '../../core/consent/project-consent.js';
import { UNKNOWN_CONSENT } from '../../core/consent/state.js';
import { funnelOfLedgers } from '../../core/report/index.js';
import type { ContactRef } from '../../core/identity.js';
import { ValidationError } from '../../errors.js';
import type {
  ContactExport,
  ContactPatch,
  ContactRecord,
  MergeOptions,
  OutboundEntry,
  SaveTurnInput,
  Store,
  Suppression,
} from '../port.js';
import {
  DEFAULT_PROCESSED_RETENTION_MS,
  RECENT_MESSAGE_IDS_LIMIT,
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
import { canMerge, keptAndAbsorbed, mergeFields, mergedEvent } from '../merge-rules.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** How long processed message ids are remembered, in ms (default 30 days). */
  readonly retentionMs?: number;
}

/** A contact as kept in memory: the snapshot as JSON text, as the MongoDB store keeps it. */
type StoredContact = Omit<ContactRecord, 'snapshot'> & { readonly snapshotJson?: string };

/**
 * Creates a non-durable, in-process {@link Store} for demos, simulators and tests.
 * Every value going in or out is cloned (the snapshot goes through JSON), so a caller that
 * mutates a returned object, or stores something MongoDB could not, finds out in tests.
 * Each method does its work synchronously, so a version check and its write can never be
 * interleaved with another call.
 * @example const store = createMemoryStore(); const contact = await store.ensureContact({ phone: '+34600123456' }, clock.now());
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const retentionMs = options.retentionMs ?? DEFAULT_PROCESSED_RETENTION_MS;
  const contacts = new Map<string, StoredContact>();
  const idByPhone = new Map<string, string>();
  const idByUser = new Map<string, string>();
  const events = new Map<string, ConsentEvent[]>();
  const processed = new Map<string, { contactId: string; createdAt: number }>();
  const outbound = new Map<string, OutboundEntry>();
  const suppressions = new Map<string, Suppression>();
  /** Contacts whose personal data was erased: nothing written for them later keeps a text. */
  const erasedIds = new Set<string>();
  /** Where each absorbed contact went (absorbed id → kept id), for writes that arrive late. */
  const mergedInto = new Map<string, string>();

  /** The contact that now holds what was filed under `contactId` (itself unless merged away). */
  const keptOf = (contactId: string): string => {
    let id = contactId;
    for (let next = mergedInto.get(id); next !== undefined; next = mergedInto.get(id)) id = next;
    return id;
  };

  const lookup = (ref: ContactRef): StoredContact | undefined => {
    const id =
      (ref.phone === undefined ? undefined : idByPhone.get(ref.phone)) ??
      (ref.userId === undefined ? undefined : idByUser.get(ref.userId));
    return id === undefined ? undefined : contacts.get(id);
  };

  const put = (contact: StoredContact): void => {
    contacts.set(contact.id, contact);
    if (contact.phone !== undefined) idByPhone.set(contact.phone, contact.id);
    if (contact.userId !== undefined) idByUser.set(contact.userId, contact.id);
  };

  const appendEvents = (contactId: string, added: SaveTurnInput['events']): void => {
    const ledger = events.get(contactId) ?? [];
    for (const event of added) ledger.push({ ...clone(event), id: randomUUID(), contactId });
    events.set(contactId, ledger);
  };

  const listEventsNow = (contactId: string): ConsentEvent[] =>
    // Array.prototype.sort is stable: equal times keep insertion order.
    clone(events.get(contactId) ?? []).sort((a, b) => a.occurredAt - b.occurredAt);

  const listOutboundNow = (contactId: string): OutboundEntry[] =>
    clone([...outbound.values()].filter((entry) => entry.contactId === contactId)).sort(
      (a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id),
    );

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

  /** Merges two contacts of one person into the older one (see `Store.ensureContact`). */
  const merge = (
    a: StoredContact,
    b: StoredContact,
    options: MergeOptions,
    now: number,
  ): StoredContact => {
    const [kept, absorbed] = keptAndAbsorbed(a, b);
    const { machine, ...fields } = mergeFields(kept, absorbed);
    const ledger = events.get(kept.id) ?? [];
    for (const event of events.get(absorbed.id) ?? []) {
      ledger.push({ ...event, contactId: kept.id });
    }
    events.set(kept.id, ledger);
    events.delete(absorbed.id);
    appendEvents(kept.id, [mergedEvent(absorbed.id, options.source, now)]);
    for (const entry of processed.values()) {
      if (entry.contactId === absorbed.id) entry.contactId = kept.id;
    }
    for (const entry of outbound.values()) {
      if (entry.contactId === absorbed.id) outbound.set(entry.id, { ...entry, contactId: kept.id });
    }
    contacts.delete(absorbed.id);
    mergedInto.set(absorbed.id, kept.id);
    if (absorbed.phone !== undefined) idByPhone.delete(absorbed.phone);
    if (absorbed.userId !== undefined) idByUser.delete(absorbed.userId);
    const phone = kept.phone ?? absorbed.phone;
    const userId = kept.userId ?? absorbed.userId;
    const merged: StoredContact = {
      ...omit(kept, ['flowId', 'flowVersion', 'snapshotJson']),
      ...fields,
      ...machine,
      ...(phone === undefined ? {} : { phone }),
      ...(userId === undefined ? {} : { userId }),
      consent: projectConsent(listEventsNow(kept.id), options.categories),
      // A turn that read the kept contact must run again on the merged one.
      version: kept.version + 1,
      updatedAt: Math.max(kept.updatedAt, absorbed.updatedAt, now),
    };
    put(merged);
    return merged;
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

  return {
    findContact(ref) {
      return Promise.resolve(toRecordOrNull(lookup(ref)));
    },

    ensureContact(ref, now, mergeOptions) {
      if (!ref.phone && !ref.userId) {
        return Promise.reject(
          new ValidationError('invalid_contact', 'A contact needs a phone number or a user id.'),
        );
      }
      const byPhone = lookup({ ...(ref.phone ? { phone: ref.phone } : {}) });
      const byUser = lookup({ ...(ref.userId ? { userId: ref.userId } : {}) });
      if (mergeOptions && byPhone && byUser && canMerge(byPhone, byUser)) {
        return Promise.resolve(toRecord(merge(byPhone, byUser, mergeOptions, now)));
      }
      const existing = lookup(ref);
      if (!existing) {
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
        return Promise.resolve(toRecord(created));
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
      const updated = { ...linked, updatedAt: Math.max(existing.updatedAt, now) };
      put(updated);
      return Promise.resolve(toRecord(updated));
    },

    getContact(id) {
      return Promise.resolve(toRecordOrNull(contacts.get(id)));
    },

    saveTurn(input) {
      const current = contacts.get(input.contactId);
      if (!current) return Promise.reject(contactNotFound(input.contactId));
      if (input.messageId !== undefined && current.recentMessageIds.includes(input.messageId)) {
        return Promise.reject(duplicateMessage(input.contactId, input.messageId));
      }
      if (current.version !== input.expectedVersion) {
        return Promise.reject(
          versionConflict(input.contactId, input.expectedVersion, current.version),
        );
      }
      const taken = takenIdentifier(current, input.patch);
      if (taken) return Promise.reject(identifierTaken(input.contactId, taken));
      const next: StoredContact = {
        ...current,
        ...storedPatchOf(input.patch),
        recentMessageIds:
          input.messageId === undefined
            ? current.recentMessageIds
            : [...current.recentMessageIds, input.messageId].slice(-RECENT_MESSAGE_IDS_LIMIT),
        version: current.version + 1,
        updatedAt: input.now,
      };
      if (input.patch.phone !== undefined && current.phone !== undefined) {
        idByPhone.delete(current.phone);
      }
      if (input.patch.userId !== undefined && current.userId !== undefined) {
        idByUser.delete(current.userId);
      }
      put(next);
      appendEvents(input.contactId, input.events);
      if (input.messageId !== undefined && !processed.has(input.messageId)) {
        processed.set(input.messageId, { contactId: input.contactId, createdAt: input.now });
      }
      forgetExpired(input.now);
      return Promise.resolve(toRecord(next));
    },

    listEvents(contactId) {
      return Promise.resolve(listEventsNow(contactId));
    },

    isProcessed(messageId) {
      return Promise.resolve(processed.has(messageId));
    },

    recordOutbound(entry) {
      // An entry stays with the contact it was first filed under; a send that began before a
      // merge files it under the contact its contact went into (as the MongoDB store does).
      const filedUnder = keptOf(outbound.get(entry.id)?.contactId ?? entry.contactId);
      // A send that finishes after its contact was erased must not bring its text back.
      const stored = { ...clone(entry), contactId: filedUnder };
      outbound.set(entry.id, erasedIds.has(filedUnder) ? omit(stored, ['body']) : stored);
      return Promise.resolve();
    },

    updateOutboundStatus(waMessageId, update) {
      const entry = [...outbound.values()].find((e) => e.waMessageId === waMessageId);
      if (!entry) return Promise.resolve(null);
      if (!statusesBefore(update.status).includes(entry.status)) {
        return Promise.resolve(clone(entry));
      }
      const next: OutboundEntry = {
        ...entry,
        status: update.status,
        ...(update.errorCode === undefined ? {} : { errorCode: update.errorCode }),
        ...(update.errorTitle === undefined ? {} : { errorTitle: update.errorTitle }),
        updatedAt: Math.max(entry.updatedAt, update.at),
      };
      outbound.set(next.id, next);
      return Promise.resolve(clone(next));
    },

    listOutbound(contactId) {
      return Promise.resolve(listOutboundNow(contactId));
    },

    exportContact(contactId) {
      const contact = toRecordOrNull(contacts.get(contactId));
      if (!contact) return Promise.resolve(null);
      const result: ContactExport = {
        contact,
        events: listEventsNow(contactId),
        outbound: listOutboundNow(contactId),
        processedMessageIds: [...processed]
          .filter(([, entry]) => entry.contactId === contactId)
          .map(([id]) => id),
      };
      return Promise.resolve(result);
    },

    eraseContact(contactId, hashesOf, now) {
      const contact = contacts.get(contactId);
      if (!contact) return Promise.reject(contactNotFound(contactId));
      // Same order as the MongoDB store: the suppressions are written before the identifiers go.
      for (const hash of erasureHashes(contact, hashesOf)) {
        suppressions.set(hash, suppressionFor(contact, hash, now));
      }
      if (contact.phone !== undefined) idByPhone.delete(contact.phone);
      if (contact.userId !== undefined) idByUser.delete(contact.userId);
      const erased: StoredContact = {
        ...omit(contact, ['phone', 'userId', 'profileName', 'snapshotJson']),
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
        appendEvents(contactId, [erasedEvent(now)]);
      }
      erasedIds.add(contactId);
      for (const entry of outbound.values()) {
        if (entry.contactId !== contactId) continue;
        outbound.set(entry.id, omit(entry, ['body']));
      }
      for (const [id, entry] of processed) {
        if (entry.contactId === contactId) processed.delete(id);
      }
      return Promise.resolve();
    },

    findSuppressions(hashes) {
      const found = [...new Set(hashes)].sort().flatMap((hash) => suppressions.get(hash) ?? []);
      return Promise.resolve(clone(found));
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

function storedPatchOf(patch: ContactPatch): Partial<StoredContact> {
  const { fields, snapshotJson } = toStoredPatch(clone(patch));
  return snapshotJson === undefined ? fields : { ...fields, snapshotJson };
}

function toRecord(stored: StoredContact): ContactRecord {
  const { snapshotJson, ...rest } = clone(stored);
  return snapshotJson === undefined
    ? rest
    : { ...rest, snapshot: JSON.parse(snapshotJson) as unknown };
}

function toRecordOrNull(stored: StoredContact | undefined): ContactRecord | null {
  return stored ? toRecord(stored) : null;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}
