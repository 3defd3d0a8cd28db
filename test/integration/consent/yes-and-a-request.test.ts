import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * "sí, y dónde está mi pedido?": a plain yes typed to the opt-in question, and a request in the
 * same message, through signed webhooks. The yes was lost: the bot answered the request only,
 * and the customer, who had said yes, stayed unknown (the question was no longer the bot's
 * latest message, so a second "sí" counted for nothing either). Now the yes opts them in to
 * every kind, with their words as proof, and the request is answered first.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/** The start of the answer to "where is my order?" and of the thanks for a yes, by language. */
const TRACKING = {
  en: /^You can follow your order at brightwood\.example\/track/,
  es: /^Puedes seguir tu pedido en brightwood\.example\/track/,
  pt: /^Você pode acompanhar seu pedido em brightwood\.example\/track/,
};
const THANKS = {
  en: /^Thank you! You will get order updates, login codes, and special offers/,
  es: /^¡Gracias! Recibirás avisos de tus pedidos, códigos de acceso y ofertas especiales/,
  pt: /^Obrigado! Você vai receber avisos dos seus pedidos, códigos de acesso e ofertas especiais/,
};

describe('a plain yes and a request in one message, typed to the question', () => {
  it.each([
    ['es', '+5215512345801', 'hola', 'sí, y dónde está mi pedido?'],
    ['es', '+34600000802', 'hola', 'Sí claro. ¿Cuándo llega mi pedido?'],
    ['pt', '+5511987650803', 'oi', 'sim, e meu pedido?'],
    ['pt', '+5511987650804', 'oi', 'Sim! Onde está meu pedido?'],
    ['en', '+14155550805', 'hi', 'yes. when does my order arrive?'],
    ['en', '+14155550806', 'hello', 'Yes - where is my order?'],
  ] as const)(
    '%s (%s): "%s", then "%s" answers the request and opts in to every kind',
    async (lang, phone, hello, words) => {
      const customer = webhookCustomer(t, phone);
      await customer.say(hello);
      const answered = await customer.answerTo(words);
      expect(answered.map((m) => m.text)).toEqual([
        expect.stringMatching(TRACKING[lang]),
        expect.stringMatching(THANKS[lang]),
      ]);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('opted_in');
      expect(consent.granted).toEqual({ orders: true, account: true, offers: true });
      const granted = (await customer.events()).filter((e) => e.type === 'consent.granted');
      expect(granted).toHaveLength(1);
      // The proof: the question shown, and the customer's own words.
      expect(granted[0]!.evidence).toMatchObject({ replyText: words, language: lang });
      expect(granted[0]!.evidence.questionText).toMatch(/WhatsApp/);
    },
  );

  // A yes asked back, a yes that goes on refusing or with a condition, a weak "ok", a request the
  // service does not answer, a person asked for, or the question no longer the latest message:
  // no yes is recorded (what the service understands is still answered).
  it.each([
    ['es', '+5215512345811', 'hola', 'Sí? dónde está mi pedido'],
    ['es', '+5215512345812', 'hola', 'sí, no me llegó el pedido'],
    ['es', '+5215512345813', 'hola', 'vale, ¿y dónde está mi pedido?'],
    ['es', '+5215512345814', 'hola', 'claro, ¿dónde está mi pedido?'],
    ['pt', '+5511987650815', 'oi', 'sim, mas cadê meu pedido?'],
    ['pt', '+5511987650816', 'oi', 'sim, nada de ofertas, e meu pedido?'],
    ['en', '+14155550817', 'hi', 'yes, what is this about?'],
    ['en', '+14155550818', 'hi', 'yes, I want to talk to someone'],
    ['en', '+14155550819', 'hi', 'ok, where is my order?'],
  ] as const)('%s (%s): "%s", then "%s" records no yes', async (_lang, phone, hello, words) => {
    const customer = webhookCustomer(t, phone);
    await customer.say(hello);
    await customer.say(words);
    const events = await customer.events();
    expect(events.filter((e) => e.type === 'consent.granted')).toEqual([]);
    expect((await customer.contact()).consent.status).toBe('unknown');
  });

  it('records no yes when the question is no longer the latest message', async () => {
    const customer = webhookCustomer(t, '+5215512345821');
    await customer.say('hola');
    await customer.say('horario');
    const answered = await customer.answerTo('sí, y dónde está mi pedido?');
    expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(TRACKING.es)]);
    expect((await customer.contact()).consent.status).toBe('unknown');
  });
});
