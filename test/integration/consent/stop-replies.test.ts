import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * What a customer hears around stopping, through signed webhooks. Once opted out, a sentence
 * that may mean stop, or names kinds to stop, gets no reply (after an opt-out only its one
 * confirmation is sent); anything else is answered as usual. A confirmation never promises
 * messages the customer will not get.
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
    expect(await customer.answerTo(text)).toEqual([]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
    expect(await customer.events()).toHaveLength(events);
  });

  it('writes "stop sending me promos": nothing is sent', async () => {
    const customer = await optedOutCustomer('+14155550164');
    expect(await customer.answerTo('stop sending me promos')).toEqual([]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });

  it('writes "hello": the menu, and no opt-in question', async () => {
    const customer = await optedOutCustomer('+14155550165');
    const sent = await customer.answerTo('hello');
    expect(sent.map((m) => m.text)).toEqual([expect.stringMatching(/^How can we help you today/)]);
  });
});

describe('a customer who never said yes and asks to stop the offers', () => {
  it.each([
    [
      '+14155550166',
      'Please stop sending me offers',
      'Just those',
      /^Done: you won't get special offers from Brightwood Home on WhatsApp any more\. Reply STOP/,
    ],
    [
      '+34600000167',
      'no quiero ofertas',
      'Solo esos',
      /^Listo: ya no recibirás ofertas especiales de Brightwood Home por WhatsApp\. Responde BAJA/,
    ],
  ])(
    '%s: "%s", then "%s", stops the offers only: not an opt-out, and the rest may still be asked',
    async (phone, text, title, confirmation) => {
      t = await startTestServer();
      const customer = webhookCustomer(t, phone);
      await customer.say(text);
      const prompt = customer.sent().at(-1);
      expect(prompt?.buttons.map((b) => b.title)).toContain(title);

      expect((await customer.answerTo(title)).map((m) => m.text)).toEqual([
        expect.stringMatching(confirmation),
      ]);
      // Found by a tester: "Just those" used to opt out of everything, so the question about
      // order updates and login codes could never be asked again.
      const { consent } = await customer.contact();
      expect(consent.status).toBe('unknown');
      expect(consent.revoked).toMatchObject({ offers: true });
      expect(consent.revoked?.['orders']).not.toBe(true);
    },
  );

  it('an opted-in customer who stops the offers is still told to reply STOP for the rest', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+14155550168');
    await customer.say('hello');
    await customer.tap('consent.yes', 'Yes, all of them');
    await customer.say('Please stop sending me offers');
    expect((await customer.answerTo('Just those')).map((m) => m.text)).toEqual([
      expect.stringMatching(
        /^Done: you won't get special offers .* Reply STOP to stop every message\.$/,
      ),
    ]);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });
});

describe('a typed answer to "stop just those?" as people write it', () => {
  it.each([
    ['+5511900000173', 'oi', 'Sim, todas', 'não quero ofertas', 'Só essas'],
    ['+34600000174', 'hola', 'Sí, todos', 'no quiero ofertas', 'solo esas'],
  ])(
    '%s: "%s", "%s", "%s", then "%s" (the title with another ending) stops the offers only',
    async (phone, hello, yes, noOffers, those) => {
      t = await startTestServer();
      const customer = webhookCustomer(t, phone);
      await customer.say(hello);
      await customer.tap('consent.yes', yes);
      await customer.say(noOffers);
      expect(await customer.answerTo(those)).toHaveLength(1);
      const contact = await customer.contact();
      expect(contact.consent.status).toBe('opted_in');
      expect(contact.consent.granted).toEqual({ orders: true, account: true, offers: false });
    },
  );
});

describe('"do you want to stop?" in the conversation’s language', () => {
  it.each([
    ['+34600000181', 'hola', 'No, stop', /^¿Quieres dejar de recibir todos los mensajes/, 'es'],
    ['+5511900000182', 'oi', 'Não, pare', /^Você quer deixar de receber todas as mensagens/, 'pt'],
    [
      '+5511900000183',
      'oi',
      'pare, quem é?',
      /^Você quer deixar de receber todas as mensagens/,
      'pt',
    ],
  ])(
    '%s: "%s", then "%s" is asked in the same language (a word other languages share says nothing of the language)',
    async (phone, hello, maybeStop, question, language) => {
      t = await startTestServer();
      const customer = webhookCustomer(t, phone);
      await customer.say(hello);
      expect((await customer.answerTo(maybeStop)).map((m) => m.text)).toEqual([
        expect.stringMatching(question),
      ]);
      expect((await customer.contact()).language).toBe(language);
    },
  );
});

describe('a stop sign and nothing else', () => {
  it.each([
    ['+34600000184', 'hola', '🛑', /^¿Quieres dejar de recibir todos los mensajes/],
    ['+14155550185', 'hi', '⛔️ ⛔️', /^Do you want to stop all WhatsApp messages/],
    ['+5511900000186', 'oi', '🚫', /^Você quer deixar de receber todas as mensagens/],
  ])(
    '%s: "%s", then "%s" may mean stop: asked, in the conversation’s language, nothing recorded',
    async (phone, hello, sign, question) => {
      t = await startTestServer();
      const customer = webhookCustomer(t, phone);
      await customer.say(hello);
      expect((await customer.answerTo(sign)).map((m) => m.text)).toEqual([
        expect.stringMatching(question),
      ]);
      expect((await customer.contact()).consent.status).toBe('unknown');
    },
  );
});
