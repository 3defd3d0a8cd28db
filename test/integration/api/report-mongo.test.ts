import { describeWithMongo, openMongoStore } from '../../support/mongo-server.js';
import { describeReportSuite } from './report-suite.js';

describeWithMongo('consent report on MongoDB', (uri) => {
  describeReportSuite('MongoDB', async () => {
    const { store, dispose } = await openMongoStore(uri, 'optin_report');
    return { store, teardown: dispose };
  });
});
