import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { ASKS_TO_STOP, OPTED_OUT } from '../../support/shipped-replies.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * Wishes to stop, or to keep, in the words two tester sessions typed after "yes to all",
 * through signed webhooks. Before, each of these got "didn't understand", asked to stop
 * everything, offered to stop the very kind the customer wanted to keep, or asked to stop what
 * the customer asked to keep on.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { after, optedIn } = newCustomers(() => t, 9);

const TRACKING = {
  en: /^You can follow your order/,
  es: /^Puedes seguir tu pedido/,
  pt: /^Você pode acompanhar seu pedido/,
} as const;

describe('a wish to stop everything, in the customer’s words', () => {
  it.each([
    ['es', 'hola', 'no me mandés más nada boludo'],
    ['es', 'hola', 'oigan ya no me manden nada x fa'],
    ['es', 'hola', 'ia no me manden nada'],
    ['es', 'hola', 'ya no kiero resibir mensajes'],
    ['pt', 'oi', 'naum quero mais receber nd'],
    ['es', 'hola', 'desactivar notificaciones'],
    ['pt', 'oi', 'desativar notificações'],
    ['en', 'hi', 'turn off notifications'],
    ['en', 'hi', 'dont send me anything else'],
    ['es', 'hola', 'baja de todo'],
    ['es', 'hola', 'dame de baja de todo'],
  ] as const)('%s: "%s", yes to all, then "%s" opts out', async (lang, hello, said) => {
    const customer = await optedIn(lang, hello);
    const replies = await customer.answerTo(said);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });

  it.each([
    ['es', 'hola', 'ya no me interesa'],
    ['en', 'hi', 'not interested anymore'],
    ['es', 'hola', 'me tienen harto con tanto mensaje'],
    ['es', 'hola', 'son muchos mensajes'],
    ['pt', 'oi', 'é muita mensagem'],
    ['pt', 'oi', 'não quero mais nada convosco'],
    ['pt', 'oi', 'para tudo'],
  ] as const)('%s: "%s", yes to all, then "%s" asks whether to stop', async (lang, hello, said) => {
    const customer = await optedIn(lang, hello);
    const replies = await customer.answerTo(said);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_TO_STOP[lang])]);
  });

  it.each([
    ['es', 'hola', 'no me manden más nada, solo quería saber del pedido'],
    ['pt', 'oi', 'não mandem mais nada, só queria saber do pedido'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" answers the order and asks whether to stop',
    async (lang, hello, said) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([
        expect.stringMatching(TRACKING[lang]),
        expect.stringMatching(ASKS_TO_STOP[lang]),
      ]);
    },
  );
});

describe('the question and the stop questions answered in the testers’ words', () => {
  it.each([
    ['es', 'hola', 'todos', 'opted_in'],
    ['es', 'hola', 'sí, por qué no', 'opted_in'],
    ['pt', 'oi', 'quero tudo', 'opted_in'],
    ['pt', 'oi', 'pode mandar tudo', 'opted_in'],
    ['pt', 'oi', 'pois claro', 'opted_in'],
    ['en', 'hi', 'yes why not', 'opted_in'],
    ['es', 'hola', 'jamás', 'declined'],
    ['es', 'hola', 'ni de chiste', 'declined'],
    ['es', 'hola', 'obvio no', 'declined'],
  ] as const)('%s: "%s", then "%s" leaves the customer %s', async (lang, hello, said, status) => {
    const customer = await after(lang, hello);
    await customer.say(said);
    expect((await customer.contact()).consent.status).toBe(status);
  });

  it('en: "stop them" to "stop just those?" stops those alone', async () => {
    const customer = await optedIn('en', 'hi');
    await customer.say('no more promos');
    await customer.say('stop them');
    const { consent } = await customer.contact();
    expect(consent.categories).toEqual({ orders: true, account: true, offers: false });
  });

  it('pt: "pode manter" to "stop just those?" keeps them', async () => {
    const customer = await optedIn('pt', 'oi');
    await customer.say('não quero mais promoção');
    await customer.say('pode manter');
    const { consent } = await customer.contact();
    expect(consent.categories).toEqual({ orders: true, account: true, offers: true });
  });

  it.each([
    ['en', 'hi', 'where is my parcel', TRACKING.en],
    ['en', 'hi', 'i need help with a refund', /^Our stores are open/],
    // A choice's word said in the plural (before: "didn't understand").
    ['es', 'hola', 'dónde están mis paquetes', TRACKING.es],
    ['pt', 'oi', 'cadê minhas encomendas', TRACKING.pt],
    // A word as written first: the plural only when it names nothing else (a tester's).
    ['en', 'hi', 'i want to return two orders', /^Our stores are open/],
    ['es', 'hola', 'quiero devolver dos pedidos', /^Nuestras tiendas abren/],
    ['pt', 'oi', 'quero devolver meus pedidos', /^Nossas lojas/],
  ] as const)('%s: "%s", then "%s" is answered', async (lang, hello, said, answer) => {
    const customer = await after(lang, hello);
    expect((await customer.answerTo(said))[0]?.text).toMatch(answer);
  });
});
