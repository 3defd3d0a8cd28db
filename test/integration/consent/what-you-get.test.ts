import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * HELP, and "am I subscribed?" in the customer's words, through signed webhooks: the help text,
 * then what this customer gets now. A tester's (session 47): the help named every kind to a
 * customer who had one, or none, and "am i subscribed?", "¿qué mensajes recibo?", "estou
 * inscrito?" got "didn't understand" at every point; "did i unsubscribe?" asked whether to stop
 * everything, and a "yes" then opted the customer out.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { after } = newCustomers(() => t, 6);

const HELP = {
  en: /^This is Brightwood Home on WhatsApp\. With your agreement we send you order updates, login codes, and special offers\./,
  es: /^Somos Brightwood Home en WhatsApp\./,
  pt: /^Aqui é a Brightwood Home no WhatsApp\./,
} as const;

/** The sentence after the help, for the kinds a customer gets (`undefined`: none). */
const YOU_GET = {
  en: (kinds?: string) =>
    kinds ? `Right now you get ${kinds}.` : 'Right now you get no WhatsApp messages from us.',
  es: (kinds?: string) =>
    kinds
      ? `Ahora mismo recibes ${kinds}.`
      : 'Ahora mismo no recibes mensajes nuestros por WhatsApp.',
  pt: (kinds?: string) =>
    kinds
      ? `No momento você recebe ${kinds}.`
      : 'No momento você não recebe mensagens nossas pelo WhatsApp.',
} as const;

const YES_ALL = { en: 'Yes, all of them', es: 'Sí, todos', pt: 'Sim, todas' } as const;
const NO_THANKS = { en: 'No, thanks', es: 'No, gracias', pt: 'Não, obrigado' } as const;
const STOP = { en: 'STOP', es: 'BAJA', pt: 'PARAR' } as const;
const CHOOSE = { en: 'Let me choose', es: 'Quiero elegir', pt: 'Quero escolher' } as const;
const HELLO = { en: 'hi', es: 'hola', pt: 'oi' } as const;
type Lang = keyof typeof HELLO;

/** How each customer got where they are, and what they get there. */
const POINTS: Record<string, { steps: (lang: Lang) => string[]; gets: Record<Lang, string> }> = {
  'after a yes to all': {
    steps: (lang) => [YES_ALL[lang]],
    gets: {
      en: 'order updates, login codes, and special offers',
      es: 'avisos de tus pedidos, códigos de acceso y ofertas especiales',
      pt: 'avisos dos seus pedidos, códigos de acesso e ofertas especiais',
    },
  },
  'after choosing the order updates alone': {
    steps: (lang) => {
      const { yes, no } = {
        en: { yes: 'Yes', no: 'No' },
        es: { yes: 'Sí', no: 'No' },
        pt: { yes: 'Sim', no: 'Não' },
      }[lang];
      return [CHOOSE[lang], yes, no, no];
    },
    gets: { en: 'order updates', es: 'avisos de tus pedidos', pt: 'avisos dos seus pedidos' },
  },
};

describe('HELP ends with what the customer gets now', () => {
  it.each(
    Object.entries(POINTS).flatMap(([point, { steps, gets }]) =>
      (['en', 'es', 'pt'] as const).map((lang) => [lang, point, steps(lang), gets[lang]] as const),
    ),
  )('%s, %s', async (lang, _point, steps, gets) => {
    const customer = await after(lang, HELLO[lang]);
    for (const step of steps) await customer.say(step);
    const replies = await customer.answerTo({ en: 'HELP', es: 'AYUDA', pt: 'AJUDA' }[lang]);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(HELP[lang])]);
    expect(replies[0]?.text.endsWith(`\n\n${YOU_GET[lang](gets)}`)).toBe(true);
  });

  it.each([
    ['en', 'after a no', NO_THANKS.en],
    ['es', 'after a stop', STOP.es],
    ['pt', 'after a no', NO_THANKS.pt],
  ] as const)('%s, %s: none', async (lang, _point, said) => {
    const customer = await after(lang, HELLO[lang]);
    if (said === STOP.es) await customer.say(YES_ALL.es);
    await customer.say(said);
    const replies = await customer.answerTo({ en: 'help', es: 'ayuda', pt: 'ajuda' }[lang]);
    expect(replies.at(-1)?.text.endsWith(`\n\n${YOU_GET[lang]()}`)).toBe(true);
    expect((await customer.contact()).consent.status).not.toBe('opted_in');
  });
});

describe('"am I subscribed?" in the customer\'s words is answered as HELP, nothing changed', () => {
  it.each([
    ['en', 'am i subscribed?', 'after a yes to all'],
    ['en', 'did i unsubscribe?', 'after a yes to all'],
    ['en', 'what messages am I getting?', 'after choosing the order updates alone'],
    ['es', '¿estoy suscrito?', 'after a yes to all'],
    ['es', 'qué mensajes recibo', 'after choosing the order updates alone'],
    ['pt', 'estou inscrito?', 'after a yes to all'],
    ['pt', 'o que eu recebo de vocês?', 'after choosing the order updates alone'],
  ] as const)('%s: "%s", %s', async (lang, asked, point) => {
    const { steps, gets } = POINTS[point]!;
    const customer = await after(lang, HELLO[lang]);
    for (const step of steps(lang)) await customer.say(step);
    const before = (await customer.contact()).consent;
    const replies = await customer.answerTo(asked);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(HELP[lang])]);
    expect(replies[0]?.text.endsWith(YOU_GET[lang](gets[lang]))).toBe(true);
    expect((await customer.contact()).consent).toEqual(before);
  });

  it('pt: "o que eu recebo de vocês?" after a stop says none', async () => {
    const customer = await after('pt', 'oi');
    await customer.say(YES_ALL.pt);
    await customer.say(STOP.pt);
    const replies = await customer.answerTo('o que eu recebo de vocês?');
    expect(replies.at(-1)?.text.endsWith(YOU_GET.pt())).toBe(true);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });
});
