import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { NewConsentEvent } from '../../src/core/consent/events.js';
import { prepareMongoStore } from '../../src/store/mongo/index.js';
import { CATEGORIES } from '../core/consent/consent-fixture.js';
import { describeWithMongo, openMongoStore } from '../support/mongo-server.js';
import { describeOutboxCrashContract } from './outbox-crash-contract.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { FunnelQuery } from '../../src/core/report/index.js';
import { seedRandomLedger } from '../support/random-ledger.js';
import { describeReportContract, sortedCounts } from './report-contract.js';
import { describeStoreContract } from './store-contract.js';

describeWithMongo('MongoDB store', (uri) => {
  /** A store on a fresh database of its own, dropped afterwards. */
  async function openStore() {
    const opened = await openMongoStore(uri, 'optin_store');
    return { ...opened, teardown: opened.dispose };
  }

  describeStoreContract('MongoDB', openStore);
  describeReportContract('MongoDB', openStore);

  describe('MongoDB consent funnel', () => {
    it('gives the figures the memory store gives, on a random ledger, for every grouping', async () => {
      const { store, teardown } = await openStore();
      const memory = createMemoryStore();
      try {
        const start = Date.parse('2026-03-01T00:00:00Z');
        await seedRandomLedger([store, memory], 20260301, 300, start);
        const groupings: FunnelQuery['groupBy'][] = [
          [],
          ['version'],
          ['variant'],
          ['version', 'language', 'variant', 'day'],
        ];
        for (const groupBy of groupings) {
          for (const ask of ['question', 'new_category'] as const) {
            const query: FunnelQuery = {
              from: start + 24 * 3600_000,
              to: start + 200 * 3600_000,
              flowId: 'default',
              groupBy,
              ask,
            };
            const expected = sortedCounts(await memory.consentFunnel(query));
            expect(expected.length).toBeGreaterThan(0);
            expect(sortedCounts(await store.consentFunnel(query)), JSON.stringify(query)).toEqual(
              expected,
            );
          }
        }
      } finally {
        await teardown();
      }
    });

    it('reads the period through its index', async () => {
      const { store, client, dbName, teardown } = await openStore();
      try {
        await store.ensureIndexes();
        const names = (await client.db(dbName).collection('consent_events').indexes()).map(
          (index) => index.name,
        );
        expect(names).toEqual(expect.arrayContaining(['contact_ledger_order', 'report_period']));
      } finally {
        await teardown();
      }
    });
  });

  // Each scenario in a database of its own; each store over it on a client of its own, as a
  // process and the one that takes over from it would be. The stop comes between two writes
  // the driver would send, from a hook the store asks: the server and the driver are real.
  let crashDb = '';
  describeOutboxCrashContract('MongoDB', {
    reset() {
      crashDb = `optin_crash_${randomUUID().replaceAll('-', '')}`;
      return Promise.resolve();
    },
    async open(beforeWrite) {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
      const { store } = await prepareMongoStore({
        client,
        dbName: crashDb,
        processedRetentionMs: 100 * 365 * 24 * 3_600_000,
        ...(beforeWrite ? { beforeWrite } : {}),
      });
      return {
        store,
        close: async () => {
          if (!beforeWrite) await client.db(crashDb).dropDatabase();
          await store.close();
        },
      };
    },
  });

  describe('MongoDB ledger without transactions', () => {
    it('recovers events parked on the contact when the copy to the ledger never happened', async () => {
      const { client, dbName, store, teardown } = await openStore();
      try {
        const contact = await store.ensureContact({ phone: '+34600111222' }, 1000);
        // The state a crash leaves between the turn's write and the copy to the ledger:
        // one event already copied, the other only on the contact.
        const parked = [
          eventDoc(contact.id, 'ev-1', 2000, 0),
          eventDoc(contact.id, 'ev-2', 2000, 1),
        ];
        const db = client.db(dbName);
        await db
          .collection('contacts')
          .updateOne({ _id: contact.id as never }, { $set: { pendingEvents: parked } });
        await db.collection('consent_events').insertOne(parked[0] as never);

        const events = await store.listEvents(contact.id);
        const again = await store.listEvents(contact.id);

        expect(events.map((e) => e.id)).toEqual(['ev-1', 'ev-2']);
        expect(again).toEqual(events);
        expect(await db.collection('consent_events').countDocuments()).toBe(2);
        const stored = await db.collection('contacts').findOne({ _id: contact.id as never });
        expect(stored?.pendingEvents).toEqual([]);
      } finally {
        await teardown();
      }
    });

    it('creates its indexes idempotently', async () => {
      const { store, client, dbName, teardown } = await openStore();
      try {
        await store.ensureIndexes();
        const names = (await client.db(dbName).collection('contacts').indexes()).map(
          (index) => index.name,
        );
        expect(names).toEqual(
          expect.arrayContaining([
            'phone_unique',
            'userId_unique',
            'merging_phone',
            'merging_userId',
            'merging_into',
          ]),
        );
      } finally {
        await teardown();
      }
    });
  });
});

describeWithMongo('MongoDB merge of two contacts, interrupted', (uri) => {
  const phone = '+34600111333';
  const userId = 'US.13491208655302741918';
  const stop: NewConsentEvent = {
    type: 'consent.revoked',
    occurredAt: 2000,
    recordedAt: 2000,
    source: 'whatsapp',
    evidence: { replyText: 'STOP' },
  };

  /** A person by phone, then by user id (who said STOP), and the marker a merge begins with. */
  async function splitPerson() {
    const opened = await openMongoStore(uri, 'optin_merge');
    const byPhone = await opened.store.ensureContact({ phone }, 1000);
    const byUser = await opened.store.ensureContact({ userId }, 1500);
    await opened.store.saveTurn({
      contactId: byUser.id,
      expectedVersion: 0,
      patch: {},
      events: [stop],
      messageId: 'wamid.by-user',
      now: 2000,
    });
    const contacts = opened.client.db(opened.dbName).collection('contacts');
    const marker = {
      contactId: byPhone.id,
      userId,
      categories: CATEGORIES,
      source: 'whatsapp',
      at: 3000,
    };
    return { ...opened, byPhone, byUser, contacts, marker };
  }

  it('never gives an identifier on its way to the kept contact to a new contact', async () => {
    const { store, byPhone, byUser, contacts, marker, dispose } = await splitPerson();
    try {
      // The state a crash leaves after steps 1 and 2: marked, identifier freed, nothing moved.
      await contacts.updateOne(
        { _id: byUser.id as never },
        { $set: { mergedInto: marker }, $inc: { version: 1 }, $unset: { userId: '' } },
      );

      const found = await store.ensureContact({ userId }, 4000);

      expect(found).toMatchObject({ id: byPhone.id, phone, userId });
      expect(found.consent.status).toBe('opted_out');
      expect(await contacts.countDocuments()).toBe(1);
      const events = await store.listEvents(byPhone.id);
      expect(events.map((event) => event.type)).toEqual(['consent.revoked', 'contact.merged']);
      expect(await store.isProcessed('wamid.by-user')).toBe(true);
    } finally {
      await dispose();
    }
  });

  it('takes no turn on a kept contact in the middle of a merge, and finishes it on the next read', async () => {
    const { store, byPhone, byUser, contacts, marker, dispose } = await splitPerson();
    try {
      // The state a crash leaves after step 3: the kept contact holds the user id.
      await contacts.updateOne(
        { _id: byUser.id as never },
        { $set: { mergedInto: marker }, $inc: { version: 1 }, $unset: { userId: '' } },
      );
      await contacts.updateOne(
        { _id: byPhone.id as never },
        { $set: { userId, mergingFrom: byUser.id }, $inc: { version: 1 } },
      );

      const turn = store.saveTurn({
        contactId: byPhone.id,
        expectedVersion: 1,
        patch: { language: 'es' },
        events: [],
        now: 4000,
      });
      await expect(turn).rejects.toMatchObject({ context: { merging: true } });

      const found = await store.findContact({ phone });
      expect(found).toMatchObject({ id: byPhone.id, userId });
      expect(found?.consent.status).toBe('opted_out');
      expect(found?.language).toBeUndefined();
      expect(await store.getContact(byUser.id)).toBeNull();
      const again = await store.ensureContact({ phone, userId }, 5000, {
        categories: CATEGORIES,
        source: 'whatsapp',
      });
      expect(again).toEqual(found);
    } finally {
      await dispose();
    }
  });
});

function eventDoc(contactId: string, id: string, at: number, position: number) {
  return {
    _id: id,
    contactId,
    type: 'consent.granted',
    categories: ['offers'],
    occurredAt: at,
    recordedAt: at,
    source: 'whatsapp',
    evidence: { replyText: 'Yes' },
    turn: 1,
    position,
  };
}
