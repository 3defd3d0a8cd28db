import { funnelOfLedgers } from '../../core/report/index.js';
import { isHandedOver } from '../../core/handover/index.js';
import type { ContactExport, Store } from '../port.js';
import { DEFAULT_PROCESSED_RETENTION_MS } from '../store-rules.js';
import { contactNotFound } from '../store-errors.js';
import {
  businessWroteAt,
  DEFAULT_OUTBOUND_RETENTION_MS,
  leaseOpenTo,
  storedLease,
} from '../outbox-rules.js';
import {
  createMemoryStoreData,
  findStored,
  keptOf,
  listEventsOf,
  putContact,
  type MemoryStoreData,
  type StoredContact,
  type Write,
} from './memory-data.js';
import { ensureContactIn } from './memory-ensure-contact.js';
import { eraseContactIn } from './memory-erase-contact.js';
import { completeEntry, dueOutboxes, withOutbox, withQueued } from './memory-outbox.js';
import { findLogged, listEntries, updateLoggedStatus } from './memory-outbox-log.js';
import { saveTurnIn } from './memory-save-turn.js';

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
 * What it is given is copied (the snapshot goes through JSON, unless the flow runner made it:
 * that one is JSON data already, and frozen), and what it keeps is deeply frozen and handed out
 * as it is, without a copy: a caller that mutates a returned object fails with a `TypeError`,
 * and one that stores something MongoDB could not finds out in tests.
 * Each method does its work synchronously, so a version check and its write can never be
 * interleaved with another call. What it keeps is bounded like the MongoDB store's: processed
 * message ids and outbound log entries are forgotten after their retention.
 *
 * Split by concern like `store/mongo/`: the data and its copies (`memory-data.ts`), contacts
 * found, created and linked (`memory-ensure-contact.ts`) or merged (`memory-merge.ts`), the turn's
 * write (`memory-save-turn.ts`), the outbox (`memory-outbox.ts`) and the outbound log
 * (`memory-outbox-log.ts`), erasure (`memory-erase-contact.ts`); this file puts them together.
 * @example const store = createMemoryStore(); const contact = await store.ensureContact({ phone: '+34600123456' }, clock.now());
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const retentionMs = options.retentionMs ?? DEFAULT_PROCESSED_RETENTION_MS;
  const outboundRetentionMs = options.outboundRetentionMs ?? DEFAULT_OUTBOUND_RETENTION_MS;
  const data = options.data ?? createMemoryStoreData();
  const { contacts, events, processed, suppressions } = data;

  const write: Write = <T>(operation: string, work: () => T): Promise<T> => {
    try {
      options.beforeWrite?.(operation);
      return Promise.resolve<T>(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const put = (contact: StoredContact): void => putContact(data, contact);

  return {
    findContact(ref) {
      const found = findStored(data, ref);
      return Promise.resolve(found ?? null);
    },

    ensureContact: (ref, now, mergeOptions) => ensureContactIn(data, write, ref, now, mergeOptions),

    getContact(id) {
      return Promise.resolve(contacts.get(id) ?? null);
    },

    saveTurn: (input) => write('saveTurn', () => saveTurnIn(data, input, retentionMs)),

    listEvents(contactId) {
      return Promise.resolve(listEventsOf(data, contactId));
    },

    isProcessed(messageId) {
      return Promise.resolve(processed.has(messageId));
    },

    queueOutbound: (contactId, entries, lease) =>
      write('queueOutbound', () => {
        const contact = contacts.get(keptOf(data, contactId));
        if (!contact || data.erasedIds.has(contact.id)) throw contactNotFound(contactId);
        const queued = withQueued(data, contact, entries, lease);
        // The business's own messages: a typed answer after them is not the bot's to take.
        const at = businessWroteAt(entries);
        const next =
          at !== undefined && at > (queued.businessWroteAt ?? -Infinity)
            ? { ...queued, businessWroteAt: at }
            : queued;
        put(next);
        return next;
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
        return next;
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
      return Promise.resolve(findLogged(data, waMessageId));
    },

    updateOutboundStatus: (waMessageId, update) =>
      updateLoggedStatus(data, write, waMessageId, update),

    listOutbound(contactId) {
      return Promise.resolve(listEntries(data, contactId));
    },

    exportContact(contactId) {
      const stored = contacts.get(contactId);
      if (!stored) return Promise.resolve(null);
      const result: ContactExport = {
        contact: stored,
        events: listEventsOf(data, contactId),
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
      return write('eraseContact', () =>
        eraseContactIn(data, contact, hashesOf, now, outboundRetentionMs),
      );
    },

    findSuppressions(hashes) {
      const found = [...new Set(hashes)].sort().flatMap((hash) => suppressions.get(hash) ?? []);
      return Promise.resolve(found);
    },

    listHandovers() {
      const handedOver = [...contacts.values()]
        .filter((contact) => isHandedOver(contact.handover))
        .sort((a, b) => a.handover!.since - b.handover!.since || a.id.localeCompare(b.id));
      return Promise.resolve(handedOver);
    },

    consentFunnel(query) {
      // The reference computation, on every contact's ledger in ledger order.
      const ledgers = [...events.keys()].map((contactId) => listEventsOf(data, contactId));
      return Promise.resolve(funnelOfLedgers(ledgers, query));
    },

    recordFlowVersion: (texts) =>
      write('recordFlowVersion', () => {
        const key = `${texts.flowId}@${texts.version}`;
        const first = data.flowVersions.get(key) ?? texts;
        // A record made before category kinds were kept gets these, as MongoDB's does.
        const { categoryKinds } = first.categoryKinds ? first : texts;
        const recorded = Object.freeze({ ...first, ...(categoryKinds && { categoryKinds }) });
        data.flowVersions.set(key, recorded);
        return recorded;
      }),

    listFlowVersions(flowId) {
      const versions = [...data.flowVersions.values()].filter((v) => v.flowId === flowId);
      return Promise.resolve(versions.sort((a, b) => a.version - b.version));
    },

    ping() {
      return Promise.resolve();
    },

    close() {
      return Promise.resolve();
    },
  };
}
