import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JUST_THOSE, NO_THANKS, OPTED_OUT_OF, STOP_JUST } from '../../support/shipped-replies.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { newCustomers, webhookCustomer } from '../../support/webhook-customer.js';

/**
 * A wish to stop kinds the customer does not get, through signed webhooks. Left from earlier
 * rounds (the first of their "found and left" lists), both builds: a customer who had said "No,
 * thanks" was asked "Do you want to stop getting special offers?", and "Stop everything" turned
 * their "declined" into "opted_out"; one who gets the order updates alone was asked to stop the
 * codes and promos too. Now the question names only the kinds the customer gets, and when they
 * get none of those it is not asked: the customer is told they will not come (`optedOutSome`),
 * nothing recorded.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { after, phoneOf, offersToStop, offersNothing } = newCustomers(() => t, 6);

describe('a customer who said "No, thanks"', () => {
  it.each([
    ['en', 'hi', 'stop the promos', 'special offers'],
    [
      'en',
      'hi',
      'stop everything, i still want the order updates',
      'login codes and special offers',
    ],
    ['es', 'hola', 'no quiero que sigan llegando las ofertas', 'ofertas especiales'],
    ['pt', 'oi', 'parem as promoções', 'ofertas especiais'],
  ] as const)(
    '%s: "%s", "No, thanks", then "%s" is told %s will not come, nothing recorded',
    async (lang, hello, said, kinds) => {
      const customer = await after(lang, hello);
      await customer.say(NO_THANKS[lang]);
      const before = await customer.events();
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([
        expect.stringMatching(OPTED_OUT_OF[lang](kinds)),
      ]);
      expect((await customer.contact()).consent.status).toBe('declined');
      expect(await customer.events()).toEqual(before);
    },
  );
});

describe('a customer who chose some kinds', () => {
  /** A customer who said yes to the order updates, and to the codes when `codes`. */
  const choseOrders = async (codes: boolean) => {
    const customer = await after('en', 'hi');
    for (const answer of ['Let me choose', 'Yes', codes ? 'Yes' : 'No', 'No']) {
      await customer.say(answer);
    }
    expect((await customer.contact()).consent.categories).toEqual({
      orders: true,
      account: codes,
      offers: false,
    });
    return customer;
  };

  it('is told the kinds named will not come when they get none of them, nothing recorded', async () => {
    const customer = await choseOrders(false);
    const before = await customer.events();
    const replies = await customer.answerTo('stop the codes and the promos');
    expect(replies.map((m) => m.text)).toEqual([
      expect.stringMatching(OPTED_OUT_OF.en('login codes and special offers')),
    ]);
    expect(await customer.events()).toEqual(before);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });

  it('is offered to stop only the kinds named that they get', async () => {
    const customer = await choseOrders(true);
    const replies = await customer.answerTo('stop the codes and the promos');
    expect(replies.map((m) => m.text)).toEqual([
      expect.stringMatching(STOP_JUST.en('login codes')),
    ]);
    const offer = replies[0]!;
    const just = offer.buttons.find((b) => b.title === JUST_THOSE.en)!;
    await customer.tap(just.id, just.title);
    expect((await customer.contact()).consent.categories).toEqual({
      orders: true,
      account: false,
      offers: false,
    });
  });

  // The third tester's of this round (both builds: asked, "Stop everything" opting out).
  it('is told so while "stop just those?" asks about others, the question dropped', async () => {
    const customer = await choseOrders(false);
    await customer.answerTo('stop the order updates');
    const replies = await customer.answerTo('stop the promos');
    expect(replies.map((m) => m.text)).toEqual([
      expect.stringMatching(OPTED_OUT_OF.en('special offers')),
    ]);
    expect((await customer.contact()).consent.categories).toEqual({
      orders: true,
      account: false,
      offers: false,
    });
  });
});

// Kinds said to go on ("pueden seguir", "podem continuar") are kept: the third tester's, both
// builds read them as the kinds to stop; with the stop narrowed to the kinds a customer gets,
// one who gets the order updates alone was told the offers "will not come" and kept the rest.
describe('kinds that "can go on" after a stop', () => {
  it.each([
    [
      'es',
      'hola',
      'quiero parar todo, las ofertas pueden seguir',
      'avisos de tus pedidos y códigos de acceso',
    ],
    [
      'pt',
      'oi',
      'para tudo, as ofertas podem continuar',
      'avisos dos seus pedidos e códigos de acesso',
    ],
    ['en', 'hi', 'stop everything, the promos can continue', 'order updates and login codes'],
    [
      'pt',
      'oi',
      'quero parar as promoções, os avisos de pedido podem continuar',
      'ofertas especiais',
    ],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop %s alone', offersToStop);
});

it('a customer never asked is offered to stop the kinds named, as before', async () => {
  const customer = webhookCustomer(t, phoneOf('en'));
  const replies = await customer.answerTo('stop the promos');
  expect(replies.map((m) => m.text)).toContainEqual(
    expect.stringMatching(STOP_JUST.en('special offers')),
  );
});

// "would not like" (the third tester's, both builds: a stop of the promos offered).
it.each([['en', 'hi', 'I would not like the promos to stop']] as const)(
  '%s: "%s", yes to all, then "%s" offers to stop nothing',
  offersNothing,
);
