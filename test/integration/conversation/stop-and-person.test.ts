import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASKS_ABOUT, HANDED_OVER, JUST_THOSE, STOP_JUST } from '../../support/shipped-replies.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * A wish to stop some kinds and a request for a person in one message, through signed webhooks
 * (a tester's): the bot asked "stop just those?" and never handed the conversation over, or, to
 * someone opted out, said nothing at all. Now it does both: the hand-over, then the question,
 * whose answer is still taken while a person has the conversation.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { after, optedIn } = newCustomers(() => t, 2);

const OFFERS = { en: 'special offers', es: 'ofertas especiales', pt: 'ofertas especiais' } as const;

describe('a stop of some kinds and a request for a person, in one message', () => {
  it.each([
    ['en', 'hi', 'i want to talk to a person and stop the promos'],
    ['en', 'hi', 'can I talk to a human? also stop the promos'],
    ['en', 'hi', 'stop the promos and let me talk to a human'],
    ['es', 'hola', 'quiero hablar con una persona y no quiero más ofertas'],
    ['es', 'hola', 'quiero hablar con una persona y paren las ofertas'],
    ['pt', 'oi', 'quero falar com uma pessoa e parar as ofertas'],
    // (A tester's, of a first version: the hand-over alone, the offers kept.)
    ['pt', 'oi', 'quero falar com um atendente e não quero mais promoções'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" hands over and asks to stop the offers; "Just those" stops them',
    async (lang, hello, said) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([
        expect.stringMatching(HANDED_OVER[lang]),
        expect.stringMatching(STOP_JUST[lang](OFFERS[lang])),
      ]);
      expect((await customer.contact()).handover).toBeDefined();
      await customer.say(JUST_THOSE[lang]);
      expect((await customer.contact()).consent.categories).toEqual({
        orders: true,
        account: true,
        offers: false,
      });
    },
  );

  it('en: as the first message, it hands over and asks too', async () => {
    const customer = await after('en', 'stop the promos and let me talk to a human');
    expect(customer.sent().map((m) => m.text)).toEqual([
      expect.stringMatching(HANDED_OVER.en),
      expect.stringMatching(STOP_JUST.en(OFFERS.en)),
    ]);
    expect((await customer.contact()).handover).toBeDefined();
  });

  it('en: from someone opted out, it hands over (before: no reply at all), and they stay opted out', async () => {
    const customer = await optedIn('en', 'hi');
    await customer.say('STOP');
    const replies = await customer.answerTo(
      'i want to speak to an agent and pls stop sending me deals',
    );
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(HANDED_OVER.en)]);
    const contact = await customer.contact();
    expect(contact.handover).toBeDefined();
    expect(contact.consent.status).toBe('opted_out');
  });

  it('en: typed to a question of "let me choose", it hands over with no question after it', async () => {
    const customer = await after('en', 'hi');
    expect((await customer.answerTo('Let me choose')).map((m) => m.text)).toEqual([
      expect.stringMatching(ASKS_ABOUT.en('order updates')),
    ]);
    const replies = await customer.answerTo('talk to a person and no more promos');
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(HANDED_OVER.en)]);
    expect((await customer.contact()).handover).toBeDefined();
  });

  // Unchanged: a request for a person alone, and a stop of some kinds alone.
  it.each([
    ['en', 'hi', 'i want to talk to a person', [HANDED_OVER.en]],
    ['en', 'hi', 'stop the promos', [STOP_JUST.en(OFFERS.en)]],
    ['es', 'hola', 'paren las ofertas', [STOP_JUST.es(OFFERS.es)]],
  ] as const)(
    '%s: "%s", yes to all, then "%s" does that alone',
    async (lang, hello, said, says) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual(
        says.map((s): unknown => expect.stringMatching(s)),
      );
    },
  );
});

describe("questions about the customer's data go to a person", () => {
  // A tester's (session 47): "didn't understand", or nothing but the menu. Only a person can say
  // or erase what is kept; consent is unchanged ("delete my data" alone opts out, as before).
  it.each([
    ['en', 'hi', 'pls delete all my info thx'],
    ['en', 'hi', 'what data do you keep'],
    ['es', 'hola', 'borren mis datos'],
    ['es', 'hola', '¿qué datos guardan?'],
    ['pt', 'oi', 'apaguem meus dados'],
    ['pt', 'oi', 'quais dados vcs têm de mim?'],
  ] as const)('%s: "%s", yes to all, then "%s" hands over', async (lang, hello, said) => {
    const customer = await optedIn(lang, hello);
    const replies = await customer.answerTo(said);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(HANDED_OVER[lang])]);
    expect((await customer.contact()).handover).toBeDefined();
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });

  // The order's information is the order's: the tracking answer, as before.
  it.each([
    ['en', 'hi', 'what info do you have on my order?', /^You can follow your order/],
    ['es', 'hola', 'que datos tienen de mi pedido', /^Puedes seguir tu pedido/],
  ] as const)(
    '%s: "%s", yes to all, then "%s" hands nobody over',
    async (lang, hello, said, reply) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies[0]?.text).toMatch(reply);
      expect((await customer.contact()).handover).toBeUndefined();
    },
  );
});
