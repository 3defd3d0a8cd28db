import { createMemoryStore } from '../../../src/store/memory/index.js';
import { describeApiSuite } from './api-suite.js';

describeApiSuite('memory', () =>
  Promise.resolve({ store: createMemoryStore(), teardown: () => Promise.resolve() }),
);
