export type {
  ContactExport,
  ContactPatch,
  ContactRecord,
  HashIdentifiers,
  LeaseRequest,
  MergeOptions,
  OutboundEntry,
  OutboundStatus,
  OutboxLease,
  OutboxProgress,
  SaveTurnInput,
  Store,
  Suppression,
} from './port.js';
export { createMemoryStore, createMemoryStoreData } from './memory/index.js';
export type { MemoryStoreData, MemoryStoreOptions } from './memory/index.js';
export {
  createMongoStore,
  describeWriteConcern,
  EmbeddedMongoUnavailableError,
  prepareMongoStore,
  startEmbeddedMongo,
  superviseEmbeddedMongo,
} from './mongo/index.js';
export type {
  EmbeddedMongo,
  EmbeddedMongoOptions,
  MongoStore,
  MongoStoreOptions,
} from './mongo/index.js';
