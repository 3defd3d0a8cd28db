import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { ASKED_AGAIN } from '../../support/shipped-replies.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * A typed number after a turn that showed the menu and then the opt-in question, through signed
 * webhooks. A tester typed "1." for the menu's first choice ("Seguir un pedido") and was opted
 * in to every kind of message, offers included: a typed number picked the question's button of
 * that number, since the question was the bot's latest message. Now the turn's buttons are
 * numbered as the customer met them, the menu's first (as the simulator numbers them): 1–3 the
 * menu, 4–6 the question.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const TRACKING = /^Puedes seguir tu pedido en brightwood\.example\/track/;
const HANDED_OVER = /^¡Gracias! Te pasamos con alguien de nuestro equipo/;

describe('a typed number after the menu and the question', () => {
  it.each([
    ['+34600000941', '1', TRACKING],
    ['+34600000942', '1.', TRACKING],
    ['+34600000943', '1)', TRACKING],
    ['+34600000944', '3', HANDED_OVER],
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

  it.each([
    ['+34600000951', '4', 'opted_in'],
    ['+34600000952', '6.', 'declined'],
  ])(
    '%s: "hola", then "%s" is the question’s button of that number: %s',
    async (phone, typed, status) => {
      const customer = webhookCustomer(t, phone);
      await customer.say('hola');
      await customer.say(typed);
      expect((await customer.contact()).consent.status).toBe(status);
      const decided = (await customer.events()).filter((e) => e.type !== 'consent.asked');
      expect(decided.map((e) => e.evidence.replyText)).toEqual([typed]);
    },
  );

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
