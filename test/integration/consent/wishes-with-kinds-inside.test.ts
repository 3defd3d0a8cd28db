import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopsOffered } from '../../support/shipped-replies.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * Wishes to stop kinds with the kinds inside the wish ("i want the codes and promos to stop", "i
 * want you to stop the codes"), through signed webhooks. Left from earlier rounds, both builds:
 * the first kind was read as one wanted, the kinds were lost and the bot asked whether to stop
 * everything.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { optedIn, offersToStop, offersNothing, asksToStopAll } = newCustomers(() => t, 5);

describe('kinds wished to stop, with "to stop" after them', () => {
  it.each([
    ['en', 'hi', 'I want codes and promos to stop', 'login codes and special offers'],
    ['en', 'hi', 'i want the promos and the codes to stop', 'login codes and special offers'],
    ['en', 'hi', 'i want the codes to stop', 'login codes'],
    ['en', 'hi', "i'd like the codes to stop please", 'login codes'],
    [
      'en',
      'hi',
      'i need the promotions and order updates to end',
      'order updates and special offers',
    ],
    // With more said after it (a tester's, both builds: one kind dropped, or the kept one offered).
    [
      'en',
      'hi',
      'i want the codes and promos to stop but keep order updates',
      'login codes and special offers',
    ],
    [
      'en',
      'hi',
      'i want the codes and order updates to stop, keep promos',
      'order updates and login codes',
    ],
    ['en', 'hi', 'i want the promos to stop, and the codes too', 'login codes and special offers'],
    ['en', 'hi', 'i want the codes to stop and the promos to continue', 'login codes'],
    // Kinds wished to keep coming (left from the last rounds, both builds: offered too).
    ['en', 'hi', 'i want the codes to stop and the promos to keep coming', 'login codes'],
    ['en', 'hi', 'i want the codes to stop, the order updates to keep coming', 'login codes'],
    ['en', 'hi', 'stop the codes but the promos can keep coming', 'login codes'],
    // "Please" between the stop and the kinds kept (the third tester's, both builds: the promos
    // offered, or "didn't understand").
    ['en', 'hi', 'stop codes pls promos can keep coming', 'login codes'],
    ['en', 'hi', 'stop codes pls promos are fine', 'login codes'],
    ['es', 'hola', 'paren los códigos porfa las ofertas están bien', 'códigos de acceso'],
    [
      'en',
      'hi',
      'i want the codes and promos to stop and the order updates to keep coming',
      'login codes and special offers',
    ],
    // Not to keep coming, or to stop coming (the third tester's: the offers, or the codes, lost
    // for a moment).
    [
      'en',
      'hi',
      'i want the codes to stop and the offers not to keep coming',
      'login codes and special offers',
    ],
    [
      'en',
      'hi',
      'i want the codes to stop and the promos to stop coming too',
      'login codes and special offers',
    ],
    // Everything, then kinds wished to keep coming (left from the last rounds, both builds: the
    // kind kept offered, or whether to stop everything).
    ['en', 'hi', 'stop everything, the promos can keep coming', 'order updates and login codes'],
    ['en', 'hi', 'stop everything and the promos can keep coming', 'order updates and login codes'],
    [
      'es',
      'hola',
      'quiero parar todo y que las ofertas sigan llegando',
      'avisos de tus pedidos y códigos de acceso',
    ],
    [
      'es',
      'hola',
      'quiero parar todo pero que sigan los pedidos',
      'códigos de acceso y ofertas especiales',
    ],
    [
      'pt',
      'oi',
      'quero parar tudo mas que continuem os pedidos',
      'códigos de acesso e ofertas especiais',
    ],
    [
      'pt',
      'oi',
      'parem tudo mas que continuem chegando os pedidos',
      'códigos de acesso e ofertas especiais',
    ],
    // Kinds added after the first with "que … también paren", "que … no sigan llegando", "mas
    // também" (left from the last rounds, both builds: the first kind alone).
    [
      'es',
      'hola',
      'quiero que paren los codigos y que las ofertas tambien paren',
      'códigos de acceso y ofertas especiales',
    ],
    [
      'es',
      'hola',
      'quiero que paren los codigos y que las ofertas no sigan llegando',
      'códigos de acceso y ofertas especiales',
    ],
    [
      'pt',
      'oi',
      'quero que parem os codigos e que as promocoes tambem parem',
      'códigos de acesso e ofertas especiais',
    ],
    [
      'pt',
      'oi',
      'quero parar os codigos mas também as promoções obg',
      'códigos de acesso e ofertas especiais',
    ],
    // The testers' of this round, both builds: the kind kept offered, or "didn't understand".
    [
      'en',
      'hi',
      'stop everything and let the order updates keep coming',
      'login codes and special offers',
    ],
    [
      'en',
      'hi',
      'stop everything, i want the order updates to keep coming',
      'login codes and special offers',
    ],
    [
      'es',
      'hola',
      'quiero parar todo pero que las ofertas sigan',
      'avisos de tus pedidos y códigos de acceso',
    ],
    [
      'pt',
      'oi',
      'quero parar tudo e q as promo continuem chegando',
      'avisos dos seus pedidos e códigos de acesso',
    ],
    [
      'pt',
      'oi',
      'quero parar tudo mas que os pedidos continuem chegando',
      'códigos de acesso e ofertas especiais',
    ],
    ['en', 'hi', 'hi! i dont want the promos to keep coming 🙏', 'special offers'],
    // Regressions of this round's first commit, mended: "una" is no purchase unless a kind follows
    // it; "all", "todas" after kinds may be of them; a stop of everything refused or asked.
    [
      'es',
      'hola',
      'no quiero parar los pedidos, solo las ofertas, me llega una cada hora',
      'ofertas especiales',
    ],
    ['en', 'hi', 'stop the login codes, stop all', 'login codes'],
    ['es', 'hola', 'paren las ofertas, paren todas ya', 'ofertas especiales'],
    ['en', 'hi', 'stop the promos, or should i stop everything?', 'special offers'],
    ['es', 'hola', 'paren las ofertas, no quiero parar todo', 'ofertas especiales'],
    // Everything, then the kinds kept (a tester's, both builds: whether to stop everything).
    ['en', 'hi', 'i want all to stop but the codes', 'order updates and special offers'],
    [
      'en',
      'hi',
      'i want everything but the order updates to stop',
      'login codes and special offers',
    ],
    // A wish not to stop some, then "only" others (a sixth tester's: the kinds kept offered, in
    // both builds, and all but the ones named for a moment).
    ['en', 'hi', 'i dont want the codes to stop, only the promos', 'special offers'],
    ['en', 'hi', 'i dont want the order updates to stop, just the promos', 'special offers'],
    ['en', 'hi', 'i dont want the promos to stop but only the codes', 'login codes'],
    // Then a stop of others (a seventh tester's, both builds: the kind kept was offered).
    ['en', 'hi', 'i dont want the promos to stop, stop the codes though', 'login codes'],
    ['en', 'hi', "i don't want the offers to stop! stop the codes!", 'login codes'],
    ['en', 'hi', 'i dont want the promos to stop, stop the rest', 'order updates and login codes'],
    // A refusal after "but", and a yes to others (left from the last rounds, both builds: the kind
    // kept offered; in Spanish, the two kinds not named).
    ['en', 'hi', 'i dont want the promos to stop, but i dont want codes', 'login codes'],
    ['es', 'hola', 'no quiero parar los códigos pero sí las ofertas', 'ofertas especiales'],
    ['pt', 'oi', 'não quero parar os códigos, mas sim as promoções', 'ofertas especiais'],
    ['pt', 'oi', 'não quero cancelar as promoções, mas parem os códigos', 'códigos de acesso'],
    // Nothing to stop, then a stop; the kinds kept, then "the rest" (the first tester's of this
    // round: "didn't understand", or the kinds not named, for a moment).
    ['es', 'hola', 'no quiero parar nada pero paren las ofertas', 'ofertas especiales'],
    ['es', 'hola', 'no quiero parar nada, solo las ofertas', 'ofertas especiales'],
    ['en', 'hi', 'i dont want anything to stop but stop the promos', 'special offers'],
    ['en', 'hi', 'i dont want anything to stop, only the promos', 'special offers'],
    [
      'es',
      'hola',
      'no quiero parar los codigos, paren todo lo demas',
      'avisos de tus pedidos y ofertas especiales',
    ],
    [
      'es',
      'hola',
      'no quiero parar los codigos pero si todo lo demas',
      'avisos de tus pedidos y ofertas especiales',
    ],
    [
      'pt',
      'oi',
      'nao quero parar os codigos, parem o resto',
      'avisos dos seus pedidos e ofertas especiais',
    ],
    // A stop word in a sentence, then a clause that keeps kinds (the tester's, both builds: the
    // kind kept offered).
    ['es', 'hola', 'quiero parar los codigos pero que sigan las ofertas', 'códigos de acceso'],
    ['es', 'hola', 'quiero parar los codigos y que sigan las ofertas', 'códigos de acceso'],
    ['pt', 'oi', 'quero parar os codigos mas que continuem as promocoes', 'códigos de acesso'],
    ['es', 'hola', 'quiero parar los codigos, que sigan las ofertas', 'códigos de acceso'],
    // The yes after the kinds (the second tester's: "didn't understand", for a moment).
    ['es', 'hola', 'no quiero parar los codigos pero las ofertas si porfa', 'ofertas especiales'],
    ['pt', 'oi', 'nao quero parar os codigos mas as promocoes sim', 'ofertas especiais'],
    ['en', 'hi', "i don't want the codes to stop, the promos yes", 'special offers'],
    // A stopping verb after the kinds (the third tester's: "didn't understand", for a moment).
    ['es', 'hola', 'no quiero parar los codigos pero las ofertas que paren', 'ofertas especiales'],
    [
      'es',
      'hola',
      'no quiero parar los codigos pero las ofertas si quiero pararlas',
      'ofertas especiales',
    ],
    ['pt', 'oi', 'nao quero parar os codigos mas as promocoes que parem', 'ofertas especiais'],
    // With thanks after it, or a greeting before it (the fourth tester's: "didn't understand", or
    // the kind kept, for a moment).
    ['en', 'hi', 'i dont want the codes to stop, only the promos thx', 'special offers'],
    // "The orders", "los pedidos" kept (the fourth tester's, both builds: the order updates
    // offered, the kind kept).
    ['en', 'hi', 'i dont want the orders to stop, only the promos', 'special offers'],
    [
      'es',
      'hola',
      'no quiero parar los pedidos pero sí las ofertas, gracias',
      'ofertas especiales',
    ],
    [
      'es',
      'hola',
      'no quiero parar los códigos, paren lo demás gracias',
      'avisos de tus pedidos y ofertas especiales',
    ],
    ['pt', 'oi', 'não quero parar os códigos mas as promoções sim obg', 'ofertas especiais'],
    [
      'es',
      'hola',
      'hola, no quiero parar los códigos pero las ofertas que paren',
      'ofertas especiales',
    ],
    [
      'en',
      'hi',
      'i dont want the codes to stop, only the promos and the orders',
      'order updates and special offers',
    ],
    // A wish not to stop taken back (a second tester's: whether to stop everything, for a moment).
    ['en', 'hi', 'i dont want the promos to stop? no i want them to stop', 'special offers'],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop %s alone', offersToStop);

  // Words that are no kinds, and a question, name no kind to stop: whether to stop everything is
  // asked, as before.
  it.each([
    ['en', 'hi', 'i want them to stop'],
    // A complaint about kinds, then a stop of everything (left from the last rounds, both
    // builds: the promos alone offered).
    ['en', 'hi', 'the promos keep coming, stop everything'],
    ['es', 'hola', 'las ofertas no paran de llegar, paren todo'],
    ['pt', 'oi', 'as promo continuam chegando, parem tudo'],
    // Said with more words than the stop and "everything" (a regression of 5a0f4e9, mended).
    ['en', 'hi', 'the promos keep coming, unsubscribe me from everything'],
    ['en', 'hi', 'the promos and codes keep coming, stop all of it'],
    ['es', 'hola', 'siguen llegando las ofertas, quiero parar todo'],
    ['pt', 'oi', 'chega de promoção, para tudo'],
    // A wish for nothing, then for a stop (the second tester's: "didn't understand", for a moment).
    ['en', 'hi', "i don't want anything, i want it all to stop"],
    ['en', 'hi', "i don't want these messages, i want them to stop"],
    ['en', 'hi', 'do you want the codes to stop?'],
    // A wish to leave after "I give up" (left from earlier rounds: "didn't understand").
    ['pt', 'oi', 'desisto, quero sair de tudo'],
  ] as const)('%s: "%s", yes to all, then "%s" asks whether to stop everything', asksToStopAll);
});

describe('a wish that someone stop the kinds', () => {
  it.each([
    ['en', 'hi', 'i want you to stop the codes', 'login codes'],
    // The verb with "me", "quiero que me quiten…", the infinitive "parar" (a tester's and left
    // from earlier rounds, both builds: "didn't understand", or whether to stop everything).
    ['es', 'hola', 'quiero que me quiten los códigos', 'códigos de acceso'],
    ['es', 'hola', 'quítenme los códigos', 'códigos de acceso'],
    ['pt', 'oi', 'quero que me tirem os códigos', 'códigos de acesso'],
    ['es', 'hola', 'quiero parar los códigos', 'códigos de acceso'],
    ['pt', 'oi', 'quero parar os códigos', 'códigos de acesso'],
    // Other forms (left from earlier rounds, both builds: "didn't understand").
    ['pt', 'oi', 'tira os códigos por favor', 'códigos de acesso'],
    ['pt', 'oi', 'tirem-me as promoções', 'ofertas especiais'],
    ['en', 'hi', 'i never want the codes again', 'login codes'],
    ['en', 'hi', 'we never want offers', 'special offers'],
    ['pt', 'oi', 'descadastra tudo menos os pedidos', 'códigos de acesso e ofertas especiais'],
    // With the kinds kept after it (left from the last rounds, both builds: "didn't understand").
    ['es', 'hola', 'quiero que paren los códigos pero que sigan las ofertas', 'códigos de acceso'],
    [
      'es',
      'hola',
      'quiero que paren los códigos y que las ofertas sigan llegando',
      'códigos de acceso',
    ],
    [
      'pt',
      'oi',
      'quero que parem os códigos e que as promoções continuem chegando',
      'códigos de acesso',
    ],
    ['es', 'hola', 'quiero que paren los códigos y nada más', 'códigos de acceso'],
    // Wishes that they not come, and "dejar de recibir" (the seventh tester's and the fifth's,
    // both builds: "didn't understand").
    ['es', 'hola', 'no quiero que me lleguen más códigos', 'códigos de acceso'],
    ['es', 'hola', 'quiero dejar de recibir los códigos', 'códigos de acceso'],
    ['es', 'hola', 'prefiero no recibir los códigos', 'códigos de acceso'],
    ['pt', 'oi', 'não quero que cheguem promoções', 'ofertas especiais'],
    ['pt', 'oi', 'prefiro não receber ofertas', 'ofertas especiais'],
    ['pt', 'oi', 'pode tirar os códigos', 'códigos de acesso'],
    // A stop word with a typo, or a phrasing of one word, then the kinds (both builds: "didn't
    // understand").
    ['en', 'hi', 'unsub promos', 'special offers'],
    ['en', 'hi', 'stpo the promos', 'special offers'],
    ['en', 'hi', 'opt me out of marketing', 'special offers'],
    ['en', 'hi', 'i need you to stop sending me codes', 'login codes'],
    ['en', 'hi', 'I really want you to stop the codes', 'login codes'],
    // Wishes that kinds not keep coming, and "never again" in Spanish (left from the last rounds,
    // both builds: "didn't understand").
    ['en', 'hi', 'i dont want the promos to keep coming', 'special offers'],
    [
      'en',
      'hi',
      'i dont want the codes or the promos to keep coming',
      'login codes and special offers',
    ],
    ['en', 'hi', 'we no longer want the order updates to continue, thanks', 'order updates'],
    ['es', 'hola', 'no quiero que sigan llegando las ofertas', 'ofertas especiales'],
    ['es', 'hola', 'no quiero que las ofertas sigan llegando', 'ofertas especiales'],
    [
      'es',
      'hola',
      'no quiero que me sigan llegando los códigos ni las ofertas',
      'códigos de acceso y ofertas especiales',
    ],
    ['es', 'hola', 'nunca más quiero ofertas', 'ofertas especiales'],
    ['pt', 'oi', 'não quero que as promoções continuem chegando', 'ofertas especiais'],
    ['pt', 'oi', 'não quero que continuem chegando códigos', 'códigos de acesso'],
    // The kinds in the middle, or of no built-in word ("códigos"): read as "quiero parar …"
    // (left from this round's testers, both builds: "didn't understand").
    ['pt', 'oi', 'nao quero que os codigos continuem chegando', 'códigos de acesso'],
    ['es', 'hola', 'no quiero que los códigos sigan llegando gracias', 'códigos de acceso'],
    ['es', 'hola', 'nunca más quiero códigos', 'códigos de acceso'],
    ['es', 'hola', 'nunca más quiero ofertas ni códigos', 'códigos de acceso y ofertas especiales'],
    ['es', 'hola', 'no quiero nunca más ofertas', 'ofertas especiales'],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop %s alone', offersToStop);
});

// A tester's, both builds: a wish that the kinds not stop was offered to stop them.
it.each([
  ['en', 'hi', 'i dont want the promos to stop'],
  // With "we", softened, or "to stop coming" (this round's testers', both builds: offered).
  ['en', 'hi', 'we dont want the promos to stop'],
  ['en', 'hi', 'i wouldnt want the promos to stop'],
  ['en', 'hi', 'i dont want the promos to stop coming'],
  ['en', 'hi', "we don't want to stop the codes"],
  ['pt', 'oi', 'n quero parar nada obg'],
  ['pt', 'oi', 'nao quero parar as promocoes nao'],
  ['es', 'hola', 'no quiero parar nada jaja'],
  ['es', 'hola', 'no quiero parar nada quiero devolver un pedido'],
  ['en', 'hi', 'i dont want the codes and promos to stop'],
  // With more after it (a fifth tester's: "stop getting order updates?" for the first, once
  // "delivery notifications" named them; the others in both builds).
  ['en', 'hi', 'i do not want delivery notifications to stop anymore'],
  ['en', 'hi', 'i dont want the delivery notifications to stop, they are useful'],
  ['en', 'hi', "i don't want the codes to stop, i need them"],
  ['en', 'hi', 'i dont want the order updates to stop please'],
  // "alot" is no typo of the Spanish "alto" for an English customer (the fifth tester's: a stop
  // of the offers offered, in Spanish).
  ['en', 'hi', 'alot of promos'],
  // Nothing to stop, or kinds not to stop in Spanish and Portuguese (left from the last rounds,
  // both builds: whether to stop everything). "no quiero que me quiten las ofertas" stays so.
  ['en', 'hi', 'i dont want anything to stop'],
  ['en', 'hi', 'i want nothing to stop'],
  // With thanks or "please" after it (the second tester's, both builds: whether to stop everything).
  ['es', 'hola', 'no quiero parar nada gracias'],
  ['es', 'hola', 'no quiero parar los codigos porfa'],
  ['pt', 'oi', 'nao quero parar nada por enquanto'],
  ['en', 'hi', 'i want nothing to stop thx'],
  ['es', 'hola', 'no quiero parar nada gracias 😊'],
  // Then the customer's own order (the fifth tester's: a stop of the order updates offered, for a
  // moment; before, whether to stop everything).
  ['es', 'hola', 'no quiero parar nada, solo cancelar mi pedido'],
  ['pt', 'oi', 'não quero parar nada, só cancelar meu pedido'],
  ['en', 'hi', 'i want nothing to stop, only cancel my order thx'],
  // Or "an order", one of them (left from the last rounds, both builds: whether to stop
  // everything).
  ['es', 'hola', 'no quiero parar nada, quiero devolver un pedido'],
  ['pt', 'oi', 'não quero parar nada, quero trocar um pedido'],
  ['en', 'hi', 'i dont want anything to stop, i want to return an order'],
  // What follows names no kind to stop (the third tester's: a stop of the kinds named, or of the
  // rest, for a moment).
  ['es', 'hola', 'no quiero cancelar nada, solo saber donde esta mi pedido'],
  ['pt', 'oi', 'nao quero cancelar nada obg, so queria saber do pedido'],
  ['es', 'hola', 'no quiero parar las ofertas, el resto si quiero recibirlo'],
  ['es', 'hola', 'no quiero parar las ofertas, los pedidos tambien los quiero si'],
  ['en', 'hi', 'i dont want the codes to stop, the rest yes i want them too'],
  ['es', 'hola', 'no quiero parar los códigos'],
  ['es', 'hola', 'no quiero parar nada'],
  ['pt', 'oi', 'não quero parar os códigos'],
  ['es', 'hola', 'no quiero que me quiten las ofertas'],
  // The wish not to stop with "we", or softened (left from the last rounds, both builds: a stop of
  // the offers offered; the Portuguese was read so already).
  ['es', 'hola', 'no quisiera que paren las ofertas'],
  ['es', 'hola', 'no queremos que paren las ofertas'],
  ['pt', 'oi', 'não queremos que parem as promoções'],
] as const)('%s: "%s", yes to all, then "%s" offers to stop nothing', offersNothing);

// "tira" is Portuguese ("tira os códigos"): a Spanish customer's "tira los codigos" got the stop
// in Portuguese (the second tester's, for a moment); it stays not understood, in Spanish.
it.each(['tira los codigos porfa', 'tira las ofertas porfa'])(
  'es: "hola", yes to all, then "%s" is answered in Spanish, nothing offered',
  async (said) => {
    const customer = await optedIn('es', 'hola');
    const texts = (await customer.answerTo(said)).map((m) => m.text);
    expect(stopsOffered('pt', texts)).toEqual([]);
    expect(texts[0]).toMatch(/no te he entendido/u);
  },
);

// Of the messages as a whole: a stop of everything, asked in Spanish as "que paren los mensajes"
// is (left from the last rounds, both builds: "didn't understand").
it('en: "hi", yes to all, then "i dont want the messages to keep coming" opts out', async () => {
  const customer = await optedIn('en', 'hi');
  await customer.answerTo('i dont want the messages to keep coming');
  expect((await customer.contact()).consent.status).toBe('opted_out');
});
it.each([
  ['es', 'hola', 'no quiero que sigan llegando los mensajes'],
  ['es', 'hola', 'no quiero que los mensajes sigan llegando'],
] as const)('%s: "%s", yes to all, then "%s" asks whether to stop everything', asksToStopAll);
