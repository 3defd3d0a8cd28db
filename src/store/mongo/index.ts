export { createMongoStore } from './mongo-store.js';
export type { MongoStore, MongoStoreOptions } from './mongo-store.js';
export { startEmbeddedMongo } from './start-embedded-mongo.js';
export type { EmbeddedMongo, EmbeddedMongoOptions } from './start-embedded-mongo.js';
export { EmbeddedMongoUnavailableError } from './embedded-mongo-unavailable-error.js';
