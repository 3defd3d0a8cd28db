import type { TestProject } from 'vitest/node';
import { acquireTestMongo, probeMongodBinary } from './mongo-server.js';
import type { MongoForTests, MongodForTests } from './mongo-server.js';
import { suitesUsing } from './suites-using.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The one MongoDB server of this run, or why there is none (see mongo-server.ts). */
    mongo: MongoForTests;
    /** Whether the tests can start embedded mongods of their own (a binary is at hand), or why not. */
    mongod: MongodForTests;
  }
}

/**
 * Finds one real `mongod` for the whole run (vitest `globalSetup`): each MongoDB suite then
 * works in a database of its own on it, instead of every file trying its own start or
 * download. Says once, at the end, which MongoDB tests were skipped and why.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mongo = await acquireTestMongo();
  project.provide('mongo', mongo.available ? { available: true, uri: mongo.uri } : mongo);
  // Without MONGODB_URI the run's server is an embedded mongod: its binary is at hand, or
  // its reason is this one's too. With MONGODB_URI, look for a binary separately.
  const mongod: MongodForTests = process.env.MONGODB_URI
    ? await probeMongodBinary()
    : mongo.available
      ? { available: true }
      : { available: false, reason: mongo.reason };
  project.provide('mongod', mongod);
  return async () => {
    if (mongo.available) {
      await mongo.stop();
      return;
    }
    const suites = suitesUsing(/\bdescribeWithMongod?\(/);
    process.stderr.write(
      `\nMongoDB tests skipped (${suites.join(', ')}): ${mongo.reason}.\n` +
        'Run them with MONGODB_URI=<a running server> or MONGOMS_SYSTEM_BINARY=<a local mongod>; ' +
        'REQUIRE_MONGO=1 makes a missing server a failure.\n',
    );
  };
}
