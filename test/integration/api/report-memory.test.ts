import { createMemoryStore } from '../../../src/store/memory/index.js';
import { describeReportSuite } from './report-suite.js';

describeReportSuite('memory', () =>
  Promise.resolve({ store: createMemoryStore(), teardown: () => Promise.resolve() }),
);
