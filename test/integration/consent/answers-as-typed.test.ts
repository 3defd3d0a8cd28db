import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import {
  ASKED_AGAIN,
  ASKS_TO_STOP,
  OPTED_OUT,
  QUESTION,
  STOP_CANCELLED,
  YES_ALL,
} from '../../support/shipped-replies.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * Answers a sixth tester typed and the bot lost, through signed webhooks: a yes or no with a
 * letter held ("siii", "naaah") to the opt-in question; "obvio", "q si", "eso" to "do you want
 * to stop?"; "tudo", "mejor todo", "everything" to "stop just those?", where the customer stayed
 * opted in to the offers they had asked to stop.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { after: customerAfter } = newCustomers(() => t, 5);

describe('a yes or no as people type it, to the question', () => {
  it.each([
    ['es', 'hola', 'siii', 'opted_in'],
    ['en', 'hi', 'yesss', 'opted_in'],
    ['pt', 'oi', 'simmm', 'opted_in'],
    ['es', 'hola', 'nooo', 'declined'],
    ['en', 'hi', 'naaah', 'declined'],
    // A doubled letter in a plain yes, and Spanish "nop" (a final tester's).
    ['es', 'hola', 'sii', 'opted_in'],
    ['pt', 'oi', 'simm', 'opted_in'],
    ['en', 'hi', 'yess', 'opted_in'],
    ['es', 'hola', 'nop', 'declined'],
    // Yes and no words of the shipped flow a tester typed (an "obvio" twice ended in "didn't
    // understand": a go-ahead shows the question again only as often as a window allows).
    ['es', 'hola', 'obvio', 'opted_in'],
    ['es', 'hola', 'que sí', 'opted_in'],
    ['pt', 'oi', 'óbvio', 'opted_in'],
    ['en', 'hi', 'obviously', 'opted_in'],
    ['en', 'hi', 'no way', 'declined'],
    ['en', 'hi', 'of course not', 'declined'],
    // Whole answers a seventh tester typed that got "didn't understand" (the question then no
    // longer the latest message): yes and no words of the shipped flow since.
    ['es', 'hola', 'Sí, quiero', 'opted_in'],
    ['es', 'hola', 'si quiero!', 'opted_in'],
    ['es', 'hola', 'por qué no', 'opted_in'],
    ['es', 'hola', 'ándale', 'opted_in'],
    ['pt', 'oi', 'sim, quero', 'opted_in'],
    ['pt', 'oi', 'tô dentro', 'opted_in'],
    ['pt', 'oi', 'pode sim', 'opted_in'],
    ['en', 'hi', 'sure thing', 'opted_in'],
    ['en', 'hi', 'why not', 'opted_in'],
    ['es', 'hola', 'ni loca', 'declined'],
    ['es', 'hola', 'para nada', 'declined'],
    ['es', 'hola', 'no quiero', 'declined'],
    ['es', 'hola', 'Por ahora no', 'declined'],
    ['pt', 'oi', 'Nem pensar!', 'declined'],
    ['pt', 'oi', 'não quero', 'declined'],
    ['pt', 'oi', 'de jeito nenhum', 'declined'],
    ['en', 'hi', "No, I'm good", 'declined'],
    ['en', 'hi', 'nah im good', 'declined'],
    ['en', 'hi', 'maybe later', 'declined'],
    // Two testers' yeses and noes that got "didn't understand" (words of the shipped flow since).
    ['es', 'hola', 'vale, sí', 'opted_in'],
    ['es', 'hola', 'dale si', 'opted_in'],
    ['es', 'hola', 'acepto', 'opted_in'],
    ['pt', 'oi', 'sim, aceito', 'opted_in'],
    ['pt', 'oi', 'claro que quero', 'opted_in'],
    ['en', 'hi', 'yup go ahead', 'opted_in'],
    ['es', 'hola', 'claro q no', 'declined'],
    ['es', 'hola', 'nunca', 'declined'],
    ['es', 'hola', 'paso', 'declined'],
    ['pt', 'oi', 'quero não', 'declined'],
    ['en', 'hi', 'pass', 'declined'],
    ['en', 'hi', "I'll pass", 'declined'],
    // A later tester's, all "didn't understand" before.
    // A button title with "please" or thanks after it, and "yes to all" in the customer's words
    // (a fifth tester's of session 43, both builds: "didn't understand", and "yes all of them
    // thanks" only "You're welcome!").
    ['en', 'hi', 'yes, all of them please', 'opted_in'],
    ['en', 'hi', 'yes all of them thanks', 'opted_in'],
    ['es', 'hola', 'sí, todos por favor', 'opted_in'],
    ['pt', 'oi', 'sim, todas por favor', 'opted_in'],
    ['en', 'hi', 'no, thanks please', 'declined'],
    ['en', 'hi', 'yes to all', 'opted_in'],
    ['en', 'hi', 'yes all', 'opted_in'],
    ['es', 'hola', 'sí a todo', 'opted_in'],
    ['pt', 'oi', 'sim pra tudo', 'opted_in'],
    ['en', 'hi', 'not rn', 'declined'],
    ['en', 'hi', 'im good thanks', 'declined'],
    ['en', 'hi', 'none of them thx', 'declined'],
    // A no to every kind (session 47: "didn't understand" and the menu; while choosing, these
    // were already a no to every kind left).
    ['en', 'hi', 'no to all', 'declined'],
    ['en', 'hi', 'no thanks to all', 'declined'],
    ['en', 'hi', 'no to everything', 'declined'],
    ['es', 'hola', 'no gracias a todos', 'declined'],
    ['es', 'hola', 'ninguno', 'declined'],
    ['pt', 'oi', 'não obrigado a todas', 'declined'],
    ['pt', 'oi', 'nenhuma', 'declined'],
    ['en', 'hi', 'no thank you to all', 'declined'],
    ['es', 'hola', 'no a ninguno', 'declined'],
    // A letter, a thumbs-down, Mexico's "sale sí", Brazil's "nem" (a tester's, session 47:
    // "didn't understand"). A Spaniard's "y" is "and": no yes. (Mexico's "simón" stays none:
    // "Simon" is a name, see asks-to-receive.test.ts.)
    ['en', 'hi', 'y', 'opted_in'],
    ['en', 'hi', 'yea', 'opted_in'],
    // (Session 48: "didn't understand".)
    ['en', 'hi', 'yea sure', 'opted_in'],
    ['en', 'hi', '👎', 'declined'],
    ['es', 'hola', 'sale sí', 'opted_in'],
    ['es', 'hola', 'y', 'unknown'],
    ['es', 'hola', 'n', 'declined'],
    ['pt', 'oi', 'nem', 'declined'],
    ['en', 'hi', 'yeah nah', 'declined'],
    ['en', 'hi', 'go on then', 'opted_in'],
    ['pt', 'oi', 'n', 'declined'],
    ['pt', 'oi', 'naum', 'declined'],
    ['pt', 'oi', 'depois', 'declined'],
    // A yes with a sign that takes it back or doubts it is no consent (a seventh tester's: the
    // word was read alone, and the customer opted in to everything).
    ['en', 'hi', 'yes 👎', 'unknown'],
    ['en', 'hi', 'yes ❌', 'unknown'],
    ['en', 'hi', 'sure... 🙄', 'unknown'],
    ['en', 'hi', 'yeah 🤮', 'unknown'],
    ['en', 'hi', 'yes 🤔', 'unknown'],
    ['pt', 'oi', 'sim 🙄', 'unknown'],
    ['es', 'hola', 'sí 😒', 'unknown'],
    // …but a no with one is still a no, and a yes with a friendly one still a yes.
    ['en', 'hi', 'no 👎', 'declined'],
    ['en', 'hi', 'yes pls 🙏', 'opted_in'],
    ['pt', 'oi', 'sim 😊', 'opted_in'],
    // A drawn-out "claaaro" or "suuure" is as often sarcasm: shown the question again, no yes.
    ['es', 'hola', 'claaaro 🙄', 'unknown'],
    ['en', 'hi', 'yeahhh suuure', 'unknown'],
  ] as const)('%s: "%s", then "%s" leaves the customer %s', async (lang, hello, answer, status) => {
    const customer = await customerAfter(lang, hello);
    await customer.say(answer);
    expect((await customer.contact()).consent.status).toBe(status);
  });
});

describe('a yes with a sign that doubts it, to the question', () => {
  it.each([
    ['en', 'hi', 'yes 👎', 'yes'],
    ['es', 'hola', 'sí 🙄', 'Sí, quiero'],
    ['pt', 'oi', 'sim 🤮', 'sim'],
  ] as const)(
    '%s: "%s", then "%s" shows the question again; "%s" then opts in',
    async (lang, hello, doubt, yes) => {
      const customer = await customerAfter(lang, hello);
      const again = await customer.answerTo(doubt);
      expect(again.map((m) => m.text)).toEqual([expect.stringMatching(ASKED_AGAIN[lang])]);
      await customer.say(yes);
      expect((await customer.contact()).consent.status).toBe('opted_in');
    },
  );
});

describe('"do you want to stop?" answered as people type', () => {
  it.each([
    ['es', 'hola', 'Dar de baja', 'obvio'],
    ['es', 'hola', 'Dar de baja', 'siii'],
    ['es', 'hola', 'Dar de baja', 'q si'],
    ['es', 'hola', 'Dar de baja', 'eso'],
    ['es', 'hola', 'Dar de baja', 'x favor'],
    ['es', 'hola', 'Dar de baja', 'si, todo'],
    ['pt', 'oi', 'Não, parar', 'obvio'],
    ['en', 'hi', 'No, stop', 'obviously'],
    // A yes, then the stop said again (a seventh tester's: the same question came back each time).
    ['en', 'hi', 'can u stop sending me stuff', 'yes pls stop them'],
    ['en', 'hi', 'can u stop sending me stuff', 'YES STOP THEM ALL'],
    ['pt', 'oi', 'Não, parar', 'sim pode parar tudo'],
  ] as const)('%s: yes to all, "%s", then "%s" opts out', async (lang, hello, wish, yes) => {
    const customer = await customerAfter(lang, hello);
    await customer.say(YES_ALL[lang]);
    await customer.say(wish);
    const answered = await customer.answerTo(yes);
    expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });
});

describe('"do you want to stop?" answered no in whole words', () => {
  // The no words say no to what was offered, here stopping: the customer keeps the messages.
  it.each([
    ['es', 'hola', 'No, parar', 'no quiero'],
    ['es', 'hola', 'No, parar', 'para nada'],
    ['pt', 'oi', 'Não, parar', 'nem pensar'],
    ['en', 'hi', 'No, stop', "no I'm good"],
  ] as const)('%s: yes to all, "%s", then "%s" keeps them', async (lang, hello, wish, no) => {
    const customer = await customerAfter(lang, hello);
    await customer.say(YES_ALL[lang]);
    await customer.say(wish);
    const answered = await customer.answerTo(no);
    expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(STOP_CANCELLED[lang])]);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });
});

describe('"stop just those?" answered with "everything"', () => {
  it.each([
    ['pt', 'oi', 'para de me mandar promoção pfv', 'tudo'],
    ['pt', 'oi', 'para de me mandar promoção pfv', 'tudo pfv'],
    ['es', 'hola', 'ya no quiero promociones', 'mejor todo'],
    ['es', 'hola', 'ya no quiero promociones', 'no, mejor todo'],
    // A final tester's: "stop just the promos" in these words got "didn't understand".
    ['pt', 'oi', 'para só as promoções', 'tudo'],
    ['es', 'hola', 'para las promos', 'todo'],
    ['es', 'hola', 'ya no quiero promociones', 'todo'],
    ['en', 'hi', 'stop sending me promos', 'everything'],
    ['en', 'hi', 'stop sending me promos', 'all'],
    // Two testers': a "no" or a hedge before it got "didn't understand".
    ['es', 'hola', 'no me manden promociones', 'no, mejor para todo'],
    ['en', 'hi', 'stop sending me promos', 'no, everything'],
    ['pt', 'oi', 'não quero promoções', 'não, pode parar tudo'],
  ] as const)(
    '%s: yes to all, "%s", "%s", then "%s" stops everything',
    async (lang, hello, wish, all) => {
      const customer = await customerAfter(lang, hello);
      await customer.say(YES_ALL[lang]);
      await customer.say(wish);
      const answered = await customer.answerTo(all);
      expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(OPTED_OUT[lang])]);
      expect((await customer.contact()).consent.status).toBe('opted_out');
    },
  );
});

describe('a change of mind typed right after the answer', () => {
  // The question's own button title right after a no: an explicit ask, not an "ok".
  it.each([
    ['es', 'hola', 'no', 'Sí, todos', 'sí'],
    ['pt', 'oi', 'não', 'Sim, todas', 'sim'],
    ['en', 'hi', 'no', 'Yes, all of them', 'yes'],
  ] as const)(
    '%s: "%s", "%s", then "%s" shows the question again; "%s" opts in',
    async (lang, hello, no, title, yes) => {
      const customer = await customerAfter(lang, hello);
      await customer.say(no);
      expect((await customer.contact()).consent.status).toBe('declined');
      const again = await customer.answerTo(title);
      expect(again.map((m) => m.text)).toEqual([expect.stringMatching(QUESTION[lang])]);
      await customer.say(yes);
      expect((await customer.contact()).consent.status).toBe('opted_in');
    },
  );

  // A final tester's: "uy no perdón, sí quiero" and "wait, actually yes to all" right after a no
  // got "didn't understand", and the customer stayed declined.
  it.each([
    ['es', 'hola', 'no', 'uy no perdón, sí quiero'],
    ['en', 'hi', 'no thanks', 'wait, actually yes to all'],
    ['pt', 'oi', 'não', 'desculpa, quero sim'],
  ] as const)(
    '%s: "%s", "%s", then "%s" shows the question again',
    async (lang, hello, no, back) => {
      const customer = await customerAfter(lang, hello);
      await customer.say(no);
      const again = await customer.answerTo(back);
      expect(again.map((m) => m.text)).toEqual([expect.stringMatching(QUESTION[lang])]);
    },
  );

  // Two testers': a take-back with hedges or two ways of saying it got "didn't understand", and
  // the customer stayed opted in.
  it.each([
    ['en', 'hi', 'yes', 'actually no i changed my mind'],
    ['en', 'hi', 'yes', 'nvm no'],
    ['es', 'hola', 'sí', 'ay perdón me equivoqué de botón, no quiero'],
    ['pt', 'oi', 'sim', 'ops errei o botão, não quero'],
  ] as const)(
    '%s: "%s", "%s", then "%s" asks whether to stop',
    async (lang, hello, yes, takeBack) => {
      const customer = await customerAfter(lang, hello);
      await customer.say(yes);
      const asked = await customer.answerTo(takeBack);
      expect(asked.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_TO_STOP[lang])]);
    },
  );

  // Not a take-back: another word in it.
  it('en: "hi", "yes", then "no problem" is thanks', async () => {
    const customer = await customerAfter('en', 'hi');
    await customer.say('yes');
    const answered = await customer.answerTo('no problem');
    expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(/^You're welcome!/)]);
  });

  // Argentina's "che no, mejor no" right after a yes takes it back: asked whether to stop.
  it.each(['che no, mejor no', 'no, mejor no', 'nah mejor no'])(
    'es: "hola", "dale", then "%s" asks whether to stop',
    async (takeBack) => {
      const customer = await customerAfter('es', 'hola');
      await customer.say('dale');
      const asked = await customer.answerTo(takeBack);
      expect(asked.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_TO_STOP.es)]);
    },
  );
});

// Two testers': the customer's own words for "just those" or "no, keep them" got "didn't
// understand", and the offers they had asked to stop kept coming. "yeah just the promos" even
// brought the opt-in question back (it reads, alone, as asking for promos).
describe('"stop just those?" answered in the customer\'s own words', () => {
  it.each([
    ['en', 'hi', 'stop sending me promos', 'yeah just the promos'],
    ['en', 'hi', 'stop sending me promos', 'only the offers'],
    ['en', 'hi', 'stop sending me promos', 'the offers only'],
    ['en', 'hi', 'stop sending me promos', 'yes just those'],
    ['en', 'hi', 'stop sending me promos', 'exactly'],
    ['es', 'hola', 'no me manden promociones', 'solo las ofertas'],
    ['es', 'hola', 'no me manden promociones', 'sí, solo las promociones'],
    ['es', 'hola', 'no me manden promociones', 'eso mismo'],
    ['pt', 'oi', 'não quero promoções', 'só as ofertas'],
    ['pt', 'oi', 'não quero promoções', 'sim, só as promoções'],
    ['pt', 'oi', 'não quero promoções', 'isso mesmo'],
  ] as const)(
    '%s: yes to all, "%s", "%s", then "%s" stops the offers alone',
    async (lang, hello, wish, these) => {
      const customer = await customerAfter(lang, hello);
      await customer.say(YES_ALL[lang]);
      await customer.say(wish);
      await customer.say(these);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('opted_in');
      expect(consent.categories).toEqual({ orders: true, account: true, offers: false });
    },
  );

  // A tester's: a question in between dropped "stop just those?", and "just those" then got
  // "didn't understand" (the offers kept coming).
  it.each([
    ['en', 'hi', 'no more promos', 'where is my order', 'just those'],
    ['es', 'hola', 'no me manden promociones', 'donde esta mi pedido', 'solo esas'],
    ['pt', 'oi', 'chega de ofertas', 'cadê meu pedido?', 'só essas'],
  ] as const)(
    '%s: yes to all, "%s", "%s", "%s" (answered, then asked again), then "%s" stops the offers',
    async (lang, hello, wish, request, these) => {
      const customer = await customerAfter(lang, hello);
      await customer.say(YES_ALL[lang]);
      await customer.say(wish);
      const replies = await customer.answerTo(request);
      expect(replies).toHaveLength(2);
      expect(replies[0]?.text).toContain('brightwood.example/track');
      await customer.say(these);
      const { consent } = await customer.contact();
      expect(consent.categories).toEqual({ orders: true, account: true, offers: false });
    },
  );

  it.each([
    ['en', 'hi', 'stop sending me promos', 'nvm'],
    ['pt', 'oi', 'chega de ofertas', 'deixa pra lá'],
    ['es', 'hola', 'no me manden promociones', 'olvídalo'],
    ['en', 'hi', 'stop sending me promos', 'nvm keep them'],
    ['en', 'hi', 'stop sending me promos', 'leave them'],
    ['es', 'hola', 'no me manden promociones', 'ay no, déjalos'],
    ['pt', 'oi', 'não quero promoções', 'ah, deixa quieto'],
  ] as const)(
    '%s: yes to all, "%s", "%s", then "%s" keeps them',
    async (lang, hello, wish, keep) => {
      const customer = await customerAfter(lang, hello);
      await customer.say(YES_ALL[lang]);
      await customer.say(wish);
      const answered = await customer.answerTo(keep);
      expect(answered.map((m) => m.text)).toEqual([expect.stringMatching(STOP_CANCELLED[lang])]);
      expect((await customer.contact()).consent.categories['offers']).toBe(true);
    },
  );

  // Not the kinds being asked about, or not only them: no answer.
  it.each([
    ['en', 'hi', 'stop sending me promos', 'only the order updates'],
    ['en', 'hi', 'stop sending me promos', 'keep the promos'],
  ] as const)(
    '%s: yes to all, "%s", "%s", then "%s" stops nothing',
    async (lang, hello, wish, other) => {
      const customer = await customerAfter(lang, hello);
      await customer.say(YES_ALL[lang]);
      await customer.say(wish);
      await customer.say(other);
      const { consent } = await customer.contact();
      expect(consent.categories).toEqual({ orders: true, account: true, offers: true });
    },
  );
});

describe('"Let me choose" answered in words', () => {
  // Two testers': "no promos" to the question about the offers asked "stop just those?", and the
  // yeses already given to the other kinds were lost.
  it.each([
    ['en', 'hi', 'Let me choose', 'yes', 'no promos'],
    ['es', 'hola', 'Quiero elegir', 'sí', 'sin promociones'],
    ['pt', 'oi', 'Quero escolher', 'sim', 'não quero promoções'],
  ] as const)(
    '%s: "%s", "%s", "%s" twice, then "%s" grants the other two',
    async (lang, hello, choose, yes, noPromos) => {
      const customer = await customerAfter(lang, hello);
      await customer.say(choose);
      await customer.say(yes);
      await customer.say(yes);
      await customer.say(noPromos);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('opted_in');
      expect(consent.categories).toEqual({ orders: true, account: true, offers: false });
    },
  );
});

// Two testers': "only order updates pls" got the order tracking answer and the question was lost;
// "solo los pedidos", "só os pedidos" got "didn't understand".
describe('the question answered with the kinds wanted alone', () => {
  it.each([
    ['en', 'hi', 'only order updates pls', 'yes', { orders: true, account: false, offers: false }],
    ['en', 'hi', 'just the login codes', 'yes', { orders: false, account: true, offers: false }],
    ['es', 'hola', 'solo los pedidos', 'sí', { orders: true, account: false, offers: false }],
    [
      'es',
      'hola',
      'nomás lo de mis pedidos',
      'sí',
      { orders: true, account: false, offers: false },
    ],
    [
      'es',
      'hola',
      'quiero solo los avisos de mis pedidos',
      'sí',
      { orders: true, account: false, offers: false },
    ],
    ['pt', 'oi', 'só os pedidos', 'sim', { orders: true, account: false, offers: false }],
  ] as const)(
    '%s: "%s", then "%s" asks about those alone; "%s" grants them',
    async (lang, hello, only, yes, categories) => {
      const customer = await customerAfter(lang, hello);
      const asked = await customer.answerTo(only);
      expect(asked).toHaveLength(1);
      expect(asked[0]?.buttons.map((b) => b.id)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^consent\.category\.yes\./)]),
      );
      expect((await customer.contact()).consent.status).toBe('unknown');
      await customer.say(yes);
      const { consent } = await customer.contact();
      expect(consent.status).toBe('opted_in');
      expect(consent.categories).toEqual(categories);
    },
  );
});

describe('START while "stop just those?" is asked', () => {
  // The region answers a message that reads as START there only if it names the kinds asked
  // about; START itself still shows the question.
  it('en: "hi", yes to all, "stop sending me promos", then "START" shows the question', async () => {
    const customer = await customerAfter('en', 'hi');
    await customer.say(YES_ALL.en);
    await customer.say('stop sending me promos');
    const asked = await customer.answerTo('START');
    expect(asked.map((m) => m.text)).toEqual([expect.stringMatching(QUESTION.en)]);
  });
});
