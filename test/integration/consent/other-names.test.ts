import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import {
  ASKS_TO_STOP,
  JUST_THOSE,
  STOP_JUST,
  TRACKING,
  stopsOffered,
} from '../../support/shipped-replies.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * Kinds of message called by the other names the flow gives them (`otherNames` in
 * flows/default.yaml: "delivery updates", "códigos de verificación", "avisos de entrega"),
 * through signed webhooks. Before, the flow's labels were the only names of its kinds: "stop
 * the verification codes and delivery updates" offered to stop the login codes alone, "stop
 * shipping updates, promos" the offers alone, and "just those" kept the order updates coming.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { after, optedIn } = newCustomers(() => t, 2);

describe('an opted-in customer stops kinds by their other names', () => {
  it.each([
    [
      'en',
      'hi',
      'stop the verification codes and delivery updates',
      'order updates and login codes',
      { orders: false, account: false, offers: true },
    ],
    [
      'en',
      'hi',
      'stop shipping updates, promos',
      'order updates and special offers',
      { orders: false, account: true, offers: false },
    ],
    [
      'en',
      'hi',
      'stop sending me delivery updates and codes',
      'order updates and login codes',
      { orders: false, account: false, offers: true },
    ],
    [
      'en',
      'hi',
      "i don't want the tracking updates anymore",
      'order updates',
      { orders: false, account: true, offers: true },
    ],
    [
      'es',
      'hola',
      'paren los códigos de verificación y los avisos de envío',
      'avisos de tus pedidos y códigos de acceso',
      { orders: false, account: false, offers: true },
    ],
    [
      'es',
      'hola',
      'ya no quiero el seguimiento de pedidos',
      'avisos de tus pedidos',
      { orders: false, account: true, offers: true },
    ],
    [
      'pt',
      'oi',
      'não quero mais os avisos de entrega',
      'avisos dos seus pedidos',
      { orders: false, account: true, offers: true },
    ],
    [
      'pt',
      'oi',
      'parem os codigos de seguranca e as promoções',
      'códigos de acesso e ofertas especiais',
      { orders: true, account: false, offers: false },
    ],
  ] as const)(
    '%s: "%s", yes to all, then "%s" offers to stop %s, and "just those" stops them alone',
    async (lang, hello, said, kinds, categories) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(STOP_JUST[lang](kinds))]);
      await customer.say(JUST_THOSE[lang]);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('opted_in');
      expect(consent.categories).toEqual(categories);
    },
  );

  it('en: "stop everything, the verification codes too" asks to stop everything, not those alone', async () => {
    const customer = await optedIn('en', 'hi');
    const replies = await customer.answerTo('stop everything, the verification codes too');
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_TO_STOP.en)]);
  });
});

// The first tester's, both builds: a question about kinds that stopped coming was asked whether
// to stop them.
it.each([
  ['en', 'hi', 'why did I stop getting shipping updates?'],
  ['en', 'hi', 'why did I stop getting order updates'],
] as const)('%s: "%s", yes to all, then "%s" offers to stop nothing', async (lang, hello, said) => {
  const customer = await optedIn(lang, hello);
  const replies = await customer.answerTo(said);
  expect(
    stopsOffered(
      lang,
      replies.map((m) => m.text),
    ),
  ).toEqual([]);
  expect((await customer.contact()).consent.categories).toEqual({
    orders: true,
    account: true,
    offers: true,
  });
});

// A second tester's: kinds named as included in a stop of everything were offered alone, and
// "Just those" stopped less than the customer asked (by labels in both builds, by other names
// after them); a kind's name beside a stop was answered with the tracking link.
describe('kinds named as included in a stop of everything', () => {
  it.each([
    ['en', 'hi', 'unsubscribe me from everything, delivery updates included'],
    ['en', 'hi', 'unsubscribe me from everything, order updates included'],
    ['en', 'hi', 'stop everything including the order updates'],
    ['en', 'hi', 'STOP. also the delivery updates'],
    ['en', 'hi', 'stop all messages, delivery updates included'],
    ['en', 'hi', 'stop everything and the order updates'],
    ['es', 'hola', 'dejad de mandarme todo, incluidos los códigos de seguridad'],
    ['es', 'hola', 'paren todo, también los códigos'],
    ['pt', 'oi', 'quero parar de receber tudo, inclusive avisos de entrega'],
    ['pt', 'oi', 'cancela tudo, os códigos também'],
    ['en', 'hi', 'STOP!! and the codes'],
    // A stop word and "everything" (the third tester's, both builds: "didn't understand").
    ['pt', 'oi', 'sair de tudo'],
    ['pt', 'oi', 'sair de tudo e das ofertas tb'],
    ['es', 'hola', 'BAJA todo'],
    ['es', 'hola', 'BAJA todo y los codigos tb'],
    ['es', 'hola', 'baja de todo incluido ofertas'],
    // "Everything" said after the kinds, as a clause of its own (the same tester's, both builds:
    // those kinds alone).
    ['en', 'hi', 'stop the promos, also everything else'],
    ['en', 'hi', 'stop the promos, everything actually'],
    ['pt', 'oi', 'parem as promoções, tudo'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" asks whether to stop everything, and nothing else',
    async (lang, hello, said) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_TO_STOP[lang])]);
      expect((await customer.contact()).consent.status).toBe('opted_in');
    },
  );

  // A third tester's, for the change just before: the kinds kept were lost, and "Yes, stop
  // them" would have stopped them too.
  it.each([
    [
      'en',
      'hi',
      'stop everything, including the promos, except order updates',
      'login codes and special offers',
    ],
    [
      'en',
      'hi',
      'stop everything, codes included, but keep order updates',
      'login codes and special offers',
    ],
    [
      'es',
      'hola',
      'baja de todo, incluidas las ofertas, menos los pedidos',
      'códigos de acceso y ofertas especiales',
    ],
    [
      'pt',
      'oi',
      'parar tudo, inclusive ofertas, menos os avisos de entrega',
      'códigos de acesso e ofertas especiais',
    ],
    ['en', 'hi', 'promos too, stop', 'special offers'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" offers to stop %s, what it does not keep',
    async (lang, hello, said, kinds) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(STOP_JUST[lang](kinds))]);
    },
  );

  it('en: "STOP. and where is my order?" still answers the order first', async () => {
    const customer = await optedIn('en', 'hi');
    const replies = await customer.answerTo('STOP. and where is my order?');
    expect(replies.map((m) => m.text)).toEqual([
      expect.stringMatching(TRACKING.en),
      expect.stringMatching(ASKS_TO_STOP.en),
    ]);
  });
});

// The second tester's, both builds: a stop word and then the kinds, with nothing else, got the
// tracking link or "didn't understand".
describe('a stop word followed by the kinds it stops, and nothing else', () => {
  it.each([
    ['es', 'hola', 'BAJA ofertas', 'ofertas especiales'],
    ['es', 'hola', 'baja de las ofertas', 'ofertas especiales'],
    ['es', 'hola', 'BAJA avisos de entrega', 'avisos de tus pedidos'],
    ['es', 'hola', 'BAJA ofertas y códigos', 'códigos de acceso y ofertas especiales'],
    ['pt', 'oi', 'SAIR dos avisos dos seus pedidos', 'avisos dos seus pedidos'],
    ['pt', 'oi', 'PARAR promoções', 'ofertas especiais'],
    ['es', 'hola', 'baja ofertas porfa', 'ofertas especiales'],
    ['pt', 'oi', 'sair das ofertas pfv', 'ofertas especiais'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" offers to stop %s alone',
    async (lang, hello, said, kinds) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(STOP_JUST[lang](kinds))]);
    },
  );

  // A purchase, a discount: no kind of message to stop.
  it.each([
    ['en', 'hi', 'cancel my order'],
    ['en', 'hi', 'cancel all my orders'],
    ['en', 'hi', 'cancel the promo code'],
    ['es', 'hola', 'cancelar los pedidos'],
    ['es', 'hola', 'cancelar la promoción de mi pedido'],
    ['pt', 'oi', 'cancelar a encomenda'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" offers to stop nothing',
    async (lang, hello, said) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(
        stopsOffered(
          lang,
          replies.map((m) => m.text),
        ),
      ).toEqual([]);
    },
  );
});

describe('the question answered by naming kinds by their other names', () => {
  it.each([
    [
      'en',
      'hi',
      'only the delivery updates please',
      'Would you like to get order updates on WhatsApp?',
    ],
    [
      'es',
      'hola',
      'solo los códigos de seguridad',
      '¿Quieres recibir códigos de acceso por WhatsApp?',
    ],
    [
      'pt',
      'oi',
      'só os avisos de entrega',
      'Você quer receber avisos dos seus pedidos pelo WhatsApp?',
    ],
  ] as const)(
    '%s: "%s", then "%s" asks about that kind alone',
    async (lang, hello, said, asked) => {
      const customer = await after(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([asked]);
      expect((await customer.contact()).consent.status).toBe('unknown');
    },
  );
});
