export type {
  ContactExport,
  ContactPatch,
  ContactRecord,
  HashIdentifiers,
  MergeOptions,
  OutboundEntry,
  OutboundStatus,
  SaveTurnInput,
  Store,
  Suppression,
} from './port.js';
export { createMemoryStore } from './memory/index.js';
export type { MemoryStoreOptions } from './memory/index.js';
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
