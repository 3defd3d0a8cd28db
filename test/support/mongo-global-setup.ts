import type { TestProject } from 'vitest/node';
import { acquireTestMongo } from './mongo-server.js';
import type { MongoForTests } from './mongo-server.js';
import { suitesUsing } from './suites-using.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The one MongoDB server of this run, or why there is none (see mongo-server.ts). */
    mongo: MongoForTests;
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
  return async () => {
    if (mongo.available) {
      await mongo.stop();
      return;
    }
    const suites = suitesUsing('describeWithMongo(');
    process.stderr.write(
      `\nMongoDB tests skipped (${suites.join(', ')}): ${mongo.reason}.\n` +
        'Run them with MONGODB_URI=<a running server> or MONGOMS_SYSTEM_BINARY=<a local mongod>; ' +
        'REQUIRE_MONGO=1 makes a missing server a failure.\n',
    );
  };
}
