import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { TRACKING as TRACKING_IN } from '../../support/shipped-replies.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * What customers write in whole sentences, through signed webhooks. Found by a newcomer trying
 * the bot: "where is my order?" got "didn't understand" though the menu offers "Track an order"
 * (its words are ORDER, TRACK), and "não quero falar com uma pessoa" handed the conversation over.
 */
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const TRACKING = TRACKING_IN.en;
const STORES = /^Our stores are open Monday to Saturday/;
const SORRY = /^Sorry, I didn't understand/;

async function customerAfterHello(phone: string, hello: string) {
  t = await startTestServer();
  const customer = webhookCustomer(t, phone);
  await customer.say(hello);
  return customer;
}

describe('a sentence that names one choice of the menu', () => {
  it.each([
    ['where is my order?', TRACKING],
    ['what are your opening hours?', STORES],
    ['do you accept returns?', STORES],
    ['¿dónde está mi pedido?', /^Puedes seguir tu pedido/],
    ['onde está meu pedido?', /^Você pode acompanhar seu pedido/],
    // As Portugal says it (a tester's).
    ['onde está a minha encomenda?', /^Você pode acompanhar seu pedido/],
    ['o estafeta ainda não chegou', /^Você pode acompanhar seu pedido/],
    ['queria fazer uma devolução', /^Nossas lojas abrem/],
    // Everyday questions about the hours (a tester's: they got the menu alone).
    ['what time do u close', STORES],
    ['can i return a lamp', STORES],
  ])('"%s" picks it', async (sentence, answer) => {
    const customer = await customerAfterHello('+14155550171', 'hello');
    expect((await customer.answerTo(sentence))[0]?.text).toMatch(answer);
  });

  it.each([
    ['+34600000181', 'hola', '¿a qué hora abren?', /^Nuestras tiendas abren/],
    ['+5511900000181', 'oi', 'vocês abrem domingo?', /^Nossas lojas abrem/],
    ['+34600000182', 'hola', 'quiero cambiar un producto', /^Nuestras tiendas abren/],
  ])('%s: "%s", then "%s" gets the hours', async (phone, hello, sentence, answer) => {
    const customer = await customerAfterHello(phone, hello);
    expect((await customer.answerTo(sentence))[0]?.text).toMatch(answer);
  });

  it('picks nothing when the sentence names two choices: "my order and your returns"', async () => {
    const customer = await customerAfterHello('+14155550172', 'hello');
    expect((await customer.answerTo('my order and your returns'))[0]?.text).toMatch(SORRY);
  });
});

describe('a person only when the customer asks for one', () => {
  it.each([
    ['+14155550173', 'hello', 'I do not want to talk to a person'],
    ['+14155550174', 'hello', "I don't want to speak with a human"],
    ['+5511900000175', 'oi', 'não quero falar com uma pessoa'],
    ['+34600000176', 'hola', 'no quiero hablar con una persona'],
  ])('%s: "%s", then "%s" is no request', async (phone, hello, refusal) => {
    const customer = await customerAfterHello(phone, hello);
    await customer.say(refusal);
    expect((await customer.contact()).handover).toBeUndefined();
  });

  it('"No, talk to a person please" is one', async () => {
    const customer = await customerAfterHello('+14155550177', 'hello');
    await customer.say('No, talk to a person please');
    expect((await customer.contact()).handover).toMatchObject({ startedBy: 'flow' });
  });
});

describe('a first message that asks what the menu offers', () => {
  it.each([
    [
      '+34600000178',
      'hola, ¿cuál es el horario?',
      /^Nuestras tiendas abren/,
      /^¡Hola! ¿Quieres recibir/,
    ],
    ['+14155550179', 'where is my order?', TRACKING, /^Hi! Would you like to get WhatsApp/],
  ])('%s: "%s" is answered, then asked the question', async (phone, first, answer, question) => {
    t = await startTestServer();
    const customer = webhookCustomer(t, phone);
    await customer.say(first);
    expect(customer.sent().map((m) => m.text)).toEqual([
      expect.stringMatching(answer),
      expect.stringMatching(question),
    ]);
  });

  it('a greeting alone still gets the menu and the question', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+14155550180');
    await customer.say('hello');
    expect(customer.sent().map((m) => m.text)).toEqual([
      expect.stringMatching(/^How can we help you today\?/),
      expect.stringMatching(/^Hi! Would you like to get WhatsApp/),
    ]);
  });
});

describe('a no and a wish to stop in one message (found by a tester)', () => {
  it.each([
    ['+5215512345621', 'hola', 'no gracias y ya no me escriban', /^¿Quieres dejar de recibir/],
    ['+14155550322', 'hi', 'nah and pls stop messaging me', /^Do you want to stop/],
  ])(
    '%s: "%s", then "%s" asks whether they want to stop, and is never asked the opt-in question for it',
    async (phone, hello, sentence, question) => {
      const customer = await customerAfterHello(phone, hello);
      const asked = await customer.answerTo(sentence);
      expect(asked.map((m) => m.text)).toEqual([expect.stringMatching(question)]);
      expect((await customer.contact()).consent.status).toBe('unknown');
    },
  );
});

describe('a wish to stop one kind of message named by its label (found by a tester)', () => {
  it.each([
    [
      '+14155550323',
      'hi',
      'no more order updates pls',
      /^Do you want to stop getting order updates/,
    ],
    [
      '+5215512345624',
      'hola',
      'ya no quiero codigos de acceso',
      /^¿Quieres dejar de recibir códigos de acceso/,
    ],
    [
      '+5511900000325',
      'oi',
      'não quero mais códigos de acesso',
      /^Você quer deixar de receber códigos de acesso/,
    ],
    // The label in other words of its own ("mis" for "tus", "meus" for "seus", no "tus" at all).
    [
      '+5215512345638',
      'hola',
      'ya no quiero avisos de mis pedidos',
      /^¿Quieres dejar de recibir avisos de tus pedidos/,
    ],
    [
      '+5215512345639',
      'hola',
      'no más avisos de pedidos porfa',
      /^¿Quieres dejar de recibir avisos de tus pedidos/,
    ],
    [
      '+5511900000340',
      'oi',
      'não quero mais avisos dos meus pedidos',
      /^Você quer deixar de receber avisos dos seus pedidos/,
    ],
  ])('%s: "%s", then "%s" offers to stop just those', async (phone, hello, sentence, offer) => {
    const customer = await customerAfterHello(phone, hello);
    const asked = await customer.answerTo(sentence);
    expect(asked.map((m) => m.text)).toEqual([expect.stringMatching(offer)]);
  });
});

describe('INFO in the conversation’s language (found by a tester)', () => {
  it.each([
    ['+5511900000326', 'oi', /^Aqui é a Brightwood Home no WhatsApp/],
    ['+5215512345627', 'hola', /^Somos Brightwood Home en WhatsApp/],
    ['+14155550328', 'hi', /^This is Brightwood Home on WhatsApp/],
  ])('%s: "%s", then "info" gets the help text in that language', async (phone, hello, help) => {
    const customer = await customerAfterHello(phone, hello);
    expect((await customer.answerTo('info')).map((m) => m.text)).toEqual([
      expect.stringMatching(help),
    ]);
  });
});

describe('more of what a tester typed', () => {
  it.each([
    ['+14155550331', 'hi', 'can u get me a real person'],
    ['+14155550332', 'hi', 'operator pls'],
  ])('%s: "%s", then "%s" hands the conversation to a person', async (phone, hello, ask) => {
    const customer = await customerAfterHello(phone, hello);
    await customer.say(ask);
    expect((await customer.contact()).handover).toMatchObject({ startedBy: 'flow' });
  });

  it.each([
    ['+14155550333', 'hi', 'help me', /^This is Brightwood Home on WhatsApp/],
    ['+5511900000334', 'oi', 'preciso de ajuda', /^Aqui é a Brightwood Home no WhatsApp/],
    ['+5215512345635', 'hola', 'necesito ayuda', /^Somos Brightwood Home en WhatsApp/],
  ])('%s: "%s", then "%s" gets the help text', async (phone, hello, ask, help) => {
    const customer = await customerAfterHello(phone, hello);
    expect((await customer.answerTo(ask)).map((m) => m.text)).toEqual([
      expect.stringMatching(help),
    ]);
  });
});

describe('what a fifth tester typed in Brazil and Portugal', () => {
  it.each([
    ['+351910000501', 'olá', 'Queria falar com um assistente, se faz favor'],
    ['+351910000502', 'olá', 'Podem passar-me a um operador?'],
    ['+5511900000503', 'oi', 'tem alguém aí?'],
    ['+5511900000504', 'oi', 'quero falar com o gerente'],
  ])('%s: "%s", then "%s" is handed to a person', async (phone, hello, request) => {
    const customer = await customerAfterHello(phone, hello);
    await customer.say(request);
    expect((await customer.contact()).handover).toMatchObject({ startedBy: 'flow' });
  });

  it.each([
    ['+5511900000505', 'pode mandar', 'opted_in'],
    ['+5511900000506', 'sim pode ser', 'opted_in'],
    ['+351910000507', 'Não, obrigado, para já', 'declined'],
    ['+351910000508', 'para já não', 'declined'],
    ['+5511900000509', 'agr não', 'declined'],
  ])('%s: "oi", then "%s" answers the question: %s', async (phone, answer, status) => {
    const customer = await customerAfterHello(phone, 'oi');
    await customer.say(answer);
    expect((await customer.contact()).consent.status).toBe(status);
  });
});
