import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { OPTED_OUT } from '../../support/shipped-replies.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * "Do you want to stop all messages?" answered the way people answer it ("ok", "k", "dale",
 * "blz", "please do"), through signed webhooks. Found by a tester: the customer who wrote "pls
 * stop texting me" and then "k" was told "You're welcome!" and stayed opted in. A go-ahead to
 * that question stops; anything else still keeps the messages, as silence is not an opt-out.
 */
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('a go-ahead to "do you want to stop?"', () => {
  it.each([
    ['+14155550311', 'hi', 'Yes, all of them', 'No, stop', 'k', 'en'],
    ['+14155550312', 'hi', 'Yes, all of them', 'No, stop', 'ok', 'en'],
    ['+14155550313', 'hi', 'Yes, all of them', 'No, stop', 'please do', 'en'],
    ['+5215512345611', 'hola', 'Sí, todos', 'No, parar', 'dale', 'es'],
    ['+5215512345612', 'hola', 'Sí, todos', 'No, parar', 'ok porfa', 'es'],
    ['+5511900000313', 'oi', 'Sim, todas', 'Não, parar', 'blz', 'pt'],
    ['+5511900000314', 'oi', 'Sim, todas', 'Não, parar', 'pode', 'pt'],
    // More a second tester typed: a thumbs-up, "ok thanks", "k thx".
    ['+14155550316', 'hi', 'Yes, all of them', 'No, stop', '👍', 'en'],
    ['+14155550317', 'hi', 'Yes, all of them', 'No, stop', '👍🏽', 'en'],
    ['+14155550318', 'hi', 'Yes, all of them', 'No, stop', 'ok thanks', 'en'],
    ['+14155550319', 'hi', 'Yes, all of them', 'No, stop', 'k thx', 'en'],
  ] as const)(
    '%s: "%s", "%s", "%s", then "%s" opts out',
    async (phone, hi, yes, stop, go, lang) => {
      t = await startTestServer();
      const customer = webhookCustomer(t, phone);
      await customer.say(hi);
      await customer.say(yes);
      await customer.say(stop);
      const answered = await customer.answerTo(go);
      expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
      expect((await customer.contact()).consent.status).toBe('opted_out');
    },
  );

  it('is only a go-ahead to that question: "ok" after the menu is thanks, and changes nothing', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+14155550315');
    await customer.say('hi');
    await customer.say('Yes, all of them');
    const answered = await customer.answerTo('ok');
    expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(/^You're welcome/)]);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });
});
