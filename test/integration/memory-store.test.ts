import { createMemoryStore } from '../../src/store/memory/index.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', () =>
  Promise.resolve({ store: createMemoryStore(), teardown: () => Promise.resolve() }),
);
