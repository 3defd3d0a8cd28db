import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * What testers typed about how many messages come, how often, and that they keep coming, a kind
 * named with messages in general, and kinds in other words, through signed webhooks: each was
 * "didn't understand", or read as a stop of everything or of less than it names.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { offersToStop, offersNothing, asksToStopAll } = newCustomers(() => t, 1);

describe('too many of a kind, every day, or still coming', () => {
  // Before: "didn't understand" and the menu (the English "too many promos" was understood).
  it.each([
    ['es', 'hola', 'demasiadas ofertas', 'ofertas especiales'],
    ['es', 'hola', 'tantos cupones', 'ofertas especiales'],
    ['es', 'hola', 'me llegan muchas ofertas', 'ofertas especiales'],
    ['es', 'hola', 'me mandan promos todos los días', 'ofertas especiales'],
    ['es', 'hola', 'sigo recibiendo ofertas', 'ofertas especiales'],
    ['es', 'hola', 'me siguen llegando promociones', 'ofertas especiales'],
    ['es', 'hola', 'demasiados códigos', 'códigos de acceso'],
    ['pt', 'oi', 'muitas promoções', 'ofertas especiais'],
    ['pt', 'oi', 'muita promoção', 'ofertas especiais'],
    ['pt', 'oi', 'muitas ofertas todo dia', 'ofertas especiais'],
    ['pt', 'oi', 'vcs mandam promoção todo dia', 'ofertas especiais'],
    ['pt', 'oi', 'continuo recebendo promoções', 'ofertas especiais'],
    ['pt', 'oi', 'ainda recebo as ofertas', 'ofertas especiais'],
    ['en', 'hi', 'why do i get deals every single day', 'special offers'],
    ['en', 'hi', 'you text me every day about sales', 'special offers'],
    ['en', 'hi', 'i keep getting promos', 'special offers'],
    ['en', 'hi', 'i still get the promos i never asked for', 'special offers'],
    ['en', 'hi', 'i keep getting login codes', 'login codes'],
    ['en', 'hi', 'too many codes', 'login codes'],
    // Before: whether to stop everything.
    ['en', 'hi', 'stop the sale alerts', 'special offers'],
    // Left from earlier rounds (session 47: "didn't understand", or whether to stop everything).
    ['pt', 'oi', 'muitos códigos', 'códigos de acesso'],
    ['pt', 'oi', 'recebo muitos códigos', 'códigos de acesso'],
    ['pt', 'oi', 'vcs mandam muitos códigos', 'códigos de acesso'],
    ['pt', 'oi', 'vc pode parar os códigos?', 'códigos de acesso'],
    ['es', 'hola', 'muchos códigos', 'códigos de acceso'],
    ['en', 'hi', 'i keep getting codes i didnt ask for', 'login codes'],
    ['en', 'hi', 'i still get codes', 'login codes'],
    ['es', 'hola', 'sigo recibiendo códigos que nunca pedí', 'códigos de acceso'],
    ['en', 'hi', 'no more coupons', 'special offers'],
    ['en', 'hi', 'stop the coupons', 'special offers'],
    ['en', 'hi', 'cancel the coupons', 'special offers'],
    // (A comparing tester's, session 47: "didn't understand".)
    ['en', 'hi', 'why do i still get codes', 'login codes'],
    ['en', 'hi', 'u keep sending me codes', 'login codes'],
    ['en', 'hi', 'you keep sending me promos', 'special offers'],
    ['es', 'hola', 'recibo muchas ofertas', 'ofertas especiales'],
    // (Session 48: how often after the kinds, "mts" for muitos; "didn't understand".)
    ['pt', 'oi', 'recebo mts codigos todo dia', 'códigos de acesso'],
    ['pt', 'oi', 'recebo muitos códigos todos os dias', 'códigos de acesso'],
    ['pt', 'oi', 'vcs mandam muitos códigos todo dia', 'códigos de acesso'],
    ['es', 'hola', 'recibo muchos códigos todos los días', 'códigos de acceso'],
    ['en', 'hi', 'i keep getting promos every day', 'special offers'],
    ['en', 'hi', 'i get too many codes every day', 'login codes'],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop %s', offersToStop);

  // Words of number or time about something else stay no stop.
  it.each([
    ['es', 'hola', 'muchas gracias'],
    ['es', 'hola', 'tengo muchos pedidos'],
    ['en', 'hi', 'i have many orders'],
    ['en', 'hi', 'how many codes do i have?'],
    ['pt', 'oi', 'o desconto não funcionou'],
    ['es', 'hola', 'muchas ofertas en su web, ¿cuál me recomiendan?'],
    ['pt', 'oi', 'tenho muitos pedidos'],
    ['pt', 'oi', 'recebo muitas ofertas boas de vcs, obrigado'],
    ['pt', 'oi', 'mts ofertas boas, obrigado'],
    ['en', 'hi', 'i want the offers every day'],
    ['en', 'hi', 'i still receive codes but want them'],
    ['en', 'hi', 'do i still get codes?'],
    ['en', 'hi', 'keep sending me the codes'],
    ['en', 'hi', 'please keep sending me promos'],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop nothing', offersNothing);
});

describe('a complaint of a kind, then "stop them" or a stop of another kind', () => {
  // Before: whether to stop everything (the complaint of a kind by its label's word was no plain
  // stop), or the first kind alone.
  it.each([
    ['en', 'hi', 'sick of the codes. stop them', 'login codes'],
    // (Read so before too: kept now that "too many codes" is a complaint of its own.)
    ['en', 'hi', 'I get too many codes. stop them', 'login codes'],
    ['en', 'hi', 'i hate the codes. stop them', 'login codes'],
    ['en', 'hi', 'tired of the promos. stop the codes', 'login codes and special offers'],
    ['en', 'hi', 'sick of the codes. stop the promos', 'login codes and special offers'],
    // (A tester's, of a first version: the order updates alone; "hate" with no "i" was no
    // complaint.)
    ['en', 'hi', 'hate the deals. stop the order updates too', 'order updates and special offers'],
    [
      'es',
      'hola',
      'harta de las ofertas. paren los códigos',
      'códigos de acceso y ofertas especiales',
    ],
    // (A tester's, of a first version: the offers alone.)
    [
      'es',
      'hola',
      'cansado de las promos. dejen de mandar los códigos',
      'códigos de acceso y ofertas especiales',
    ],
    [
      'pt',
      'oi',
      'cansei das promoções. deixem de mandar os códigos',
      'códigos de acesso e ofertas especiais',
    ],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop %s', offersToStop);
});

describe('a complaint denied', () => {
  // (A first version of "hate" with no "i" read these as the complaint, anywhere in a message.)
  it.each([
    ['en', 'hi', 'i dont hate the codes'],
    ['en', 'hi', "i don't hate the offers"],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop nothing', offersNothing);
});

describe('a kind and messages in general, refused together', () => {
  // Before: "didn't understand", or the kind alone ("no quiero mensajes ni códigos": the codes),
  // as "no quiero ofertas ni mensajes" already asked.
  it.each([
    ['es', 'hola', 'no quiero códigos ni mensajes'],
    ['es', 'hola', 'no quiero mensajes ni códigos'],
    ['es', 'hola', 'no quiero ni códigos ni mensajes'],
    ['en', 'hi', 'i dont want codes or messages'],
    ['en', 'hi', 'no more codes or messages'],
    ['pt', 'oi', 'não quero mais códigos nem mensagens'],
    // (A tester's, of a first version: the offers alone, or "didn't understand".)
    ['en', 'hi', 'dont want promos or any messages'],
    ['pt', 'oi', 'eu não quero mais mensagens'],
    // (Session 47: "any" before the messages; "didn't understand".)
    ['en', 'hi', 'i dont want codes or any messages'],
    // (Session 48: "other", "at all"; "didn't understand".)
    ['en', 'hi', 'i dont want codes or any other messages'],
    ['es', 'hola', 'no quiero códigos ni ningún otro mensaje'],
    ['pt', 'oi', 'não quero códigos nem outras mensagens'],
  ] as const)('%s: "%s", yes to all, then "%s" asks whether to stop everything', asksToStopAll);
});

describe('kinds in other words', () => {
  // Before: whether to stop everything (a code in the singular, "order notifications" beside
  // the promos, shipping notifications in the flow's languages).
  it.each([
    ['en', 'hi', 'stop sending the code', 'login codes'],
    ['en', 'hi', 'stop sending me the code', 'login codes'],
    ['pt', 'oi', 'parem de mandar código', 'códigos de acesso'],
    ['es', 'hola', 'dejen de mandar el código', 'códigos de acceso'],
    ['en', 'hi', 'stop order notifications and promos', 'order updates and special offers'],
    ['es', 'hola', 'ya no quiero notificaciones de envío', 'avisos de tus pedidos'],
    ['es', 'hola', 'dejen de enviar notificaciones de envío', 'avisos de tus pedidos'],
    ['pt', 'oi', 'parem de mandar notificação de entrega', 'avisos dos seus pedidos'],
    // Before: the tracking answer (a later word of a label in the plural; "only" said again).
    [
      'es',
      'hola',
      'paren los avisos de envíos y las ofertas',
      'avisos de tus pedidos y ofertas especiales',
    ],
    ['en', 'hi', 'i only want order updates nothing else', 'login codes and special offers'],
    [
      'es',
      'hola',
      'solo quiero los avisos de pedidos y nada más',
      'códigos de acceso y ofertas especiales',
    ],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop %s', offersToStop);

  // A code asked for again, a notification missed, news of an order: no stop.
  it.each([
    ['en', 'hi', 'can you send the code again'],
    ['es', 'hola', 'no me llegó el código'],
    ['es', 'hola', 'no recibí la notificación de envío'],
    ['pt', 'oi', 'não recebi a notificação de entrega'],
    ['en', 'hi', 'any news on my order?'],
    ['es', 'hola', '¿hay novedades de mi pedido?'],
    ['pt', 'oi', 'alguma novidade do meu pedido?'],
    // (A first version read news as marketing: these offered to stop the offers, and "any
    // news?" typed to the question about them was its no.)
    ['en', 'hi', 'any news?'],
    ['en', 'hi', 'no more news about my order please it arrived'],
    ['es', 'hola', 'no quiero más novedades de mi pedido'],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop nothing', offersNothing);
});
