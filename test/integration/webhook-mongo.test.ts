import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { acquireTestMongo, isMongoRequired } from '../support/mongo-server.js';
import { describeWebhookSuite } from './http/webhook-suite.js';

const mongo = await acquireTestMongo();
const TITLE = 'WhatsApp webhook over HTTP (MongoDB store)';

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
  // Without a mongod the whole suite is skipped, with the reason in its name.
  describe.skipIf(!mongo.available)(
    mongo.available
      ? TITLE
      : `${TITLE} (skipped: ${mongo.reason}; set MONGODB_URI or MONGOMS_SYSTEM_BINARY)`,
    () => {
      describeWebhookSuite('MongoDB store', async () => {
        const client = new MongoClient(mongo.available ? mongo.uri : '', {
          serverSelectionTimeoutMS: 5_000,
        });
        const dbName = `optin_webhook_${randomUUID().replaceAll('-', '')}`;
        const store = createMongoStore({ client, dbName });
        await store.ensureIndexes();
        return {
          store,
          dispose: async () => {
            await client.db(dbName).dropDatabase();
            await store.close();
          },
        };
      });
    },
  );
}
