import type { Collection, Db, Document } from 'mongodb';
import type {
  ContactDoc,
  EventDoc,
  FlowVersionDoc,
  MergedContactDoc,
  OutboundDoc,
  ProcessedDoc,
  SenderDoc,
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
  readonly senders: Collection<SenderDoc>;
  readonly flowVersions: Collection<FlowVersionDoc>;
}

/** Collection names: part of the data layout operators and DPOs query directly. */
export const COLLECTION_NAMES = {
  contacts: 'contacts',
  events: 'consent_events',
  processed: 'processed_messages',
  outbound: 'outbound',
  suppressions: 'suppressions',
  merged: 'merged_contacts',
  senders: 'outbox_senders',
  flowVersions: 'flow_versions',
} as const satisfies Record<keyof StoreCollections, string>;

/**
 * Called before each write to MongoDB with the collection and the driver method; a throw stops
 * the write before it is sent. Tests stop a store between two writes with it, as a crash would.
 */
export type BeforeWrite = (operation: string) => void;

/** The driver methods that write. */
const WRITES = new Set([
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'bulkWrite',
]);

/**
 * Opens the store's collections. `ignoreUndefined` keeps an absent optional field absent:
 * by default the driver would write `undefined` as `null`, even deep inside a value.
 */
export function openCollections(db: Db, beforeWrite?: BeforeWrite): StoreCollections {
  const options = { ignoreUndefined: true };
  const open = <T extends Document>(name: string): Collection<T> => {
    const collection = db.collection<T>(name, options);
    return beforeWrite ? withWriteHook(collection, name, beforeWrite) : collection;
  };
  return {
    contacts: open<ContactDoc>(COLLECTION_NAMES.contacts),
    events: open<EventDoc>(COLLECTION_NAMES.events),
    processed: open<ProcessedDoc>(COLLECTION_NAMES.processed),
    outbound: open<OutboundDoc>(COLLECTION_NAMES.outbound),
    suppressions: open<SuppressionDoc>(COLLECTION_NAMES.suppressions),
    merged: open<MergedContactDoc>(COLLECTION_NAMES.merged),
    senders: open<SenderDoc>(COLLECTION_NAMES.senders),
    flowVersions: open<FlowVersionDoc>(COLLECTION_NAMES.flowVersions),
  };
}

/** The same collection (the real driver's), asking `beforeWrite` before each write. */
function withWriteHook<T extends Document>(
  collection: Collection<T>,
  name: string,
  beforeWrite: BeforeWrite,
): Collection<T> {
  return new Proxy(collection, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !WRITES.has(property) || typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) => {
        beforeWrite(`${name}.${property}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
