import { describeWithMongo, openMongoStore } from '../../support/mongo-server.js';
import { describeApiSuite } from './api-suite.js';

describeWithMongo('REST API on MongoDB', (uri) => {
  describeApiSuite('MongoDB', async () => {
    const { store, dispose } = await openMongoStore(uri, 'optin_api');
    return { store, teardown: dispose };
  });
});
