import { describe, expect, it } from 'vitest';
import { describeWithMongo, openMongoStore } from '../support/mongo-server.js';
import { describeStoreContract } from './store-contract.js';

describeWithMongo('MongoDB store', (uri) => {
  /** A store on a fresh database of its own, dropped afterwards. */
  async function openStore() {
    const opened = await openMongoStore(uri, 'optin_store');
    return { ...opened, teardown: opened.dispose };
  }

  describeStoreContract('MongoDB', openStore);

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
        expect(names).toEqual(expect.arrayContaining(['phone_unique', 'userId_unique']));
      } finally {
        await teardown();
      }
    });
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
