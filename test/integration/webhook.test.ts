import { createMemoryStore } from '../../src/store/memory/index.js';
import { describeWebhookSuite } from './http/webhook-suite.js';

describeWebhookSuite('WhatsApp webhook over HTTP (memory store)', () => {
  const store = createMemoryStore();
  return Promise.resolve({ store, dispose: () => store.close() });
});
