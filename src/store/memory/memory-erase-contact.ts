import { omit } from '../omit.js';
import type { HashIdentifiers } from '../port.js';
import {
  ERASED_CONTACT_FIELDS,
  erasedEvent,
  erasureHashes,
  stripEvidence,
  suppressionFor,
} from '../store-rules.js';
import {
  appendEvents,
  deepFreeze,
  type MemoryStoreData,
  type StoredContact,
} from './memory-data.js';
import { eraseOutbound } from './memory-outbox.js';

/**
 * The memory store's `Store.eraseContact`, in the MongoDB store's order: the suppressions under
 * the identifiers' hashes first, then the identifiers and every text (contact fields, the
 * outbox and the log's bodies, the ledger's evidence), one `contact.erased` event, and the
 * processed ids. Erasing again changes nothing more.
 * @example eraseContactIn(data, contact, hashesOf, now, DEFAULT_OUTBOUND_RETENTION_MS);
 */
export function eraseContactIn(
  data: MemoryStoreData,
  contact: StoredContact,
  hashesOf: HashIdentifiers,
  now: number,
  outboundRetentionMs: number,
): void {
  const contactId = contact.id;
  for (const hash of erasureHashes(contact, hashesOf)) {
    data.suppressions.set(hash, Object.freeze(suppressionFor(contact, hash, now)));
  }
  if (contact.phone !== undefined) data.idByPhone.delete(contact.phone);
  if (contact.userId !== undefined) data.idByUser.delete(contact.userId);
  data.erasedIds.add(contactId);
  const erased: StoredContact = {
    ...omit(eraseOutbound(data, contact, now, outboundRetentionMs), [
      ...ERASED_CONTACT_FIELDS,
      'snapshot',
      'screened',
    ]),
    recentMessageIds: [],
    version: contact.version + 1,
    updatedAt: now,
  };
  data.contacts.set(contactId, deepFreeze(erased));
  const ledger = data.events.get(contactId) ?? [];
  data.events.set(
    contactId,
    ledger.map((event) => deepFreeze({ ...event, evidence: stripEvidence(event.evidence) })),
  );
  if (!ledger.some((event) => event.type === 'contact.erased')) {
    appendEvents(data, contactId, [erasedEvent(now)]);
  }
  for (const [id, entry] of data.processed) {
    if (entry.contactId === contactId) data.processed.delete(id);
  }
}
