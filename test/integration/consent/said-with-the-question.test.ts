import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import {
  ASKED_AGAIN,
  HANDED_OVER,
  MENU,
  PERSON_OFFERED,
  QUESTION,
  YES_ALL,
  YOURE_WELCOME,
} from '../../support/shipped-replies.js';
import { fictionalPhones, webhookCustomer } from '../../support/webhook-customer.js';

/**
 * What the bot said before the opt-in question in the same turn decides what a typed yes means,
 * through signed webhooks (two testers, severity 1):
 * - a service answer ("where is my order?" answered, then the question): "vale, gracias",
 *   "dale", "pode ser, obrigado", "sure thanks" take in the answer; they recorded a yes to every
 *   kind of message;
 * - a person offered after two messages the bot did not understand, then the question: "yes
 *   please" recorded a yes to every kind; a "yes" to the offer alone got "I still didn't
 *   understand".
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const phoneOf = fictionalPhones(6);
const ASKS_FOR_ORDER = {
  es: 'hola, donde esta mi pedido?',
  pt: 'oi, cadê meu pedido?',
  en: 'hi, where is my order?',
} as const;

/** A new customer of `lang` whose first message asked where their order is. */
async function askedForOrder(lang: 'en' | 'es' | 'pt') {
  const customer = webhookCustomer(t, phoneOf(lang));
  const replies = await customer.answerTo(ASKS_FOR_ORDER[lang]);
  // The answer, then the question: the setting of every test below.
  expect(replies.map((m) => m.text)).toEqual([
    expect.stringContaining('brightwood.example/track'),
    expect.stringMatching(QUESTION[lang]),
  ]);
  return customer;
}

describe('a service answer, then the question, in one turn', () => {
  it.each([
    ['es', 'vale, gracias'],
    ['es', 'dale, gracias'],
    ['es', 'claro gracias'],
    ['es', 'órale gracias'],
    ['es', 'sí, gracias'],
    ['pt', 'pode ser, obrigado'],
    ['pt', 'claro, obrigado'],
    ['pt', 'sim, obrigada'],
    ['en', 'sure thanks'],
    ['en', 'yes thank you'],
  ] as const)(
    '%s: "%s" thanks for the answer, records nothing, and shows the question again',
    async (lang, thanks) => {
      const customer = await askedForOrder(lang);
      const replies = await customer.answerTo(thanks);
      // A tester's: the question then was gone, though the thanks had a yes in it.
      expect(replies.map((m) => m.text)).toEqual([
        expect.stringMatching(YOURE_WELCOME[lang]),
        expect.stringMatching(ASKED_AGAIN[lang]),
      ]);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('unknown');
      expect(await customer.events()).not.toContainEqual(
        expect.objectContaining({ type: 'consent.granted' }),
      );
    },
  );

  it.each([
    ['es', 'dale', 'sí'],
    ['es', 'vale', 'Sí, quiero'],
    ['es', 'claro', 'sí'],
    ['pt', 'pode ser', 'sim'],
    ['pt', 'beleza', 'quero sim'],
    ['en', 'sure', 'yes'],
    ['en', 'ok', 'yes please'],
  ] as const)(
    '%s: "%s" shows the question again, and "%s" then opts in',
    async (lang, taken, yes) => {
      const customer = await askedForOrder(lang);
      const again = await customer.answerTo(taken);
      expect(again.map((m) => m.text)).toEqual([expect.stringMatching(ASKED_AGAIN[lang])]);
      expect((await customer.contact()).consent.status).toBe('unknown');
      await customer.say(yes);
      expect((await customer.contact()).consent.status).toBe('opted_in');
    },
  );

  it('en: "yes thanks", then "yes" opts in', async () => {
    const customer = await askedForOrder('en');
    await customer.say('yes thanks');
    await customer.say('yes');
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });

  // The question's own words still answer it.
  it.each([
    ['es', 'sí'],
    ['pt', 'sim'],
    ['en', 'yes'],
    ['es', YES_ALL.es],
    ['en', YES_ALL.en],
  ] as const)('%s: "%s" opts in', async (lang, yes) => {
    const customer = await askedForOrder(lang);
    await customer.say(yes);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });

  it('es: "no" declines', async () => {
    const customer = await askedForOrder('es');
    await customer.say('no');
    expect((await customer.contact()).consent.status).toBe('declined');
  });

  // Only a service answer holds "dale" back: after "hola" (the menu, then the question) it is
  // the customer's yes.
  it.each([
    ['es', 'hola', 'dale'],
    ['pt', 'oi', 'pode ser'],
    ['en', 'hi', 'sure'],
  ] as const)('%s: "%s", then "%s" opts in', async (lang, hello, yes) => {
    const customer = webhookCustomer(t, phoneOf(lang));
    await customer.say(hello);
    await customer.say(yes);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });
});

describe('a person offered after two messages the bot did not understand', () => {
  const HELLO = { es: 'hola', pt: 'oi', en: 'hi' } as const;

  /** A customer of `lang` the bot did not understand twice: the person is offered. */
  async function offeredPerson(lang: 'en' | 'es' | 'pt') {
    const customer = webhookCustomer(t, phoneOf(lang));
    await customer.say(HELLO[lang]);
    await customer.say('asdf qwer');
    const offer = await customer.answerTo('zxcv bnm');
    expect(offer[0]?.text).toMatch(PERSON_OFFERED[lang]);
    return customer;
  }

  it.each([
    ['es', 'sí'],
    ['pt', 'sim'],
    ['en', 'yes please'],
    // Mexican yeses (a tester's: "I still didn't understand").
    ['es', 'pos sí'],
    ['es', 'órale pues'],
  ] as const)('%s: "%s" to the offer alone hands over to a person', async (lang, yes) => {
    const customer = await offeredPerson(lang);
    const replies = await customer.answerTo(yes);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(HANDED_OVER[lang])]);
    expect((await customer.contact()).consent.status).toBe('unknown');
  });

  // A tester's: the person named in words got "I still didn't understand".
  it.each([
    ['en', 'yes pls a human'],
    ['en', 'ok a person then'],
    ['es', 'sí, una persona por favor'],
    ['es', 'sí, con un humano'],
    ['es', 'sí, un asesor'],
    ['pt', 'quero um atendente'],
  ] as const)('%s: "%s" to the offer hands over to a person', async (lang, words) => {
    const customer = await offeredPerson(lang);
    const replies = await customer.answerTo(words);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(HANDED_OVER[lang])]);
    expect((await customer.contact()).consent.status).toBe('unknown');
  });

  it('en: "no human pls" to the offer hands over to nobody', async () => {
    const customer = await offeredPerson('en');
    await customer.say('no human pls');
    expect((await customer.contact()).handover).toBeUndefined();
  });

  it.each([
    ['es', 'sí'],
    ['pt', 'sim por favor'],
    ['en', 'yes please'],
  ] as const)(
    '%s: "%s" to the offer shown with the question hands over and records nothing',
    async (lang, yes) => {
      const customer = await offeredPerson(lang);
      // Not understood again: the offer, the menu, and the question (its re-ask is due).
      const withQuestion = await customer.answerTo('qwerty');
      expect(withQuestion[0]?.text).toMatch(PERSON_OFFERED[lang]);
      expect(withQuestion.at(-1)?.text).toMatch(ASKED_AGAIN[lang]);
      const replies = await customer.answerTo(yes);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(HANDED_OVER[lang])]);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('unknown');
    },
  );

  // A tester's: "no" to the offer got "I still didn't understand" (opted in), or brought the
  // question back alone (question open).
  it.each([
    ['es', 'no'],
    ['pt', 'não, obrigado'],
    ['en', 'no thanks'],
  ] as const)('%s: "%s" to the offer alone gets the menu again, no apology', async (lang, no) => {
    const customer = await offeredPerson(lang);
    const replies = await customer.answerTo(no);
    expect(replies[0]?.text).toMatch(MENU[lang]);
    expect(replies.some((m) => PERSON_OFFERED[lang].test(m.text))).toBe(false);
    expect((await customer.contact()).consent.status).toBe('unknown');
  });

  it('en: the question\'s own "Yes, all of them", typed, still answers it', async () => {
    const customer = await offeredPerson('en');
    await customer.say('qwerty');
    await customer.say(YES_ALL.en);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });
});

// The question waits for its answer, but another message of the bot came after it: a "yes" got
// "didn't understand" and the menu, and the question was lost (found by hand while fixing the
// above).
describe('a yes or no to the question asked before the latest message', () => {
  it.each([
    ['en', 'hi', 'where is my order?', 'yes', 'opted_in'],
    ['es', 'hola', 'donde esta mi pedido', 'sí', 'opted_in'],
    ['pt', 'oi', 'cadê meu pedido?', 'não', 'declined'],
  ] as const)(
    '%s: "%s", "%s", then "%s" shows the question again; the same answer then counts',
    async (lang, hello, request, answer, status) => {
      const customer = webhookCustomer(t, phoneOf(lang));
      await customer.say(hello);
      const answered = await customer.answerTo(request);
      expect(answered.map((m) => m.text)).toEqual([
        expect.stringContaining('brightwood.example/track'),
      ]);
      const again = await customer.answerTo(answer);
      expect(again.map((m) => m.text)).toEqual([expect.stringMatching(ASKED_AGAIN[lang])]);
      expect((await customer.contact()).consent.status).toBe('unknown');
      await customer.say(answer);
      expect((await customer.contact()).consent.status).toBe(status);
    },
  );

  it('es: after "¡De nada!" for thanks, "sí" shows the question again', async () => {
    const customer = await askedForOrder('es');
    await customer.say('muchas gracias');
    const again = await customer.answerTo('sí');
    expect(again.map((m) => m.text)).toEqual([expect.stringMatching(ASKED_AGAIN.es)]);
  });

  // Taking in an answer is thanks wherever it comes: it got "didn't understand" too.
  it.each([
    ['es', 'hola', 'donde esta mi pedido', 'dale'],
    ['pt', 'oi', 'cadê meu pedido?', 'pode ser'],
    ['en', 'hi', 'where is my order?', 'sure'],
  ] as const)('%s: "%s", "%s", then "%s" is thanks', async (lang, hello, request, taken) => {
    const customer = webhookCustomer(t, phoneOf(lang));
    await customer.say(hello);
    await customer.say(request);
    const replies = await customer.answerTo(taken);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(YOURE_WELCOME[lang])]);
    expect((await customer.contact()).consent.status).toBe('unknown');
  });
});
