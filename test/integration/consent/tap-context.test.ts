import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * A tap on a consent button is tied to the message it was under through WhatsApp's
 * `context.id` and the outbound log: the evidence is the question the customer read, and a
 * button under a question this flow never asks (an old flow's) is not taken as an answer.
 */
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const outboundOf = async (customer: ReturnType<typeof webhookCustomer>) =>
  t!.deps.store.listOutbound((await customer.contact()).id);

describe('a consent tap and the question it was under', () => {
  it('records the text of the question tapped, not the last one asked', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    // The question comes back with the customer's third message after it (the re-ask gap).
    await customer.tap('service.track', 'Track an order');
    await customer.tap('service.hours', 'Hours & returns');
    await customer.tap('service.returns', 'Return by post');
    const log = await outboundOf(customer);
    const first = log.find((e) => e.body?.startsWith('Hi! Would you like'));
    const reask = log.find((e) => e.body?.startsWith('Just checking'));
    expect(first?.waMessageId).toMatch(/^wamid\./);
    // The re-ask came after it, in other words: the question tapped is not the last one asked.
    expect(reask?.body).toBeTruthy();
    expect(reask?.body).not.toBe(first?.body);

    await customer.tap('consent.yes', 'Yes, all of them', { contextId: first!.waMessageId! });
    const [granted] = (await customer.events()).filter((e) => e.type === 'consent.granted');
    expect(granted?.evidence.questionText).toBe(first!.body);
    expect(granted?.evidence.replyText).toBe('Yes, all of them');
  });

  it('falls back to the last question shown when the message is unknown (a dry run, an old log)', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    await customer.tap('consent.yes', 'Yes, all of them', { contextId: 'wamid.UNKNOWN' });
    const [granted] = (await customer.events()).filter((e) => e.type === 'consent.granted');
    expect(granted?.evidence.questionText).toMatch(/^Hi! Would you like/);
  });

  it('does not take a tap under a question the flow no longer asks for consent, and asks the current one', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    const contact = await customer.contact();
    const oldQuestion = {
      id: 'old-question',
      contactId: contact.id,
      kind: 'buttons' as const,
      body: 'Want our newsletter? (a question of an older flow)',
      status: 'queued' as const,
      createdAt: 0,
      updatedAt: 0,
    };
    const lease = { owner: 'an-older-sender', until: 30_000, now: 0 };
    await t.deps.store.queueOutbound(contact.id, [oldQuestion], lease);
    await t.deps.store.completeOutbound(
      { ...oldQuestion, status: 'sent', waMessageId: 'wamid.OLD_QUESTION' },
      lease,
    );
    const before = customer.count();
    await customer.tap('consent.yes', 'Yes, all of them', { contextId: 'wamid.OLD_QUESTION' });
    expect((await customer.events()).filter((e) => e.type === 'consent.granted')).toEqual([]);
    expect(customer.sentSince(before).at(-1)?.text).toMatch(/^Just checking/);
  });

  it('records only the category whose button was tapped, never another one', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    await customer.tap('consent.choose', 'Let me choose');
    const orders = customer.sent().at(-1)!;
    expect(orders.buttons.map((b) => b.id)).toEqual([
      'consent.category.yes.orders',
      'consent.category.no.orders',
    ]);
    await customer.tap('consent.category.no.orders', 'No');
    // The customer scrolls up and taps "Yes" under the order updates question again.
    await customer.tap('consent.category.yes.orders', 'Yes');
    expect(customer.sent().at(-1)?.text).toBe('Would you like to get login codes on WhatsApp?');
    await customer.tap('consent.category.yes.account', 'Yes');
    await customer.tap('consent.category.no.offers', 'No');
    const [granted] = (await customer.events()).filter((e) => e.type === 'consent.granted');
    expect(granted && 'categories' in granted ? granted.categories : []).toEqual(['account']);
  });
});
