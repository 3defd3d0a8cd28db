import { describe, expect, it } from 'vitest';
import { persistedSnapshot } from '../../src/core/flow/persisted-snapshot.js';
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

describe('memory store, frozen values handed out as they are', () => {
  const T = Date.parse('2026-03-02T09:00:00Z');
  const lease = { owner: 'sender', until: T + 30_000, now: T };
  const entry = {
    id: 'out-1',
    contactId: '',
    kind: 'text' as const,
    body: 'Hello',
    status: 'queued' as const,
    message: { kind: 'reply' as const, reply: { type: 'text' as const, text: 'Hello' } },
    createdAt: T,
    updatedAt: T,
  };

  /** Every object and array reachable from `value` is frozen. */
  function expectDeeplyFrozen(value: unknown, path = 'value'): void {
    if (typeof value !== 'object' || value === null) return;
    expect(Object.isFrozen(value), `${path} is frozen`).toBe(true);
    for (const [key, inner] of Object.entries(value)) expectDeeplyFrozen(inner, `${path}.${key}`);
  }

  it('hands out deeply frozen contacts, log entries and events: a mutation fails loudly', async () => {
    const store = createMemoryStore();
    const contact = await store.ensureContact({ phone: '+14155550123' }, T);
    const saved = await store.saveTurn({
      contactId: contact.id,
      expectedVersion: 0,
      patch: {
        consent: { status: 'opted_in', categories: { offers: true }, marketingSuppressed: false },
        snapshot: { value: { consent: 'idle' }, context: { asks: 1 } },
        handover: { since: T, startedBy: 'flow', state: 'agent', messages: [] },
      },
      events: [
        {
          type: 'consent.granted',
          categories: ['offers'],
          occurredAt: T,
          recordedAt: T,
          source: 'whatsapp',
          evidence: { replyText: 'Yes' },
        },
      ],
      messageId: 'wamid.frozen',
      outbox: [{ ...entry, contactId: contact.id }],
      lease,
      transcript: [{ from: 'customer', at: T, text: 'Yes' }],
      now: T,
    });
    const completed = await store.completeOutbound(
      { ...entry, contactId: contact.id, status: 'sent', waMessageId: 'wamid.out-1' },
      lease,
    );

    for (const value of [
      contact,
      saved,
      completed.contact,
      await store.getContact(contact.id),
      await store.findContact({ phone: '+14155550123' }),
      await store.findOutbound('wamid.out-1'),
      await store.listEvents(contact.id),
      await store.listOutbound(contact.id),
      await store.listHandovers(),
    ]) {
      for (const item of Array.isArray(value) ? value : [value]) expectDeeplyFrozen(item);
    }
    expect(() => {
      (saved.consent.categories as Record<string, boolean>).offers = false;
    }).toThrow(TypeError);
    expect((await store.getContact(contact.id))?.consent.categories).toEqual({ offers: true });
  });

  it("shares what a write does not change with the contact it replaces, and keeps the flow runner's snapshot as it is", async () => {
    const store = createMemoryStore();
    const contact = await store.ensureContact({ phone: '+14155550124' }, T);
    const snapshot = persistedSnapshot({ value: { consent: 'idle' }, context: { asks: 1 } });
    const first = await store.saveTurn({
      contactId: contact.id,
      expectedVersion: 0,
      patch: { snapshot },
      events: [],
      messageId: 'wamid.1',
      transcript: [{ from: 'customer', at: T, text: 'Hello' }],
      now: T,
    });
    const second = await store.saveTurn({
      contactId: contact.id,
      expectedVersion: 1,
      patch: { lastInboundAt: T + 1 },
      events: [],
      messageId: 'wamid.2',
      now: T + 1,
    });

    expect(first.snapshot).toBe(snapshot);
    expect(second.snapshot).toBe(snapshot);
    expect(second.transcript).toBe(first.transcript);
    expect(second.consent).toBe(first.consent);
    expect(await store.getContact(contact.id)).toBe(second);
  });

  it('keeps a JSON copy of a snapshot the runner did not make, as MongoDB would', async () => {
    const store = createMemoryStore();
    const contact = await store.ensureContact({ phone: '+14155550125' }, T);
    const snapshot = { value: 'idle', context: { at: new Date(T), gone: undefined } };
    const saved = await store.saveTurn({
      contactId: contact.id,
      expectedVersion: 0,
      patch: { snapshot },
      events: [],
      now: T,
    });

    expect(saved.snapshot).not.toBe(snapshot);
    expect(saved.snapshot).toStrictEqual({
      value: 'idle',
      context: { at: new Date(T).toISOString() },
    });
    expect(Object.isFrozen(snapshot)).toBe(false);
  });
});

describe('memory store, what it is given', () => {
  it('copies a value frozen only on the surface, so changing what is under it changes nothing', async () => {
    const store = createMemoryStore();
    const contact = await store.ensureContact({ phone: '+14155550126' }, 0);
    const categories: Record<string, boolean> = { offers: true };
    const consent = Object.freeze({
      status: 'opted_in' as const,
      categories,
      marketingSuppressed: false,
    });
    await store.saveTurn({
      contactId: contact.id,
      expectedVersion: 0,
      patch: { consent },
      events: [],
      now: 0,
    });

    categories['offers'] = false;

    expect((await store.getContact(contact.id))?.consent.categories).toEqual({ offers: true });
  });
});
