import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { ASKED_AGAIN, QUESTION } from '../../support/shipped-replies.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * A bare "ok" typed to the opt-in question or to a category question of "Let me choose",
 * through signed webhooks. It was read as thanks: "You're welcome!", the question was no longer
 * the bot's latest message, and the customer's next "sí" got "Sorry, I didn't understand"; in
 * "Let me choose" the kinds were never asked again. An "ok" is no answer (only "do you want to
 * stop?" takes it as its yes): now the bot shows the question again, and the next yes counts.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const ORDERS_QUESTION = {
  en: /^Would you like to get order updates on WhatsApp\?/,
  es: /^¿Quieres recibir avisos de tus pedidos por WhatsApp\?/,
  pt: /^Você quer receber avisos dos seus pedidos pelo WhatsApp\?/,
};
const YOU_ARE_WELCOME = {
  en: /^You're welcome!/,
  es: /^¡De nada!/,
  pt: /^De nada!/,
};

describe('a bare "ok" typed to a question of the bot', () => {
  it.each([
    ['en', '+14155550901', 'hi', 'ok', 'yes'],
    ['es', '+5215512345902', 'hola', 'ok', 'sí'],
    ['es', '+34600000903', 'hola', 'va', 'sí'],
    ['pt', '+5511987650904', 'oi', 'blz', 'sim'],
    ['pt', '+351912300905', 'olá', 'ok', 'sim'],
  ] as const)(
    '%s (%s): "%s", then "%s" shows the question again, and "%s" opts in',
    async (lang, phone, hello, ok, yes) => {
      const customer = webhookCustomer(t, phone);
      await customer.say(hello);
      const again = await customer.answerTo(ok);
      expect(again.map((m) => m.text)).toEqual([expect.stringMatching(ASKED_AGAIN[lang])]);
      expect(again[0]!.buttons).toHaveLength(3);
      expect((await customer.contact()).consent.status).toBe('unknown');

      await customer.say(yes);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('opted_in');
      const granted = (await customer.events()).filter((e) => e.type === 'consent.granted');
      expect(granted.map((e) => e.evidence.replyText)).toEqual([yes]);
    },
  );

  it.each([
    ['en', '+14155550911', 'hi', 'Let me choose', 'ok', 'yes', 'no', 'no'],
    ['es', '+5215512345912', 'hola', 'Quiero elegir', 'ok', 'sí', 'no', 'no'],
    ['pt', '+5511987650913', 'oi', 'Quero escolher', 'blz', 'sim', 'não', 'não'],
  ] as const)(
    '%s (%s): in "%s", "%s" then "%s" to the first kind shows it again; the answers after it count',
    async (lang, phone, hello, choose, ok, ...answers) => {
      const customer = webhookCustomer(t, phone);
      await customer.say(hello);
      await customer.say(choose);
      const again = await customer.answerTo(ok);
      expect(again.map((m) => m.text)).toEqual([expect.stringMatching(ORDERS_QUESTION[lang])]);
      for (const answer of answers) await customer.say(answer);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('opted_in');
      expect(consent.granted).toEqual({ orders: true, account: false, offers: false });
    },
  );

  // A reviewer's: "ok gracias" showed the question again, right after thanks.
  it.each([
    ['+5215512345923', 'hola', 'ok gracias', 'es'],
    ['+14155550924', 'hi', 'ok thanks', 'en'],
    ['+5511987650925', 'oi', 'ok obrigado', 'pt'],
  ] as const)(
    '%s: "%s", then "%s" is thanks, not a reason to ask again',
    async (phone, hello, ok, lang) => {
      const customer = webhookCustomer(t, phone);
      await customer.say(hello);
      const answered = await customer.answerTo(ok);
      expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(YOU_ARE_WELCOME[lang])]);
      expect((await customer.events()).map((e) => e.type)).toEqual(['consent.asked']);
    },
  );

  // A reviewer's: "ok pero no me llegó nada" began "Let me choose"; a go-ahead opens a yes with a
  // condition only when it names kinds to stop ("ok but no promos").
  it.each([
    ['+5215512345926', 'hola', 'ok pero no me llegó nada'],
    ['+14155550927', 'hi', 'ok but my order never arrived'],
  ])('%s: "%s", then "%s" asks about no kind', async (phone, hello, words) => {
    const customer = webhookCustomer(t, phone);
    await customer.say(hello);
    await customer.say(words);
    const asked = (await customer.events()).filter((e) => e.type === 'consent.asked');
    expect(asked.map((e) => e.evidence.ask)).not.toContain('category');
  });

  // A final tester's: a first message "ok" got the menu and no question; a "hola" then did.
  it.each([
    ['es', '+5215512345941', 'ok', 'sí'],
    ['pt', '+5511987650942', 'obrigado', 'sim'],
    ['en', '+14155550943', '👍', 'yes'],
  ] as const)(
    '%s (%s): "%s" as the very first message is answered with the question too; "%s" opts in',
    async (lang, phone, ok, yes) => {
      const customer = webhookCustomer(t, phone);
      const answered = await customer.answerTo(ok);
      expect(answered.at(-1)?.text).toMatch(QUESTION[lang]);
      await customer.say(yes);
      expect((await customer.contact()).consent.status).toBe('opted_in');
    },
  );

  it('is thanks when the question is no longer the latest message', async () => {
    const customer = webhookCustomer(t, '+5215512345921');
    await customer.say('hola');
    await customer.say('horario');
    const answered = await customer.answerTo('ok');
    expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(YOU_ARE_WELCOME.es)]);
    expect((await customer.events()).map((e) => e.type)).toEqual(['consent.asked']);
  });

  it('is thanks once the question was shown as often as a window allows', async () => {
    const customer = webhookCustomer(t, '+14155550922');
    await customer.say('hi');
    await customer.say('ok');
    const answered = await customer.answerTo('ok');
    expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(YOU_ARE_WELCOME.en)]);
    expect((await customer.events()).map((e) => e.type)).toEqual([
      'consent.asked',
      'consent.asked',
    ]);
  });
});

/** The start of the flow's help text, by language. */
const HELP = {
  en: /^This is Brightwood Home on WhatsApp/,
  es: /^Somos Brightwood Home en WhatsApp/,
  pt: /^Aqui é a Brightwood Home no WhatsApp/,
};

describe('HELP in the middle of "Let me choose"', () => {
  // The help became the latest message, and the customer's next "sim" got "didn't understand"
  // (a tester's). Now the kind being asked follows the help, and the answers after it count.
  it.each([
    ['pt', '+5511987650931', 'oi', 'Quero escolher', 'AJUDA', 'sim', 'não', 'não'],
    ['es', '+5215512345932', 'hola', 'Quiero elegir', 'ayuda', 'sí', 'no', 'no'],
    ['en', '+14155550933', 'hi', 'Let me choose', 'HELP', 'yes', 'no', 'no'],
  ] as const)(
    '%s (%s): in "%s", "%s" then "%s" gets the help and the first kind again',
    async (lang, phone, hello, choose, help, ...answers) => {
      const customer = webhookCustomer(t, phone);
      await customer.say(hello);
      await customer.say(choose);
      const helped = await customer.answerTo(help);
      expect(helped.map((m) => m.text)).toEqual([
        expect.stringMatching(HELP[lang]),
        expect.stringMatching(ORDERS_QUESTION[lang]),
      ]);
      for (const answer of answers) await customer.say(answer);
      expect((await customer.contact()).consent.granted).toEqual({
        orders: true,
        account: false,
        offers: false,
      });
    },
  );
});
