import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createMongoStore } from '../../../src/store/mongo/index.js';
import { describeWithMongo } from '../../support/mongo-server.js';
import { describeApiSuite } from './api-suite.js';

describeWithMongo('REST API on MongoDB', (uri) => {
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
});
