import type { IndexDescription } from 'mongodb';
import type { StoreCollections } from './collections.js';

/**
 * The order the per-contact listings (outbound log, processed message ids) are read in. The
 * indexes below end with these keys after `contactId`, so MongoDB reads them in order from the
 * index instead of sorting a big contact's entries in memory.
 */
export const CREATION_ORDER = { createdAt: 1, _id: 1 } as const;

/** The ledger's order: by `occurredAt`, then insertion (turn, then place in the turn). */
export const LEDGER_ORDER = { occurredAt: 1, turn: 1, position: 1 } as const;

/** Every index the store relies on, by collection. */
export const INDEXES = {
  contacts: [
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
    // The contacts handed over to a person, longest waiting first (GET /v1/handovers).
    {
      key: { 'handover.since': 1, _id: 1 },
      name: 'handover_since',
      partialFilterExpression: { 'handover.since': { $exists: true } },
    },
    // The sweep: outboxes nobody holds (`until: 0`) or whose sender stopped (expired).
    { key: { 'outboxLease.until': 1 }, name: 'outbox_due', sparse: true },
    // A completion finds the contact whose outbox holds the entry (after a merge moved it).
    { key: { 'outbox._id': 1 }, name: 'outbox_entry', sparse: true },
  ],
  events: [
    { key: { contactId: 1, ...LEDGER_ORDER }, name: 'contact_ledger_order' },
    // The consent report reads a period's asks and answers (`consent-funnel.ts`).
    { key: { type: 1, occurredAt: 1 }, name: 'report_period' },
  ],
  processed: [
    // Each document carries its own expiry, so changing the retention needs no index change.
    { key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 },
    { key: { contactId: 1, ...CREATION_ORDER }, name: 'contact_creation_order' },
  ],
  outbound: [
    {
      key: { waMessageId: 1 },
      name: 'waMessageId_unique',
      unique: true,
      partialFilterExpression: { waMessageId: { $exists: true } },
    },
    { key: { contactId: 1, ...CREATION_ORDER }, name: 'contact_creation_order' },
    // Each entry carries its own expiry (the retention from its outcome), as processed ids do.
    { key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 },
  ],
  // Ended registrations of senders go.
  senders: [{ key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 }],
  // `suppressions` needs none of its own: the hash it is looked up by is its `_id`.
} as const satisfies Partial<Record<keyof StoreCollections, readonly IndexDescription[]>>;

/**
 * Creates the indexes the store relies on. Idempotent: safe at every start-up. The unique
 * identifier indexes are what make `ensureContact` race-safe across server instances.
 */
export async function ensureIndexes(collections: StoreCollections): Promise<void> {
  await Promise.all(
    Object.entries(INDEXES).map(([name, indexes]) =>
      collections[name as keyof typeof INDEXES].createIndexes([...indexes]),
    ),
  );
}
