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

/** "Stop just those?" for exactly these kinds, by their labels in the shipped flow. */
const STOP_JUST = {
  en: (kinds: string) => new RegExp(`^Do you want to stop getting ${kinds} from Brightwood`),
  es: (kinds: string) => new RegExp(`^¿Quieres dejar de recibir ${kinds} de Brightwood`),
  pt: (kinds: string) => new RegExp(`^Você quer deixar de receber ${kinds} da Brightwood`),
} as const;

const TRACKING = {
  en: /^You can follow your order/,
  es: /^Puedes seguir tu pedido/,
  pt: /^Você pode acompanhar seu pedido/,
} as const;

describe('some kinds to stop, in the customer’s words', () => {
  it.each([
    ['es', 'hola', 'pensándolo bien, solo los pedidos', 'códigos de acceso y ofertas especiales'],
    ['es', 'hola', 'la neta solo los pedidos', 'códigos de acceso y ofertas especiales'],
    ['pt', 'oi', 'na verdade só os pedidos', 'códigos de acesso e ofertas especiais'],
    ['pt', 'oi', 'só quero saber dos meus pedidos', 'códigos de acesso e ofertas especiais'],
    ['pt', 'oi', 'na verdade não quero os códigos', 'códigos de acesso'],
    ['pt', 'oi', 'sem códigos', 'códigos de acesso'],
    [
      'pt',
      'oi',
      'não quero mais receber as promoções só os avisos dos pedidos tá obrigada',
      'códigos de acesso e ofertas especiais',
    ],
    ['en', 'hi', 'no offers, no codes', 'login codes and special offers'],
    ['en', 'hi', 'keep the order updates but stop the rest', 'login codes and special offers'],
    ['en', 'hi', 'stop everything except order updates', 'login codes and special offers'],
    ['en', 'hi', 'stop all but order updates', 'login codes and special offers'],
    ['en', 'hi', 'remove login codes', 'login codes'],
    ['en', 'hi', 'drop the promotions', 'special offers'],
    ['en', 'hi', 'not the promos lol', 'special offers'],
    ['en', 'hi', "i'm tired of all these offers", 'special offers'],
    ['en', 'hi', 'these offers are annoying', 'special offers'],
    ['en', 'hi', 'i never asked for these promos', 'special offers'],
    ['pt', 'oi', 'odeio essas promoções', 'ofertas especiais'],
    ['es', 'hola', 'no paran de llegarme ofertas', 'ofertas especiales'],
    ['es', 'hola', 'me llegan demasiadas ofertas', 'ofertas especiales'],
    ['pt', 'oi', 'não param de chegar ofertas', 'ofertas especiais'],
    // A word only one kind's label has, with a word for messages (before: "stop everything?").
    ['es', 'hola', 'no quiero notificaciones de pedidos', 'avisos de tus pedidos'],
    ['es', 'hola', 'ya no quiero mensajes de códigos', 'códigos de acceso'],
    // Other verbs and words for the offers.
    ['es', 'hola', 'no necesito avisos de pedidos', 'avisos de tus pedidos'],
    ['es', 'hola', 'quítenme las promociones', 'ofertas especiales'],
    ['es', 'hola', 'no quiero cupones', 'ofertas especiales'],
    ['pt', 'oi', 'dispenso as ofertas', 'ofertas especiais'],
    ['en', 'hi', 'i dont need the promos', 'special offers'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" asks to stop %s alone',
    async (lang, hello, said, kinds) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(STOP_JUST[lang](kinds))]);
    },
  );

  it('en: "Just those" after "keep the order updates but stop the rest" keeps the order updates', async () => {
    const customer = await optedIn('en', 'hi');
    await customer.say('keep the order updates but stop the rest');
    await customer.say('Just those');
    const { consent } = await customer.contact();
    expect(consent.categories).toEqual({ orders: true, account: false, offers: false });
  });
});

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

describe('asking to keep on is no wish to stop', () => {
  it.each([
    ['en', 'hi', "i don't want to stop the order updates"],
    ['es', 'hola', 'no quiero dejar de recibir los avisos'],
    ['es', 'hola', 'no me dejen de mandar los avisos'],
    ['es', 'hola', 'sigan mandando los avisos de pedidos'],
    ['pt', 'oi', 'não quero parar de receber os avisos'],
    ['pt', 'oi', 'não deixem de me mandar os avisos'],
    ['es', 'hola', 'no me interesa'],
    ['en', 'hi', 'not interested'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" offers to stop nothing',
    async (lang, hello, said) => {
      const customer = await optedIn(lang, hello);
      const answered = (await customer.answerTo(said)).map((m) => m.text).join('\n');
      expect(answered).not.toMatch(/stop getting|dejar de recibir|deixar de receber/);
      expect(answered).not.toMatch(ASKS_TO_STOP[lang]);
      expect((await customer.contact()).consent.categories).toEqual({
        orders: true,
        account: true,
        offers: true,
      });
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
  ] as const)('%s: "%s", then "%s" is answered', async (lang, hello, said, answer) => {
    const customer = await after(lang, hello);
    expect((await customer.answerTo(said))[0]?.text).toMatch(answer);
  });
});
