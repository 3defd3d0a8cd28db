import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASKS_ABOUT, QUESTION, THANKS_FOR } from '../../support/shipped-replies.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * A wish for messages in words ("yes login codes", "yes to order updates", "I want to get your
 * messages") typed to a question of "let me choose", a yes to a kind refused a moment before, and
 * a yes that names kinds with a wish to send them, through signed webhooks (a tester's): the first
 * read as START, so the opt-in question came back from the start and every answer given so far
 * was lost; the second as "only those", so the kind asked was refused and the one named stayed
 * refused; the third ("yes please send me the order updates but no promos") was offered "stop
 * just those?", whose "Just those" left the customer with no yes at all.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { after } = newCustomers(() => t, 3);

const CHOOSE = { en: 'Let me choose', es: 'Quiero elegir', pt: 'Quero escolher' } as const;
const YES = { en: 'Yes', es: 'Sí', pt: 'Sim' } as const;

describe('a wish for messages in words, typed to a question of "let me choose"', () => {
  // As typed to the opt-in question, or as "only login codes": the kinds named, the others left
  // out.
  it.each([
    [['Yes'], 'yes login codes', 'order updates and login codes', true],
    [[], 'yes to order updates', 'order updates', false],
  ] as const)(
    'en: "hi", "Let me choose", %j, then "%s" is the yes to the kind asked: "You will get %s"',
    async (before, said, kinds, account) => {
      const customer = await after('en', 'hi');
      await customer.say(CHOOSE.en);
      for (const answer of before) await customer.say(answer);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(THANKS_FOR.en(kinds))]);
      expect((await customer.contact()).consent.categories).toEqual({
        orders: true,
        account,
        offers: false,
      });
    },
  );

  it('en: "yes i want the messages", naming no kind, shows the question asked again, and records nothing', async () => {
    const customer = await after('en', 'hi');
    await customer.say(CHOOSE.en);
    await customer.say(YES.en);
    const replies = await customer.answerTo('yes i want the messages');
    expect(replies.map((m) => m.text)).toEqual([
      expect.stringMatching(ASKS_ABOUT.en('login codes')),
    ]);
    expect((await customer.contact()).consent.status).toBe('unknown');
    // The yes given before is kept: the next answers finish the choice.
    await customer.say(YES.en);
    await customer.say('No');
    expect((await customer.contact()).consent.categories).toEqual({
      orders: true,
      account: true,
      offers: false,
    });
  });

  it('en: START itself still shows the opt-in question', async () => {
    const customer = await after('en', 'hi');
    await customer.say(CHOOSE.en);
    const replies = await customer.answerTo('START');
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(QUESTION.en)]);
  });
});

describe('a yes to a kind this choice got a no to', () => {
  it.each([
    ['en', 'hi', 'yes to codes', 'special offers', 'Yes', true],
    ['en', 'hi', 'yes to codes', 'special offers', 'No', false],
    ['es', 'hola', 'sí a los códigos', 'ofertas especiales', 'Sí', true],
  ] as const)(
    '%s: "%s", yes to the order updates, no to the codes, then "%s" takes that no back and asks about the %s again; "%s" to them',
    async (lang, hello, said, asked, answer, offers) => {
      const customer = await after(lang, hello);
      await customer.say(CHOOSE[lang]);
      await customer.say(YES[lang]);
      await customer.say('No');
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_ABOUT[lang](asked))]);
      await customer.say(answer);
      expect((await customer.contact()).consent.categories).toEqual({
        orders: true,
        account: true,
        offers,
      });
    },
  );

  // Each ends with the order updates and the codes, and no offers.
  it.each([
    // The no to the codes taken back; the offers asked about again, and refused.
    [['Yes', 'No'], 'order updates and login codes', ASKS_ABOUT.en('special offers'), ['No']],
    // "Only" refuses the offers too.
    [['Yes', 'No'], 'only login codes', THANKS_FOR.en('order updates and login codes'), []],
    // The no to the order updates taken back, and the codes asked now granted.
    [['No'], 'order updates and login codes', THANKS_FOR.en('order updates and login codes'), []],
  ] as const)(
    'en: "hi", "Let me choose", %j, then "%s" replies %s',
    async (before, said, reply, next) => {
      const customer = await after('en', 'hi');
      await customer.say(CHOOSE.en);
      for (const answer of before) await customer.say(answer);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(reply)]);
      for (const answer of next) await customer.say(answer);
      expect((await customer.contact()).consent.categories).toEqual({
        orders: true,
        account: true,
        offers: false,
      });
    },
  );
});

describe('a yes that names the kinds to send, and refuses others', () => {
  it.each([
    ['en', 'hi', 'yes please send me the order updates but no promos', 'order updates'],
    ['en', 'hi', 'send me the order updates but no promos', 'order updates'],
    [
      'es',
      'hola',
      'si mandenme los avisos de pedidos pero no las ofertas',
      'avisos de tus pedidos',
    ],
  ] as const)(
    '%s: "%s", then "%s" asks about the kinds it did not refuse, %s first',
    async (lang, hello, said, first) => {
      const customer = await after(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_ABOUT[lang](first))]);
      await customer.say(YES[lang]);
      await customer.say(YES[lang]);
      expect((await customer.contact()).consent.categories).toEqual({
        orders: true,
        account: true,
        offers: false,
      });
    },
  );
});
