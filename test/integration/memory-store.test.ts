import { describe, expect, it } from 'vitest';
import { createMemoryStore, createMemoryStoreData } from '../../src/store/memory/index.js';
import { describeReportContract } from './report-contract.js';
import { describeOutboxCrashContract } from './outbox-crash-contract.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', () =>
  Promise.resolve({ store: createMemoryStore(), teardown: () => Promise.resolve() }),
);
describeReportContract('memory', () =>
  Promise.resolve({ store: createMemoryStore(), teardown: () => Promise.resolve() }),
);

let crashData = createMemoryStoreData();
describeOutboxCrashContract('memory', {
  reset: () => {
    crashData = createMemoryStoreData();
    return Promise.resolve();
  },
  open: (beforeWrite) =>
    Promise.resolve({
      store: createMemoryStore({ data: crashData, ...(beforeWrite ? { beforeWrite } : {}) }),
      close: () => Promise.resolve(),
    }),
});

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

describe('memory store, bounded like the MongoDB store', () => {
  it('forgets outbound log entries past their retention, and their WhatsApp ids with them', async () => {
    const store = createMemoryStore({ outboundRetentionMs: 1000 });
    const contact = await store.ensureContact({ phone: '+34600123456' }, 0);
    const lease = (now: number) => ({ owner: 'sender', until: now + 500, now });
    const sent = async (id: string, now: number) => {
      const entry = {
        id,
        contactId: contact.id,
        kind: 'text' as const,
        body: 'Hello',
        status: 'queued' as const,
        message: { kind: 'reply' as const, reply: { type: 'text' as const, text: 'Hello' } },
        createdAt: now,
        updatedAt: now,
      };
      await store.queueOutbound(contact.id, [entry], lease(now));
      await store.completeOutbound(
        { ...entry, status: 'sent', waMessageId: `wamid.${id}`, updatedAt: now },
        lease(now),
      );
    };

    await sent('old', 0);
    await sent('new', 5000);

    expect((await store.listOutbound(contact.id)).map((e) => e.id)).toEqual(['new']);
    expect(await store.updateOutboundStatus('wamid.old', { status: 'read', at: 6000 })).toBeNull();
    expect(
      await store.updateOutboundStatus('wamid.new', { status: 'read', at: 6000 }),
    ).toMatchObject({
      id: 'new',
      status: 'read',
    });
  });
});
