export { createMongoStore } from './mongo-store.js';
export type { MongoStore, MongoStoreOptions } from './mongo-store.js';
export { prepareMongoStore } from './prepare-mongo-store.js';
export type { PreparedMongoStore } from './prepare-mongo-store.js';
export { describeWriteConcern, durableWriteConcernFor } from './write-concern.js';
export type { DurableWriteConcern, MongoTopology } from './write-concern.js';
export { startEmbeddedMongo } from './start-embedded-mongo.js';
export type { EmbeddedMongo, EmbeddedMongoOptions } from './start-embedded-mongo.js';
export { EmbeddedMongoUnavailableError } from './embedded-mongo-unavailable-error.js';
