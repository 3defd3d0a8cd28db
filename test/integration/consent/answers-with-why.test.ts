import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { ASKS_TO_STOP, OPTED_OUT } from '../../support/shipped-replies.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * Answers to the bot's questions said with more than a word, as a tester typed them (session
 * 48), through signed webhooks: each was "didn't understand" (or "you're welcome", nothing
 * recorded). And what must stay no answer: a yes or no that something after it turns.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { after, optedIn } = newCustomers(() => t, 7);

const CHOOSE = { en: 'Let me choose', es: 'Quiero elegir', pt: 'Quero escolher' } as const;

describe('a yes or a no with why, to a question of "let me choose"', () => {
  it.each([
    ['en', 'hi', ['yes of course!', 'no not really', 'no i dont need that'], [true, false, false]],
    [
      'en',
      'hi',
      ['hmm yes i guess', 'yes I need the codes to log in', 'no, I use an authenticator app'],
      [true, true, false],
    ],
    [
      'es',
      'hola',
      ['si claro', 'no lo necesito', 'si me encantan los descuentos'],
      [true, false, true],
    ],
    ['pt', 'oi', ['sim com certeza', 'nao preciso', 'sim adoro desconto'], [true, false, true]],
  ] as const)(
    '%s: "%s", "let me choose", then %j records %j',
    async (lang, hello, answers, granted) => {
      const customer = await after(lang, hello);
      await customer.say(CHOOSE[lang]);
      for (const answer of answers) await customer.say(answer);
      const { consent } = await customer.contact();
      expect([
        consent.categories.orders,
        consent.categories.account,
        consent.categories.offers,
      ]).toEqual(granted);
    },
  );

  // Something after the yes or no turns it: the question is asked again, nothing recorded.
  it.each([
    ['en', 'hi', 'yes maybe later'],
    ['en', 'hi', 'yes if its free'],
    ['en', 'hi', 'yes but not the promos'],
    ['en', 'hi', 'no wait yes'],
    ['en', 'hi', 'yes i want the promos'],
    ['es', 'hola', 'si pero luego'],
    ['pt', 'oi', 'sim mas depois'],
  ] as const)(
    '%s: "%s", "let me choose", then "%s" records no answer',
    async (lang, hello, said) => {
      const customer = await after(lang, hello);
      await customer.say(CHOOSE[lang]);
      await customer.say(said);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('unknown');
      expect(consent.categories.orders).not.toBe(true);
    },
  );

  it('en: "no problem" is no no', async () => {
    const customer = await after('en', 'hi');
    await customer.say(CHOOSE.en);
    const replies = await customer.answerTo('no problem');
    expect(replies.map((m) => m.text)).not.toContainEqual(
      expect.stringMatching(/^Would you like to get login codes/),
    );
  });
});

describe('a yes with why, to "do you want to stop every message?"', () => {
  it.each([
    ['es', 'hola', 'no quiero mas mensajes de esos', 'si paralos todos por favor'],
    ['es', 'hola', 'no quiero mas mensajes de esos', 'si, ya son demasiados'],
    ['pt', 'oi', 'quero parar umas mensagens', 'sim para tudo por favor'],
    ['pt', 'oi', 'quero parar umas mensagens', 'sim, é mensagem demais'],
  ] as const)('%s: "%s", yes to all, "%s", then "%s" opts out', async (lang, hello, wish, yes) => {
    const customer = await optedIn(lang, hello);
    const asked = await customer.answerTo(wish);
    expect(asked.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_TO_STOP[lang])]);
    const done = await customer.answerTo(yes);
    expect(done.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });

  // A kind, a condition or a question after the yes: not everything.
  it.each([
    ['es', 'hola', 'no quiero mas mensajes de esos', 'sí, los códigos'],
    ['es', 'hola', 'no quiero mas mensajes de esos', 'si pero los pedidos no'],
    ['es', 'hola', 'no quiero mas mensajes de esos', 'sí, qué mensajes?'],
    ['pt', 'oi', 'quero parar umas mensagens', 'sim, só as promoções'],
    ['pt', 'oi', 'quero parar umas mensagens', 'sim mas não os pedidos'],
  ] as const)(
    '%s: "%s", yes to all, "%s", then "%s" stops not everything',
    async (lang, hello, wish, said) => {
      const customer = await optedIn(lang, hello);
      await customer.say(wish);
      await customer.say(said);
      expect((await customer.contact()).consent.status).toBe('opted_in');
    },
  );
});

describe('"please" inside a yes to the opt-in question', () => {
  it.each([
    ['en', 'hi', 'yes please all of them'],
    ['en', 'hi', 'yes please all of them thanks!'],
    ['es', 'hola', 'sí por favor todos'],
  ] as const)('%s: "%s", then "%s" opts in to everything', async (lang, hello, said) => {
    const customer = await after(lang, hello);
    await customer.say(said);
    const { consent } = await customer.contact();
    expect(consent.status).toBe('opted_in');
    expect(consent.categories).toEqual({ orders: true, account: true, offers: true });
  });
});
