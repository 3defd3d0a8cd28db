import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { ASKED_AGAIN } from '../../support/shipped-replies.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * A typed number after a turn that showed the menu and then the opt-in question, through signed
 * webhooks. A tester typed "1." for the menu's first choice ("Seguir un pedido") and was opted
 * in to every kind of message, offers included: a typed number picked the question's button of
 * that number, since the question was the bot's latest message. Now, with the menu before the
 * question in the same turn, a number is the menu's choice of that number, and answers the
 * question never: WhatsApp shows the customer no numbers, so it may count either message.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const TRACKING = /^Puedes seguir tu pedido en brightwood\.example\/track/;

describe('a typed number after the menu and the question', () => {
  it.each([
    ['+34600000941', '1', TRACKING],
    ['+34600000942', '1.', TRACKING],
    ['+34600000943', '1)', TRACKING],
  ])(
    '%s: "hola", then "%s" picks the menu’s choice and records nothing',
    async (phone, typed, reply) => {
      const customer = webhookCustomer(t, phone);
      await customer.say('hola');
      const answered = await customer.answerTo(typed);
      expect(answered[0]?.text).toMatch(reply);
      expect((await customer.events()).map((e) => e.type)).toEqual(['consent.asked']);
      expect((await customer.contact()).consent.status).toBe('unknown');
    },
  );

  // WhatsApp shows no numbers: past the menu's, a number may count the question's buttons from
  // either message (a reviewer's "2." for "Quiero elegir" granted everything). It answers
  // nothing, and the question is shown again (it got "didn't understand": a final tester's).
  it.each([
    ['+34600000951', '4'],
    ['+34600000952', '6.'],
    ['+34600000953', '#4'],
  ])('%s: "hola", then "%s" answers nothing and shows the question again', async (phone, typed) => {
    const customer = webhookCustomer(t, phone);
    await customer.say('hola');
    const again = await customer.answerTo(typed);
    expect(again.map((m) => m.text)).toEqual([expect.stringMatching(ASKED_AGAIN.es)]);
    expect((await customer.events()).map((e) => e.type)).toEqual([
      'consent.asked',
      'consent.asked',
    ]);
  });

  it('takes no number for the question shown again after a menu answer with a button', async () => {
    const customer = webhookCustomer(t, '+34600000954');
    await customer.say('hola');
    await customer.say('sí, y dónde está mi pedido?');
    await customer.say('2.');
    expect((await customer.events()).map((e) => e.type)).toEqual([
      'consent.asked',
      'consent.asked',
    ]);
  });

  // "3" may be the menu's "Hablar con alguien" or the question's "No, gracias": a number counted
  // past the question never hands the conversation over (a reviewer's), and answers nothing.
  it('hands nobody over on "3", which may count the question’s buttons', async () => {
    const customer = webhookCustomer(t, '+34600000944');
    await customer.say('hola');
    await customer.say('3');
    const contact = await customer.contact();
    expect(contact.handover).toBeUndefined();
    expect((await customer.events()).map((e) => e.type)).toEqual(['consent.asked']);
  });

  it('numbers the question alone from 1 when it came without a menu', async () => {
    const customer = webhookCustomer(t, '+34600000961');
    await customer.say('hola');
    // "ok" shows the question again, alone: its buttons are 1–3.
    const again = await customer.answerTo('ok');
    expect(again.map((m) => m.text)).toEqual([expect.stringMatching(ASKED_AGAIN.es)]);
    await customer.say('1');
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });
});

describe('a typed number after the menu and a consent reply that asks nothing', () => {
  // A reviewer's: after "no gracias. ¿y mi pedido?" (the tracking answer with its one button,
  // then "we won't send you these messages") a typed "1" got "didn't understand".
  it('picks the menu’s choice of that number', async () => {
    const customer = webhookCustomer(t, '+34600000971');
    await customer.say('hola');
    await customer.say('no gracias. ¿y mi pedido?');
    expect((await customer.contact()).consent.status).toBe('declined');
    await customer.say('1');
    expect((await customer.contact()).handover).toBeDefined();
  });
});
