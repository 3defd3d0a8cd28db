import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * The language later in a conversation, through signed webhooks: a whole sentence in another
 * language switches to it; an English "hello", "thanks" or "sure" from a Brazilian or a Mexican
 * does not take them out of their own language.
 */
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the language later in a conversation', () => {
  it('follows a Spanish sentence from a customer who greeted in English', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+34600000171');
    await customer.say('hello');
    expect(customer.sent()[0]?.text).toMatch(/^How can we help you today\?/);

    const before = customer.count();
    await customer.say('quiero saber dónde está mi pedido');
    const texts = customer.sentSince(before).map((m) => m.text);
    // In Spanish, and understood: the sentence names the menu's "pedido" (Seguir un pedido).
    expect(texts).toEqual([expect.stringMatching(/^Puedes seguir tu pedido/)]);
  });

  it('keeps Portuguese when a Brazilian writes "hello" or "thanks"', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+5511900000172');
    await customer.say('oi');
    let before = customer.count();
    await customer.say('hello');
    expect(customer.sentSince(before).map((m) => m.text)).toEqual([
      expect.stringMatching(/^Como podemos ajudar hoje\?/),
    ]);
    before = customer.count();
    await customer.say('thanks');
    expect(customer.sentSince(before).map((m) => m.text)).toEqual([
      expect.stringMatching(/^De nada!/),
    ]);
  });

  it('keeps Spanish when a Mexican answers the question with "sure" (found by a tester)', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+5215500000173');
    await customer.say('hola');
    const before = customer.count();
    await customer.say('sure');
    expect(customer.sentSince(before).map((m) => m.text)).toEqual([
      expect.stringMatching(/^¡Gracias! Recibirás/),
    ]);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });

  // Testers' of session 47: "n" is in Portuguese's list of noes, and "basta" in Spanish's list of
  // stops; each switched the whole conversation to that language.
  it('keeps English when an American answers "n", and Spanish when a Spaniard does', async () => {
    t = await startTestServer();
    const american = webhookCustomer(t, '+15550000174');
    await american.say('hi');
    let before = american.count();
    await american.say('n');
    expect(american.sentSince(before).map((m) => m.text)).toEqual([
      expect.stringMatching(/^No problem, we won't send you these messages/),
    ]);
    expect((await american.contact()).consent.status).toBe('declined');

    const spaniard = webhookCustomer(t, '+34600000175');
    await spaniard.say('hola');
    await spaniard.tap('consent.choose', 'Quiero elegir');
    before = spaniard.count();
    await spaniard.say('n');
    await spaniard.say('n');
    expect(spaniard.sentSince(before).map((m) => m.text)).toEqual([
      expect.stringMatching(/^¿Quieres recibir códigos de acceso por WhatsApp\?/),
      expect.stringMatching(/^¿Quieres recibir ofertas especiales por WhatsApp\?/),
    ]);
  });

  // ("basta pfv", "basta por favor": session 48, answered in Spanish.)
  it.each(['basta', 'basta pfv', 'basta por favor'])(
    'keeps Portuguese when a customer from Portugal or Brazil writes "%s"',
    async (stop) => {
      t = await startTestServer();
      for (const phone of ['+351910000176', '+5511900000177']) {
        const customer = webhookCustomer(t, phone);
        await customer.say('olá');
        await customer.tap('consent.yes', 'Sim, todas');
        const before = customer.count();
        await customer.say(stop);
        expect(customer.sentSince(before).map((m) => m.text)).toEqual([
          expect.stringMatching(/^Pronto: você não vai receber mais mensagens/),
        ]);
        expect((await customer.contact()).consent.status).toBe('opted_out');
      }
    },
  );
});
