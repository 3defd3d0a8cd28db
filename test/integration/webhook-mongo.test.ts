import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { describeWithMongo } from '../support/mongo-server.js';
import { describeWebhookSuite } from './http/webhook-suite.js';

describeWithMongo('WhatsApp webhook over HTTP (MongoDB store)', (uri) => {
  describeWebhookSuite('MongoDB store', async () => {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
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
});
