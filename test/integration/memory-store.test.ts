import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { describeReportContract } from './report-contract.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', () =>
  Promise.resolve({ store: createMemoryStore(), teardown: () => Promise.resolve() }),
);
describeReportContract('memory', () =>
  Promise.resolve({ store: createMemoryStore(), teardown: () => Promise.resolve() }),
);

describe('memory store retention', () => {
  it('forgets processed message ids older than the retention', async () => {
    const store = createMemoryStore({ retentionMs: 1000 });
    const contact = await store.ensureContact({ phone: '+34600123456' }, 0);
    await store.saveTurn({
      contactId: contact.id,
      expectedVersion: 0,
      patch: {},
      events: [],
      messageId: 'wamid.old',
      now: 0,
    });

    await store.saveTurn({
      contactId: contact.id,
      expectedVersion: 1,
      patch: {},
      events: [],
      messageId: 'wamid.new',
      now: 5000,
    });

    expect(await store.isProcessed('wamid.old')).toBe(false);
    expect(await store.isProcessed('wamid.new')).toBe(true);
  });
});
