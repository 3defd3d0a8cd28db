import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { ASKS_TO_STOP, OPTED_OUT, QUESTION, YES_ALL } from '../../support/shipped-replies.js';
import { newCustomers, webhookCustomer } from '../../support/webhook-customer.js';

/**
 * Wishes to stop as a tester typed them in Mexico, Spain, Brazil and Portugal, through signed
 * webhooks: shorthands ("ya n quiero mensajes", "no quiero q me manden mensajes", "n quero mais
 * mensagens"), "vosotros" forms ("no me escribáis más", "borradme de la lista"), Portugal's
 * "se faz favor" and "deixem de", "tira meu número". Before, every one of them got "didn't
 * understand" (or the question alone) and the customer stayed opted in. And what a second
 * tester found these words must not do: take ordinary talk for a wish to stop.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { phoneOf, optedIn } = newCustomers(() => t, 4);

describe('a wish to stop typed in shorthand or regional forms', () => {
  it.each([
    ['es', 'hola', 'no me escribais mas porfa'],
    ['es', 'hola', 'no me mandéis más mensajes'],
    ['es', 'hola', 'borradme de la lista'],
    ['es', 'hola', 'bajame de la lista'],
    ['es', 'hola', 'ya n quiero mensajes'],
    ['es', 'hola', 'ya no kiero mensajes'],
    ['es', 'hola', 'no quiero q me manden mensajes'],
    ['es', 'hola', 'baja x favor'],
    ['pt', 'oi', 'n quero mais mensagens'],
    ['pt', 'oi', 'para com isso'],
    ['pt', 'oi', 'me descadastra'],
    ['pt', 'oi', 'sair da lista'],
    ['pt', 'oi', 'tira meu numero'],
    ['pt', 'olá', 'pare se faz favor'],
    ['pt', 'olá', 'Deixem de me mandar mensagens sff'],
    ['pt', 'olá', 'Pare de me enviar mensagens se faz favor'],
    ['en', 'hi', 'pls dont txt me'],
    ['en', 'hi', 'stop txting me'],
    // A third tester's.
    ['es', 'hola', 'no me manden msgs'],
    ['es', 'hola', 'borrad mi numero de vuestra lista'],
    ['es', 'hola', 'no quiero recibir nada mas de vosotros'],
    ['es', 'hola', 'podrian dejar de mandarme mensajes porfa'],
    ['es', 'hola', 'q ya no me escriban!!!'],
    ['es', 'hola', 'ya no quiero ser contactado'],
    ['es', 'hola', 'no me vuelvan a escribir'],
    ['es', 'hola', 'ya no me manden whats'],
    ['pt', 'olá', 'cancelem a subscrição'],
    ['pt', 'olá', 'retirem-me da lista'],
    ['pt', 'olá', 'não quero as vossas mensagens'],
    ['pt', 'olá', 'deixem-me em paz com as mensagens'],
    ['pt', 'oi', 'quero sair da lista de vcs'],
    ['en', 'hi', 'no more txts'],
    // (Session 48: "at all" after it; "didn't understand", or whether to stop everything.)
    ['en', 'hi', 'i dont want any messages at all'],
    ['en', 'hi', 'no more messages at all'],
    ['en', 'hi', 'i want out of this list'],
    ['pt', 'oi', 'para já de mandar mensagem'],
    // A fourth tester's: "msg" is Portuguese too (the reply came in Spanish).
    ['pt', 'oi', 'para de mandar msg'],
    ['pt', 'oi', 'quero cancelar as mensagens'],
    ['pt', 'oi', 'chega de mensagens de vcs'],
    ['pt', 'oi', 'não aguento mais mensagem de vcs'],
    ['es', 'hola', 'estop'],
    ['es', 'hola', 'ya no molesten'],
    ['es', 'hola', 'ya párenle con los mensajes'],
    ['es', 'hola', 'ya no m manden mensajes plis'],
    ['es', 'hola', 'vaja'],
    // BAJA with its first a left out.
    ['es', 'hola', 'bja'],
    // A sixth tester's: "didn't understand", and still opted in.
    ['es', 'hola', 'nunca mas me escriban'],
    ['es', 'hola', 'desuscribanme'],
    ['pt', 'oi', 'nunca mais me mandem mensagem'],
    ['pt', 'olá', 'parem lá com as mensagens'],
    // Two later testers': indirect wishes to stop.
    ['es', 'hola', 'ya no me interesa nada de ustedes'],
    ['es', 'hola', 'si ya no me manden nada'],
    ['es', 'hola', 'ALTO'],
    ['pt', 'oi', 'me tiram dessa lista'],
    ['en', 'hi', 'enough with the messages'],
  ] as const)('%s: "%s", yes to all, then "%s" opts out', async (lang, hello, stop) => {
    const customer = await optedIn(lang, hello);
    const answered = await customer.answerTo(stop);
    expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });

  it.each([
    ['es', 'hola', 'ya no me interesa recibir mensajes', 'sí'],
    ['es', 'hola', 'no gracias ya no quiero recibir nada de ustedes', 'sí'],
    ['es', 'hola', 'como me doy de baja?', 'sí'],
    ['pt', 'olá', 'podem deixar de me enviar mensagens?', 'sim'],
    // Offers and all messages named together: not just the offers.
    ['es', 'hola', 'ya no quiero recibir promociones ni mensajes', 'sí'],
    ['en', 'hi', 'stop sending me promos and messages', 'yes'],
    ['pt', 'oi', 'chega de propaganda e mensagem', 'sim'],
    // Yes to the question as people say it.
    ['en', 'hi', 'can u stop texting me', 'yes please stop'],
    ['es', 'hola', 'me pueden dar de baja porfa', 'si, ya no quiero'],
    ['pt', 'oi', 'podem parar de me mandar mensagem?', 'sim, pode parar'],
    ['pt', 'oi', 'Não, parar', 'isso'],
    ['pt', 'oi', 'sai fora', 'sim'],
    ['pt', 'oi', 'não enche', 'sim'],
    ['pt', 'oi', 'para de me encher o saco', 'sim'],
    // Blocking the business: most likely the messages; the bot asks before the customer does.
    ['pt', 'oi', 'vou bloquear vcs', 'sim'],
    ['pt', 'oi', 'vou bloquear esse número', 'sim'],
    ['es', 'hola', 'los voy a bloquear', 'sí'],
    ['es', 'hola', 'voy a bloquear este numero', 'sí'],
    ['en', 'hi', "i'm going to block you", 'yes'],
    ['en', 'hi', 'blocking this number', 'yes'],
    // The same as a condition (a tester's).
    ['en', 'hi', 'I will block you if you keep texting me', 'yes'],
    ['pt', 'oi', 'se mandarem mais mensagem eu bloqueio esse número', 'sim'],
    ['es', 'hola', 'los bloqueo si siguen', 'sí'],
    // "nomás mensajes" is "no more messages" run together, or "only messages": asked.
    ['es', 'hola', 'ya nomas mensajes porfa', 'sí'],
    // A sixth tester's: "didn't understand". Without "messages" they may be about an order or
    // the app ("o app não manda mais o código"): asked.
    ['pt', 'oi', 'nao enviem mais', 'sim'],
    ['pt', 'oi', 'cancela tudo', 'sim'],
    // Two later testers': complaints, and "who gave you my number?".
    ['es', 'hola', 'estoy harto de tantos mensajes', 'sí'],
    ['es', 'hola', '¿quién te dio mi número?', 'sí'],
    ['es', 'hola', 'número equivocado', 'sí'],
    ['es', 'hola', 'yo nunca me suscribí a esto', 'sí'],
    ['es', 'hola', 'q pesados, ya', 'sí'],
    ['pt', 'oi', 'tô cansado de tanta mensagem', 'sim'],
    ['pt', 'oi', 'to de saco cheio dessas msgs', 'sim'],
    ['pt', 'oi', 'quem te passou meu número?', 'sim'],
    ['pt', 'oi', 'número errado', 'sim'],
    ['pt', 'oi', 'pq vcs ficam me mandando mensagem?', 'sim'],
    ['pt', 'oi', 'não tenho mais interesse', 'sim'],
    ['pt', 'oi', 'sai', 'sim'],
    ['en', 'hi', 'you guys text way too much', 'yes'],
    ['en', 'hi', 'who gave you my number', 'yes'],
    ['en', 'hi', "i'm sick of the messages", 'yes'],
    ['en', 'hi', 'why do u keep messaging me', 'yes'],
    ['en', 'hi', 'i never signed up for this', 'yes'],
    ['en', 'hi', 'wrong number', 'yes'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" asks whether to stop; "%s" stops',
    async (lang, hello, wish, yes) => {
      const customer = await optedIn(lang, hello);
      const answered = await customer.answerTo(wish);
      expect(answered.at(-1)?.text).toMatch(ASKS_TO_STOP[lang]);
      const stopped = await customer.answerTo(yes);
      expect(stopped.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
      expect((await customer.contact()).consent.status).toBe('opted_out');
    },
  );

  // Portugal's "for now", or a Brazilian's "stop now!": asked, and a no keeps the messages.
  it.each(['Obrigado, para já', 'Para já!'])(
    'pt: "olá", yes to all, then "%s" asks whether to stop; "Não" keeps them',
    async (words) => {
      const customer = await optedIn('pt', 'olá');
      const answered = await customer.answerTo(words);
      expect(answered.at(-1)?.text).toMatch(ASKS_TO_STOP.pt);
      await customer.say('Não');
      expect((await customer.contact()).consent.status).toBe('opted_in');
    },
  );

  it.each([
    ['es', 'hola', 'sin promos porfa'],
    ['es', 'hola', 'paso de vuestras ofertas'],
    ['pt', 'oi', 'n quero promo'],
    ['pt', 'oi', 'tira as promoções'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" offers to stop just the offers',
    async (lang, hello, words) => {
      const customer = await optedIn(lang, hello);
      const answered = await customer.answerTo(words);
      expect(answered.at(-1)?.text).toMatch(
        {
          es: /^¿Quieres dejar de recibir ofertas especiales/,
          pt: /^Você quer deixar de receber ofertas especiais/,
        }[lang],
      );
    },
  );

  it.each([
    ['es', 'hola', 'no', 's'],
    ['pt', 'oi', 'não', 'ss'],
  ] as const)(
    '%s: "%s", yes to all, "%s", then "%s" to "do you want to stop?" stops',
    async (lang, hello, no, yes) => {
      const customer = await optedIn(lang, hello);
      expect((await customer.answerTo(no)).at(-1)?.text).toMatch(ASKS_TO_STOP[lang]);
      const stopped = await customer.answerTo(yes);
      expect(stopped.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
    },
  );

  it('"no promo stuff pls" offers to stop just the special offers', async () => {
    const customer = await optedIn('en', 'hi');
    const answered = await customer.answerTo('no promo stuff pls');
    expect(answered.at(-1)?.text).toMatch(/^Do you want to stop getting special offers/);
  });
});

describe('ordinary talk that the same words must not turn into a stop', () => {
  it.each([
    ['pt', 'oi', 'Tb chega?'],
    ['pt', 'oi', 'Pra já!'],
    ['pt', 'oi', 'Afinal, cancela'],
    ['es', 'hola', 'Mejor cancelar'],
    ['es', 'hola', '¿Para siempre?'],
    // "No me envían" says what the business does ("they send me nothing"), not what it must not.
    ['es', 'hola', 'No me envían nada'],
    ['es', 'hola', 'Ya pagué y no me envían nada'],
    ['es', 'hola', '¿Por qué no me envían los avisos de mi pedido?'],
    ['es', 'hola', '¿n mandan avisos?'],
    ['es', 'hola', '¿Ya no me mandan nada?'],
    ['en', 'hi', 'i dont want this stuff anymore'],
    ['en', 'hi', 'i dont like this stuff'],
    // A fourth tester's: a calendar's "baja" and a call are not WhatsApp messages.
    ['es', 'hola', 'me doy de baja del gimnasio, quiero devolver la cinta'],
    ['es', 'hola', 'me doy de baja en el trabajo la semana que viene'],
    ['pt', 'oi', 'podem deixar de me ligar? prefiro por aqui'],
    // Blocking a card, and Mexico's "nomás" (just): not the messages.
    ['es', 'hola', 'quiero bloquear mi tarjeta'],
    ['pt', 'oi', 'como bloquear meu cartão?'],
    ['en', 'hi', 'how do i block my card'],
    ['es', 'hola', 'nomás quiero saber dónde está mi pedido'],
    // Found by a reviewer: blocking "it" (a card, a line), with no word of whom.
    ['es', 'hola', 'la voy a bloquear'],
    ['pt', 'oi', 'vou bloquear o número'],
    ['en', 'hi', 'block this'],
    ['pt', 'oi', 'se mandar o cartão eu bloqueio'],
    // Beside the sixth tester's stops: talk about the app, and "never again" about something else.
    ['pt', 'oi', 'o app não manda mais o código'],
    ['es', 'hola', 'nunca más compro aquí si no llega mi pedido'],
  ] as const)('%s: "%s", yes to all, then "%s" changes nothing', async (lang, hello, said) => {
    const customer = await optedIn(lang, hello);
    const answered = await customer.answerTo(said);
    expect(answered.map((m) => m.text).join('\n')).not.toMatch(OPTED_OUT[lang]);
    expect(answered.map((m) => m.text).join('\n')).not.toMatch(ASKS_TO_STOP[lang]);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });

  // A tester's: asking NOT to stop offered to stop the very kinds named.
  it.each([
    ['en', 'hi', "please don't stop sending me order updates"],
    ['en', 'hi', 'dont stop the offers'],
    ['es', 'hola', 'no dejen de mandarme los avisos de pedidos'],
    ['pt', 'oi', 'não parem de mandar as ofertas'],
    // The second round of testers: the same in other words.
    ['en', 'hi', "i don't want to stop the order updates"],
    ['es', 'hola', 'no quiero dejar de recibir los avisos'],
    ['es', 'hola', 'no me dejen de mandar los avisos'],
    ['es', 'hola', 'sigan mandando los avisos de pedidos'],
    ['pt', 'oi', 'não quero parar de receber os avisos'],
    ['pt', 'oi', 'não deixem de me mandar os avisos'],
    ['es', 'hola', 'no me interesa'],
    ['en', 'hi', 'not interested'],
    // Asking not to be unsubscribed (before: "do you want to stop?").
    ['en', 'hi', "please don't unsubscribe me"],
    ['en', 'hi', "i don't want to unsubscribe"],
    ['es', 'hola', 'no quiero darme de baja'],
    ['es', 'hola', 'no me den de baja porfa'],
    ['pt', 'oi', 'não quero me descadastrar'],
    ['pt', 'oi', 'não me tirem da lista'],
    // A second tester's: more words, or more said after them (before: "stop everything?", or
    // the kind they like offered to stop).
    ['en', 'hi', "no wait, don't unsubscribe me!"],
    ['en', 'hi', 'dont take me off the list'],
    ['en', 'hi', 'noo i didnt mean to unsubscribe'],
    ['en', 'hi', "don't remove me from the list, i love the deals"],
    ['en', 'hi', "please don't take me off the list, i like the order updates"],
    ['es', 'hola', 'no quiero que me den de baja'],
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

  // Right after the STOP was confirmed, asking to stay subscribed takes it back (a tester's:
  // "didn't understand", and no word of START): the question again, as with START, and nothing
  // recorded until it is answered.
  it.each([
    ['en', 'hi', 'STOP', "no wait, don't unsubscribe me!"],
    ['es', 'hola', 'BAJA', 'no no me den de baja'],
    ['pt', 'oi', 'PARAR', 'não me tirem da lista'],
    // Session 30: more words for it ("didn't understand", or "stop everything?" again).
    ['en', 'hi', 'STOP', 'noo dont remove me'],
    ['en', 'hi', 'STOP', 'nooo dont unsubscribe me'],
    ['en', 'hi', 'STOP', 'i didnt mean to stop'],
    ['es', 'hola', 'BAJA', 'perdon no queria cancelar'],
    ['pt', 'oi', 'PARAR', 'ops nao quis cancelar'],
    ['pt', 'oi', 'PARAR', 'não espera, não me descadastra'],
  ] as const)(
    '%s: "%s", yes to all, "%s", then "%s" shows the question again',
    async (lang, hello, stop, said) => {
      const customer = await optedIn(lang, hello);
      await customer.say(stop);
      const answered = await customer.answerTo(said);
      expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(QUESTION[lang])]);
      expect((await customer.contact()).consent.status).toBe('opted_out');
      await customer.say(YES_ALL[lang]);
      expect((await customer.contact()).consent.status).toBe('opted_in');
    },
  );

  it('a STOP is taken back only right after it is confirmed: after thanks, nothing is shown', async () => {
    const customer = await optedIn('en', 'hi');
    await customer.say('STOP');
    await customer.say('thanks');
    const answered = await customer.answerTo("please don't unsubscribe me");
    expect(answered.map((m) => m.text).join('\n')).not.toMatch(QUESTION.en);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });

  // Asked as a question, or "no más" (in Mexico "that's all"): the bot asks, it does not stop.
  it.each([
    ['es', 'hola', 'Gracias, n más'],
    ['es', 'hola', 'No más, gracias'],
    ['pt', 'oi', 'N manda msg?'],
    ['pt', 'oi', 'Chega agora?'],
    ['en', 'hi', 'no more updates?'],
    ['en', 'hi', 'seriously no more updates??'],
    ['en', 'hi', 'no more, thanks'],
    ['en', 'hi', 'cancel my membership'],
    // "They keep sending me messages": a complaint (asking not to stop would be "no paren de").
    ['es', 'hola', 'no paran de mandarme mensajes'],
    ['pt', 'oi', 'vocês não param de mandar mensagem'],
    // "Nothing (more)": after an answer it is "that's all, thanks" (a tester found it opted out
    // at once, even with an opener, and during a hand-over); it may be the messages, so the bot
    // asks.
    ['es', 'hola', 'no quiero nada'],
    ['pt', 'oi', 'não quero nada'],
    ['es', 'hola', 'no quiero nada más, gracias'],
    ['es', 'hola', 'la neta no quiero nada más, gracias'],
    ['pt', 'oi', 'na verdade não quero mais nada, obrigado'],
    // After a wish to keep on, a stop still counts (it asks).
    ['en', 'hi', "don't stop sending me stuff. wait no. STOP"],
  ] as const)('%s: "%s", yes to all, then "%s" asks whether to stop', async (lang, hello, said) => {
    const customer = await optedIn(lang, hello);
    const answered = await customer.answerTo(said);
    expect(answered.at(-1)?.text).toMatch(ASKS_TO_STOP[lang]);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });

  it.each([
    ['en', 'hi', 'STOP?'],
    ['es', 'hola', 'baja?'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" is still the opt-out word',
    async (lang, hello, said) => {
      const customer = await optedIn(lang, hello);
      const answered = await customer.answerTo(said);
      expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
    },
  );
});

describe('what else a tester typed', () => {
  it('START from a Spanish-speaking customer is answered in Spanish (it was in English)', async () => {
    const customer = await optedIn('es', 'hola');
    await customer.say('baja');
    const answered = await customer.answerTo('start');
    expect(answered.at(-1)?.text).toMatch(/^¡Hola! ¿Quieres recibir/);
  });

  it('START from a Portuguese-speaking customer is answered in Portuguese', async () => {
    const customer = await optedIn('pt', 'olá');
    await customer.say('stop');
    const answered = await customer.answerTo('START');
    expect(answered.at(-1)?.text).toMatch(/^Olá! Você quer receber/);
  });

  it.each([
    ['es', 'hola', 'no grax', 'declined'],
    ['es', 'hola', 'claro q si', 'opted_in'],
    ['es', 'hola', 'siempre no', 'declined'],
    ['es', 'hola', 'mejor no', 'declined'],
    ['pt', 'oi', 'melhor não', 'declined'],
    ['pt', 'oi', 'nao obg', 'declined'],
    ['pt', 'oi', 'claro q sim', 'opted_in'],
  ] as const)(
    '%s: "%s", then "%s" answers the question: %s',
    async (lang, hello, answer, status) => {
      const customer = webhookCustomer(t, phoneOf(lang));
      await customer.say(hello);
      await customer.say(answer);
      expect((await customer.contact()).consent.status).toBe(status);
    },
  );
});

// A sentence that may mean stop and asks something the menu answers: the question went
// unanswered (carried over from earlier sessions).
describe('a sentence that may mean stop, with a request beside it', () => {
  it.each([
    ['en', 'hi', 'STOP. and where is my order?', 'yes'],
    ['es', 'hola', 'basta ya, y donde esta mi pedido?', 'sí'],
  ] as const)(
    '%s: "%s", yes to all, then "%s" answers it and asks whether to stop; "%s" stops',
    async (lang, hello, both, yes) => {
      const customer = await optedIn(lang, hello);
      const replies = await customer.answerTo(both);
      expect(replies.map((m) => m.text)).toEqual([
        expect.stringContaining('brightwood.example/track'),
        expect.stringMatching(ASKS_TO_STOP[lang]),
      ]);
      expect((await customer.contact()).consent.status).toBe('opted_in');
      await customer.say(yes);
      expect((await customer.contact()).consent.status).toBe('opted_out');
    },
  );
});

// Later testers': wishes to stop the offers in few words got "didn't understand". "this is
// spam": most likely the marketing, with "stop everything" one tap away.
describe('a wish to stop the offers in few words', () => {
  it.each([
    ['en', 'hi', 'this is spam'],
    ['es', 'hola', 'esto es spam'],
    ['pt', 'oi', 'isso é spam'],
    ['es', 'hola', 'ofertas no'],
    ['es', 'hola', 'nada de publicidad'],
    ['es', 'hola', 'quiten la publicidad'],
    ['es', 'hola', 'me mandan demasiadas ofertas'],
    ['pt', 'oi', 'promoção não'],
    ['pt', 'oi', 'ofertas não, obrigado'],
    ['pt', 'oi', 'vcs mandam muita promoção'],
  ] as const)('%s: "%s", yes to all, then "%s" offers to stop them', async (lang, hello, wish) => {
    const customer = await optedIn(lang, hello);
    const asked = await customer.answerTo(wish);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.buttons.map((b) => b.id)).toEqual([
      'stop.some.these',
      'stop.some.all',
      'stop.some.no',
    ]);
  });
});
