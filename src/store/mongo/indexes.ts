import type { StoreCollections } from './collections.js';

/**
 * Creates the indexes the store relies on. Idempotent: safe at every start-up. The unique
 * identifier indexes are what make `ensureContact` race-safe across server instances.
 * `suppressions` needs none of its own: the hash it is looked up by is its `_id`.
 */
export async function ensureIndexes(collections: StoreCollections): Promise<void> {
  await Promise.all([
    collections.contacts.createIndexes([
      // Partial, not sparse-by-accident: erased contacts keep no phone and no user id.
      {
        key: { phone: 1 },
        name: 'phone_unique',
        unique: true,
        partialFilterExpression: { phone: { $exists: true } },
      },
      {
        key: { userId: 1 },
        name: 'userId_unique',
        unique: true,
        partialFilterExpression: { userId: { $exists: true } },
      },
      // An identifier moving from a merged contact to the kept one is found under its marker.
      {
        key: { 'mergedInto.phone': 1 },
        name: 'merging_phone',
        partialFilterExpression: { 'mergedInto.phone': { $exists: true } },
      },
      {
        key: { 'mergedInto.userId': 1 },
        name: 'merging_userId',
        partialFilterExpression: { 'mergedInto.userId': { $exists: true } },
      },
      // An erasure finishes the merges into its contact first.
      {
        key: { 'mergedInto.contactId': 1 },
        name: 'merging_into',
        partialFilterExpression: { 'mergedInto.contactId': { $exists: true } },
      },
      // The sweep: outboxes nobody holds (`until: 0`) or whose sender stopped (expired).
      { key: { 'outboxLease.until': 1 }, name: 'outbox_due', sparse: true },
      // A completion finds the contact whose outbox holds the entry (after a merge moved it).
      { key: { 'outbox._id': 1 }, name: 'outbox_entry', sparse: true },
    ]),
    collections.events.createIndexes([
      { key: { contactId: 1, occurredAt: 1, turn: 1, position: 1 }, name: 'contact_ledger_order' },
    ]),
    collections.processed.createIndexes([
      // Each document carries its own expiry, so changing the retention needs no index change.
      { key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 },
      { key: { contactId: 1 }, name: 'contact' },
    ]),
    collections.outbound.createIndexes([
      {
        key: { waMessageId: 1 },
        name: 'waMessageId_unique',
        unique: true,
        partialFilterExpression: { waMessageId: { $exists: true } },
      },
      { key: { contactId: 1, createdAt: 1 }, name: 'contact_created' },
      // Each entry carries its own expiry (the retention from its outcome), as processed ids do.
      { key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 },
    ]),
    collections.senders.createIndexes([
      { key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 },
    ]),
  ]);
}
