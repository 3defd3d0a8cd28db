import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import type { Store } from '../../../src/store/port.js';
import type { RecordedRequest } from '../../support/fake-cloud-api.js';
import { describeWithMongo, openMongoStore } from '../../support/mongo-server.js';
import { postWebhook, startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import {
  BASE_TIMESTAMP,
  buttonReplyPayload,
  CUSTOMER_PHONE,
  CUSTOMER_USER_ID,
  textMessagePayload,
} from '../../support/whatsapp-payloads.js';

/**
 * One person known as two contacts: one by phone (they wrote before taking a WhatsApp
 * username), one by business-scoped user id (they wrote after, and WhatsApp left the phone
 * out). A webhook naming both merges them, so consent follows the person (PRODUCT.md,
 * Identity). Before the merge, such a webhook was refused with 409 for ever, STOP included.
 */
function describeIdentityMerge(title: string, openStore: () => Promise<StoreHandle>): void {
  describe(title, () => {
    let t: TestServer;
    let handle: StoreHandle;
    let minute = 0;

    beforeEach(async () => {
      handle = await openStore();
      t = await startTestServer({ store: handle.store });
      minute = 0;
    });
    afterEach(async () => {
      await t.close();
      await handle.dispose();
    });

    /** Each message a minute after the previous one. */
    const at = () => BASE_TIMESTAMP + 60 * minute++;
    const byPhone = { from: CUSTOMER_PHONE } as const;
    const byUser = { from: null, userId: CUSTOMER_USER_ID } as const;
    const byBoth = { from: CUSTOMER_PHONE, userId: CUSTOMER_USER_ID } as const;
    const say = async (text: string, sender: Sender) => {
      const response = await postWebhook(
        t.url,
        textMessagePayload({ text, ...sender, timestamp: at() }),
      );
      expect(response.status).toBe(200);
      await t.settle();
    };
    /** The consent decisions in the ledger, oldest first (no merges, no questions asked). */
    const eventTypes = async (contactId: string) =>
      (await t.deps.store.listEvents(contactId))
        .map((event) => event.type)
        .filter((type) => type !== 'contact.merged' && type !== 'consent.asked');
    const mergesOf = async (contactId: string) =>
      (await t.deps.store.listEvents(contactId)).filter((event) => event.type === 'contact.merged')
        .length;
    const questionsIn = (requests: readonly RecordedRequest[]) =>
      requests.filter((request) => JSON.stringify(request.body).includes('"consent.yes"'));

    it('obeys a STOP that carries both the phone and the user id', async () => {
      await say('Hello', byPhone);
      await say('Hello again', byUser);

      const stop = textMessagePayload({ text: 'STOP', ...byBoth, timestamp: at() });
      const first = await postWebhook(t.url, stop);
      const retried = await postWebhook(t.url, stop); // a redelivery is still a duplicate
      await t.settle();

      expect([first.status, retried.status]).toEqual([200, 200]);
      const contact = await t.deps.store.findContact({ phone: CUSTOMER_PHONE });
      expect(contact?.consent.status).toBe('opted_out');
      expect(contact?.userId).toBe(CUSTOMER_USER_ID);
      expect((await t.deps.store.findContact({ userId: CUSTOMER_USER_ID }))?.id).toBe(contact?.id);
      expect(await eventTypes(contact!.id)).toEqual(['consent.revoked']);
      expect(await mergesOf(contact!.id)).toBe(1);
    });

    it('does not ask a person who said STOP by phone again when their user id writes with both', async () => {
      await say('Hello', byPhone);
      await say('STOP', byPhone);
      await say('Hi', byUser); // not yet known to be the same person
      const before = t.fakeCloud.messages().length;

      await say('Do you deliver on Sundays?', byBoth);

      const replies = t.fakeCloud.messages().slice(before);
      expect(replies.length).toBeGreaterThan(0); // the customer is still answered
      expect(questionsIn(replies)).toEqual([]);
      const contact = await t.deps.store.findContact({ userId: CUSTOMER_USER_ID });
      expect(contact?.phone).toBe(CUSTOMER_PHONE);
      expect(contact?.consent.status).toBe('opted_out');
    });

    it('keeps a STOP given under the user id after an opt-in given by phone', async () => {
      await say('Hello', byPhone);
      const yes = buttonReplyPayload({
        buttonId: 'consent.yes',
        title: 'Yes, all of them',
        timestamp: at(),
      });
      expect((await postWebhook(t.url, yes)).status).toBe(200);
      await t.settle();
      await say('STOP', byUser);

      await say('Hello', byBoth);

      const contact = await t.deps.store.findContact({ phone: CUSTOMER_PHONE });
      expect(contact?.consent.status).toBe('opted_out');
      expect(await eventTypes(contact!.id)).toEqual(['consent.granted', 'consent.revoked']);
      expect(await mergesOf(contact!.id)).toBe(1);
    });
  });
}

interface StoreHandle {
  readonly store: Store;
  dispose(): Promise<void>;
}

type Sender = { readonly from: string | null; readonly userId?: string };

describeIdentityMerge('a person split over two contacts, merged (memory store)', () => {
  const store = createMemoryStore();
  return Promise.resolve({ store, dispose: () => store.close() });
});

describeWithMongo('a person split over two contacts, merged (MongoDB store)', (uri) => {
  describeIdentityMerge('MongoDB store', () => openMongoStore(uri, 'optin_identity'));
});
