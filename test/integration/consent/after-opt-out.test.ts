import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * What a customer who has opted out hears when they write again, through signed webhooks: a
 * sentence that may mean stop, or names kinds to stop, gets no reply (they are already out, and
 * after an opt-out only its one confirmation is sent); anything else is answered as usual.
 */
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function optedOutCustomer(phone: string) {
  t = await startTestServer();
  const customer = webhookCustomer(t, phone);
  await customer.say('hello');
  await customer.say('STOP');
  expect((await customer.contact()).consent.status).toBe('opted_out');
  return customer;
}

describe('a customer who has opted out', () => {
  it.each([
    ['+14155550161', 'No, stop'],
    ['+34600000162', 'No, parar'],
    ['+5511900000163', 'Não, parar'],
  ])('%s writes "%s": nothing is sent and nothing is recorded', async (phone, text) => {
    const customer = await optedOutCustomer(phone);
    const events = (await customer.events()).length;
    const before = customer.count();

    await customer.say(text);

    expect(customer.sentSince(before)).toEqual([]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
    expect(await customer.events()).toHaveLength(events);
  });

  it('writes "stop sending me promos": nothing is sent', async () => {
    const customer = await optedOutCustomer('+14155550164');
    const before = customer.count();
    await customer.say('stop sending me promos');
    expect(customer.sentSince(before)).toEqual([]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });

  it('writes "hello": the menu, and no opt-in question', async () => {
    const customer = await optedOutCustomer('+14155550165');
    const before = customer.count();
    await customer.say('hello');
    const sent = customer.sentSince(before);
    expect(sent.map((m) => m.text)).toEqual([expect.stringMatching(/^How can we help you today/)]);
  });
});
