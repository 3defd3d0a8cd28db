import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASKS_ABOUT,
  NO_THANKS,
  OPTED_OUT,
  THANKS_FOR,
  YES_ALL,
} from '../../support/shipped-replies.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * A wish to stop some kinds while the customer is choosing them, through signed webhooks (left
 * from earlier rounds, both builds). In "Let me choose", "stop the order updates" after a yes to
 * them was asked "stop just those?", whose "Just those" dropped every answer given so far (the
 * customer stayed "unknown" and the question was gone). After STOP then START, "stop the promos"
 * typed to the question got no reply at all. Now the first takes the yes back and asks on; the
 * second is a no to those kinds, the others asked about, as "no promos" is.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { after } = newCustomers(() => t, 0);

const CHOOSE = { en: 'Let me choose', es: 'Quiero elegir', pt: 'Quero escolher' } as const;
const YES = { en: 'Yes', es: 'Sí', pt: 'Sim' } as const;
const NO = { en: 'No', es: 'No', pt: 'Não' } as const;
const STOP = { en: 'STOP', es: 'BAJA', pt: 'PARAR' } as const;
const START = { en: 'START', es: 'VOLVER', pt: 'VOLTAR' } as const;

describe('"Let me choose": a stop of a kind the customer just said yes to', () => {
  it.each([
    ['en', 'hi', 'stop the order updates', 'login codes', 'login codes and special offers'],
    [
      'es',
      'hola',
      'paren los avisos de pedidos',
      'códigos de acceso',
      'códigos de acceso y ofertas especiales',
    ],
    [
      'pt',
      'oi',
      'parem os avisos de pedido',
      'códigos de acesso',
      'códigos de acesso e ofertas especiais',
    ],
  ] as const)(
    '%s: "%s", yes to the order updates, then "%s" takes that yes back and asks about %s again',
    async (lang, hello, said, asked, granted) => {
      const customer = await after(lang, hello);
      await customer.say(CHOOSE[lang]);
      await customer.say(YES[lang]);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_ABOUT[lang](asked))]);
      await customer.say(YES[lang]);
      const thanks = await customer.answerTo(YES[lang]);
      expect(thanks.map((m) => m.text)).toEqual([expect.stringMatching(THANKS_FOR[lang](granted))]);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('opted_in');
      expect(consent.categories).toEqual({ orders: false, account: true, offers: true });
    },
  );

  // The testers of this round (both builds: "stop just those?", whose "Just those" dropped the
  // answers): a stop of a kind answered no, or of one stopped a moment before.
  it.each([
    ['en', ['Yes', 'No'], 'stop the codes', 'special offers', 'order updates and special offers'],
    [
      'es',
      ['Sí', 'No'],
      'paren los codigos',
      'ofertas especiales',
      'avisos de tus pedidos y ofertas especiales',
    ],
  ] as const)(
    '%s: after %j, "%s" shows the question about %s again, nothing else changed',
    async (lang, answers, said, asked, granted) => {
      const customer = await after(lang, lang === 'en' ? 'hi' : 'hola');
      await customer.say(CHOOSE[lang]);
      for (const answer of answers) await customer.say(answer);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_ABOUT[lang](asked))]);
      const thanks = await customer.answerTo(YES[lang]);
      expect(thanks.map((m) => m.text)).toEqual([expect.stringMatching(THANKS_FOR[lang](granted))]);
      expect((await customer.contact()).consent.categories).toEqual({
        orders: true,
        account: false,
        offers: true,
      });
    },
  );

  it('"stop the order updates" said twice takes the yes back once, and asks on', async () => {
    const customer = await after('en', 'hi');
    await customer.say('Let me choose');
    await customer.say('Yes');
    await customer.say('stop the order updates');
    const replies = await customer.answerTo('stop the order updates');
    expect(replies.map((m) => m.text)).toEqual([
      expect.stringMatching(ASKS_ABOUT.en('login codes')),
    ]);
    await customer.say('Yes');
    await customer.say('Yes');
    expect((await customer.contact()).consent.categories).toEqual({
      orders: false,
      account: true,
      offers: true,
    });
  });

  // Two testers': a wish to keep kinds and to get others is no stop ("…pero sí quiero las
  // ofertas"; a first version of this round's took the yes to the order updates back).
  it.each([
    ['es', 'hola', 'no paren los avisos pero sí quiero las ofertas'],
    ['es', 'hola', 'no paren los avisos pero sí manden las ofertas'],
    ['pt', 'oi', 'não parem os avisos mas sim quero as ofertas'],
  ] as const)(
    '%s: "%s", yes to the first two kinds, then "%s" takes no yes back',
    async (lang, hello, said) => {
      const customer = await after(lang, hello);
      await customer.say(CHOOSE[lang]);
      await customer.say(YES[lang]);
      await customer.say(YES[lang]);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toContainEqual(
        expect.stringMatching(
          ASKS_ABOUT[lang](lang === 'es' ? 'ofertas especiales' : 'ofertas especiais'),
        ),
      );
      await customer.say(YES[lang]);
      expect((await customer.contact()).consent.categories).toEqual({
        orders: true,
        account: true,
        offers: true,
      });
    },
  );

  it('leaves out the kinds still to be asked that the stop names too', async () => {
    const customer = await after('en', 'hi');
    await customer.say('Let me choose');
    await customer.say('Yes');
    await customer.say('stop the order updates and the promos');
    const thanks = await customer.answerTo('Yes');
    expect(thanks.map((m) => m.text)).toEqual([
      expect.stringMatching(THANKS_FOR.en('login codes')),
    ]);
    expect((await customer.contact()).consent.categories).toEqual({
      orders: false,
      account: true,
      offers: false,
    });
  });

  it('a no to the last kind after every yes taken back is a no to everything', async () => {
    const customer = await after('en', 'hi');
    for (const answer of ['Let me choose', 'Yes', 'Yes']) await customer.say(answer);
    const replies = await customer.answerTo('stop the order updates and codes');
    expect(replies.map((m) => m.text)).toEqual([
      expect.stringMatching(ASKS_ABOUT.en('special offers')),
    ]);
    const answered = await customer.answerTo('No');
    expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(/^No problem/)]);
    expect((await customer.contact()).consent.status).toBe('declined');
  });

  it('a stop of every kind left with them finishes the choice with the kinds kept', async () => {
    const customer = await after('en', 'hi');
    for (const answer of ['Let me choose', 'Yes', 'Yes']) await customer.say(answer);
    const thanks = await customer.answerTo('stop the codes and the promos');
    expect(thanks.map((m) => m.text)).toEqual([
      expect.stringMatching(THANKS_FOR.en('order updates')),
    ]);
    expect((await customer.contact()).consent.categories).toEqual({
      orders: true,
      account: false,
      offers: false,
    });
  });
});

describe('after STOP and START, a stop of some kinds typed to the question', () => {
  it.each([
    ['en', 'hi', 'stop the promos', 'order updates', 'order updates and login codes'],
    [
      'es',
      'hola',
      'paren las ofertas',
      'avisos de tus pedidos',
      'avisos de tus pedidos y códigos de acceso',
    ],
    [
      'pt',
      'oi',
      'parem as promoções',
      'avisos dos seus pedidos',
      'avisos dos seus pedidos e códigos de acesso',
    ],
  ] as const)(
    '%s: "%s", yes to all, STOP, START, then "%s" asks about %s and the other kinds left',
    async (lang, hello, said, asked, granted) => {
      const customer = await after(lang, hello);
      await customer.say(YES_ALL[lang]);
      await customer.say(STOP[lang]);
      await customer.say(START[lang]);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_ABOUT[lang](asked))]);
      expect((await customer.contact()).consent.status).toBe('opted_out');
      await customer.say(YES[lang]);
      const thanks = await customer.answerTo(YES[lang]);
      expect(thanks.map((m) => m.text)).toEqual([expect.stringMatching(THANKS_FOR[lang](granted))]);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('opted_in');
      expect(consent.categories).toEqual({ orders: true, account: true, offers: false });
    },
  );

  it('a no to the kinds asked keeps the customer out', async () => {
    const customer = await after('en', 'hi');
    for (const said of [YES_ALL.en, 'STOP', 'START', 'stop the promos', NO.en]) {
      await customer.say(said);
    }
    await customer.say(NO.en);
    expect((await customer.contact()).consent.categories).toEqual({
      orders: false,
      account: false,
      offers: false,
    });
    expect((await customer.contact()).consent.status).not.toBe('opted_in');
  });

  // Two testers' (both builds: no reply at all).
  it.each([
    ['en', 'hi', 'STOP'],
    ['en', 'hi', 'stop everything'],
    ['en', 'hi', 'stop the promos, codes and order updates thanks'],
    ['es', 'hola', 'BAJA'],
    ['es', 'hola', 'paren todo'],
    ['pt', 'oi', 'PARAR'],
    ['pt', 'oi', 'parar tudo'],
  ] as const)(
    '%s: "%s", yes to all, STOP, START, then "%s" is told they stay out',
    async (lang, hello, said) => {
      const customer = await after(lang, hello);
      await customer.say(YES_ALL[lang]);
      await customer.say(STOP[lang]);
      await customer.say(START[lang]);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
      expect((await customer.contact()).consent.status).toBe('opted_out');
    },
  );

  it('STOP typed to "Let me choose" after START is answered too', async () => {
    const customer = await after('en', 'hi');
    for (const said of [YES_ALL.en, 'STOP', 'START', 'stop the promos']) await customer.say(said);
    const replies = await customer.answerTo('STOP');
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT.en)]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });

  it('without START, a stop of some kinds after STOP is no second confirmation', async () => {
    const customer = await after('en', 'hi');
    await customer.say(YES_ALL.en);
    await customer.say('STOP');
    expect(await customer.answerTo('stop the promos')).toEqual([]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });
});

it('"No, thanks" then START and a stop of some kinds is answered as before', async () => {
  const customer = await after('en', 'hi');
  await customer.say(NO_THANKS.en);
  await customer.say('START');
  const replies = await customer.answerTo('stop the promos');
  expect(replies).toHaveLength(1);
  expect((await customer.contact()).consent.status).toBe('declined');
});
