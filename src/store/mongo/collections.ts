import type { Collection, Db } from 'mongodb';
import type {
  ContactDoc,
  EventDoc,
  MergedContactDoc,
  OutboundDoc,
  ProcessedDoc,
  SuppressionDoc,
} from './documents.js';

/** The MongoDB store's collections, by role. */
export interface StoreCollections {
  readonly contacts: Collection<ContactDoc>;
  readonly events: Collection<EventDoc>;
  readonly processed: Collection<ProcessedDoc>;
  readonly outbound: Collection<OutboundDoc>;
  readonly suppressions: Collection<SuppressionDoc>;
  readonly merged: Collection<MergedContactDoc>;
}

/** Collection names: part of the data layout operators and DPOs query directly. */
export const COLLECTION_NAMES = {
  contacts: 'contacts',
  events: 'consent_events',
  processed: 'processed_messages',
  outbound: 'outbound',
  suppressions: 'suppressions',
  merged: 'merged_contacts',
} as const satisfies Record<keyof StoreCollections, string>;

/**
 * Opens the store's collections. `ignoreUndefined` keeps an absent optional field absent:
 * by default the driver would write `undefined` as `null`, even deep inside a value.
 */
export function openCollections(db: Db): StoreCollections {
  const options = { ignoreUndefined: true };
  return {
    contacts: db.collection<ContactDoc>(COLLECTION_NAMES.contacts, options),
    events: db.collection<EventDoc>(COLLECTION_NAMES.events, options),
    processed: db.collection<ProcessedDoc>(COLLECTION_NAMES.processed, options),
    outbound: db.collection<OutboundDoc>(COLLECTION_NAMES.outbound, options),
    suppressions: db.collection<SuppressionDoc>(COLLECTION_NAMES.suppressions, options),
    merged: db.collection<MergedContactDoc>(COLLECTION_NAMES.merged, options),
  };
}
