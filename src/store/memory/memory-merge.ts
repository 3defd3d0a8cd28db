import { projectConsent } from '../../core/consent/project-consent.js';
import type { MergeOptions } from '../port.js';
import { omit } from '../omit.js';
import { keptAndAbsorbed, mergeFields, mergedEvent } from '../merge-rules.js';
import {
  appendEvents,
  listEventsOf,
  putContact,
  type MemoryStoreData,
  type StoredContact,
} from './memory-data.js';
import { mergeOutbound } from './memory-outbox.js';

/**
 * Merges two contacts of one person into the older one (see `Store.ensureContact`): the ledger,
 * the processed ids, the outbox and the outbound log follow the kept contact, and the absorbed
 * id is remembered so that a write arriving late for it lands on the kept one.
 * @example const merged = mergeContacts(data, byPhone, byUser, { source: 'webhook', categories }, now);
 */
export function mergeContacts(
  data: MemoryStoreData,
  a: StoredContact,
  b: StoredContact,
  options: MergeOptions,
  now: number,
): StoredContact {
  const { contacts, events, processed, idByPhone, idByUser } = data;
  const [kept, absorbed] = keptAndAbsorbed(a, b);
  const { machine, ...fields } = mergeFields(kept, absorbed);
  const ledger = events.get(kept.id) ?? [];
  for (const event of events.get(absorbed.id) ?? []) {
    ledger.push(Object.freeze({ ...event, contactId: kept.id }));
  }
  events.set(kept.id, ledger);
  events.delete(absorbed.id);
  appendEvents(data, kept.id, [mergedEvent(absorbed.id, options.source, now)]);
  for (const entry of processed.values()) {
    if (entry.contactId === absorbed.id) entry.contactId = kept.id;
  }
  const outbound = mergeOutbound(data, kept, absorbed);
  contacts.delete(absorbed.id);
  data.mergedInto.set(absorbed.id, kept.id);
  if (absorbed.phone !== undefined) idByPhone.delete(absorbed.phone);
  if (absorbed.userId !== undefined) idByUser.delete(absorbed.userId);
  const phone = kept.phone ?? absorbed.phone;
  const userId = kept.userId ?? absorbed.userId;
  const merged: StoredContact = {
    ...omit(kept, ['flowId', 'flowVersion', 'snapshot', 'consentThrough', 'outbox', 'outboxLease']),
    ...fields,
    ...machine,
    ...outbound,
    ...(phone === undefined ? {} : { phone }),
    ...(userId === undefined ? {} : { userId }),
    consent: projectConsent(listEventsOf(data, kept.id), options.categories),
    // A turn that read the kept contact must run again on the merged one.
    version: kept.version + 1,
    updatedAt: Math.max(kept.updatedAt, absorbed.updatedAt, now),
  };
  putContact(data, merged);
  return merged;
}
