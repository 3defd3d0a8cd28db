import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { createMongoStore } from '../../../src/store/mongo/index.js';
import { acquireTestMongo, isMongoRequired } from '../../support/mongo-server.js';
import { describeApiSuite } from './api-suite.js';

const mongo = await acquireTestMongo();
const TITLE = 'REST API on MongoDB';

afterAll(async () => {
  if (mongo.available) await mongo.stop();
});

if (!mongo.available && isMongoRequired()) {
  describe(TITLE, () => {
    it('needs a MongoDB server (REQUIRE_MONGO=1)', () => {
      throw new Error(
        `${mongo.reason}. Set MONGODB_URI to a running server or MONGOMS_SYSTEM_BINARY to a local mongod.`,
      );
    });
  });
} else {
  describe.skipIf(!mongo.available)(
    mongo.available
      ? TITLE
      : `${TITLE} (skipped: ${mongo.reason}; set MONGODB_URI or MONGOMS_SYSTEM_BINARY)`,
    () => {
      const uri = mongo.available ? mongo.uri : '';
      describeApiSuite('MongoDB', async () => {
        const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
        const dbName = `optin_api_test_${randomUUID().replaceAll('-', '')}`;
        const store = createMongoStore({ client, dbName });
        await store.ensureIndexes();
        return {
          store,
          teardown: async () => {
            await client.db(dbName).dropDatabase();
            await store.close();
          },
        };
      });
    },
  );
}
