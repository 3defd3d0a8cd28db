import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeCloudApi } from '../../support/fake-cloud-api.js';
import { flowFolder } from '../../support/flow-variants.js';
import type { FlowFolder } from '../../support/flow-variants.js';
import type { FakeCloudApi, RecordedRequest } from '../../support/fake-cloud-api.js';
import { request, startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * The reproductions of issue 10 ("A conversation worth having"), each through signed webhooks
 * against a real server, as a customer and a contact centre met them on `main` before it.
 */
const AGENT_KEY = 'agent-key-0123456789abcdef';
const HANDOVER_SECRET = 'handover-secret-0123456789';
const MINUTE_S = 60;
const HOUR_S = 60 * MINUTE_S;

let t: TestServer | undefined;
let receiver: FakeCloudApi | undefined;
let folder: FlowFolder | undefined;
afterEach(async () => {
  await t?.close();
  await receiver?.close();
  await folder?.remove();
  t = undefined;
  receiver = undefined;
  folder = undefined;
});

const texts = (messages: readonly { text: string }[]) => messages.map((m) => m.text);
const titles = (message: { buttons: readonly { title: string }[] } | undefined) =>
  message?.buttons.map((b) => b.title);
const SORRY = /^Sorry, I didn't understand/;

describe("issue 10, reproduction 1: the customer's language", () => {
  it.each([
    ['+34600000101', 'hola'],
    ['+525500000101', 'hola'],
    ['+525500000102', 'buenas'],
  ])('answers "%s" writing "%s" in Spanish, menu and question', async (phone, text) => {
    t = await startTestServer();
    const customer = webhookCustomer(t, phone);
    await customer.say(text);
    const [menu, question] = customer.sent();
    expect(menu?.text).toMatch(/^¿Cómo podemos ayudarte hoy\?/);
    expect(titles(menu)).toEqual(['Seguir un pedido', 'Horario y cambios', 'Hablar con alguien']);
    expect(question?.text).toMatch(/^¡Hola! ¿Quieres recibir mensajes de Brightwood Home/);
    expect((await customer.contact()).language).toBe('es');
  });

  it.each([
    ['+5511900000101', 'olá'],
    ['+5511900000102', 'oi'],
    ['+351910000101', 'bom dia'],
  ])('answers "%s" writing "%s" in Portuguese, menu and question', async (phone, text) => {
    t = await startTestServer();
    const customer = webhookCustomer(t, phone);
    await customer.say(text);
    const [menu, question] = customer.sent();
    expect(menu?.text).toMatch(/^Como podemos ajudar hoje\?/);
    expect(question?.text).toMatch(/^Olá! Você quer receber mensagens da Brightwood Home/);
    expect((await customer.contact()).language).toBe('pt');
  });

  it('answers a Brazilian number in Portuguese when the first words say nothing, and keeps Portuguese on "parar" and "claro"', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+5511900000103');
    await customer.say('12345');
    expect(customer.sent()[0]?.text).toMatch(/^Como podemos ajudar hoje\?/);
    await customer.say('claro');
    expect(customer.sent().at(-1)?.text).toMatch(/^Obrigado! Você vai receber/);
    await customer.say('parar');
    expect(customer.sent().at(-1)?.text).toMatch(/^Pronto: você não vai receber mais mensagens/);
    expect((await customer.contact()).language).toBe('pt');
  });
});

describe('issue 10, reproduction 2: "Talk to a person" reaches a person', () => {
  const startWithReceiver = async () => {
    receiver = await startFakeCloudApi();
    t = await startTestServer({
      env: {
        API_KEYS: `agent:${AGENT_KEY}`,
        HANDOVER_WEBHOOK_URL: `${receiver.url}/hooks/handover`,
        HANDOVER_WEBHOOK_SECRET: HANDOVER_SECRET,
      },
    });
    return { t, receiver };
  };
  const api = (method: string, path: string, body?: unknown) =>
    request(`${t!.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${AGENT_KEY}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const events = (requests: readonly RecordedRequest[]) =>
    requests.map((r) => r.body as { type: string; [key: string]: unknown });

  it('hands over: the bot keeps quiet, the contact centre is told, an agent answers and gives the conversation back', async () => {
    const { receiver } = await startWithReceiver();
    const customer = webhookCustomer(t!);
    await customer.say('hi');
    await customer.tap('service.agent', 'Talk to a person');
    const handedOver = customer.count();
    expect(customer.sent().at(-1)?.text).toMatch(/^Thanks! We are passing you to someone/);

    // The bot answers nothing on its own while a person has the conversation.
    await customer.say('Hello? My parcel never arrived');
    await customer.say('what colour is the sofa?');
    expect(customer.count()).toBe(handedOver);

    // The contact centre was told, signed, and can read the messages kept for it.
    const hooks = receiver.requests.filter((r) => r.path === '/hooks/handover');
    expect(events(hooks).map((e) => e.type)).toEqual([
      'handover.started',
      'handover.message',
      'handover.message',
    ]);
    for (const hook of hooks) {
      const expected = `sha256=${createHmac('sha256', HANDOVER_SECRET).update(hook.raw).digest('hex')}`;
      expect(hook.headers['x-signature-256']).toBe(expected);
    }
    const started = events(hooks)[0] as unknown as { transcript: { from: string; text: string }[] };
    expect(started.transcript.map((l) => `${l.from}: ${l.text.slice(0, 20)}`)).toEqual([
      'customer: hi',
      'bot: How can we help you ',
      'bot: Hi! Would you like t',
      'customer: Talk to a person',
      'bot: Thanks! We are passi',
    ]);
    const listed = await api('GET', '/v1/handovers');
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual({
      handovers: [
        expect.objectContaining({
          contact: { phone: customer.phone },
          startedBy: 'flow',
          waiting: true,
          window: expect.objectContaining({ open: true }) as unknown,
        }),
      ],
    });
    const detail = await api('GET', `/v1/handovers/${encodeURIComponent(customer.phone)}`);
    expect((detail.json as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual([
      'Hello? My parcel never arrived',
      'what colour is the sofa?',
    ]);

    // An agent answers under the send rules, then gives the conversation back. (The server's
    // clock is brought to the customer's message times, as in life.)
    t!.clock.advance(customer.now() * 1000 + 30_000 - t!.clock.now());
    const answer = await api('POST', '/v1/messages', {
      to: customer.phone,
      text: 'Hi, this is Ana. Let me look at your parcel.',
    });
    expect(answer.status).toBe(202);
    await t!.settle();
    expect(customer.sent().at(-1)?.text).toBe('Hi, this is Ana. Let me look at your parcel.');
    const afterAgent = await api('GET', '/v1/handovers');
    expect((afterAgent.json as { handovers: { waiting: boolean }[] }).handovers[0]?.waiting).toBe(
      false,
    );
    const ended = await api('DELETE', `/v1/handovers/${encodeURIComponent(customer.phone)}`);
    expect(ended.status).toBe(200);
    expect(ended.json).toMatchObject({ contact: { phone: customer.phone }, greeted: false });
    await t!.settle();
    expect((await api('GET', '/v1/handovers')).json).toEqual({ handovers: [] });

    // The bot is back on the customer's next message, with the menu.
    const before = customer.count();
    await customer.say('thanks for your help');
    expect(texts(customer.sentSince(before))).toEqual([
      "Our team has finished helping you. I'm back if you need anything else.",
      expect.stringMatching(/^How can we help you today\?/) as unknown,
    ]);
    expect(
      events(receiver.requests.filter((r) => r.path === '/hooks/handover')).map((e) => e.type),
    ).toEqual(['handover.started', 'handover.message', 'handover.message', 'handover.ended']);
  });

  it.each([
    [
      '+14155550111',
      'hi',
      'Can I speak to a human please?',
      /^Thanks! We are passing you to someone/,
    ],
    ['+34600000111', 'hola', 'quiero hablar con una persona', /^¡Gracias! Te pasamos con alguien/],
    ['+5511900000111', 'oi', 'quero falar com um atendente', /^Obrigado! Estamos passando você/],
  ])(
    'hands %s over when they ask for a person in a sentence ("%s", then "%s")',
    async (phone, first, sentence, passing) => {
      t = await startTestServer();
      const customer = webhookCustomer(t, phone);
      await customer.say(first);
      const before = customer.count();
      await customer.say(sentence);
      expect(texts(customer.sentSince(before))).toEqual([
        expect.stringMatching(passing) as unknown,
      ]);
      expect((await customer.contact()).handover).toMatchObject({ startedBy: 'flow' });
    },
  );

  it.each([
    ['+14155550112', 'agent', /^Thanks! We are passing you to someone/],
    ['+34600000112', 'quiero hablar con una persona', /^¡Gracias! Te pasamos con alguien/],
  ])(
    'hands %s over on a first message that asks for a person ("%s"), and asks nothing else',
    async (phone, sentence, passing) => {
      t = await startTestServer();
      const customer = webhookCustomer(t, phone);
      await customer.say(sentence);
      expect(texts(customer.sent())).toEqual([expect.stringMatching(passing) as unknown]);
      expect((await customer.contact()).handover).toMatchObject({ startedBy: 'flow' });
      expect((await customer.events()).map((e) => e.type)).toEqual([]);
    },
  );

  it('never follows the hand-over message with the opt-in question', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('hi');
    const before = customer.count();
    await customer.tap('service.agent', 'Talk to a person');
    expect(texts(customer.sentSince(before))).toEqual([
      expect.stringMatching(/^Thanks! We are passing you to someone/) as unknown,
    ]);
  });

  it('never follows it with the question even when the flow would ask again then', async () => {
    folder = await flowFolder((doc) => {
      doc.setIn(['consent', 'reaskAfterMessages'], 2);
      doc.setIn(['consent', 'maxAsksPerWindow'], 3);
    });
    const { flows, issues } = await folder.load();
    expect(issues).toEqual([]);
    t = await startTestServer({ flows });
    const customer = webhookCustomer(t);
    await customer.say('hi');
    await customer.tap('service.track', 'Track an order');
    // The customer's second message since the question: the flow allows asking again, not now.
    const before = customer.count();
    await customer.tap('service.agent', 'Talk to a person');
    expect(texts(customer.sentSince(before))).toEqual([
      expect.stringMatching(/^Thanks! We are passing you to someone/) as unknown,
    ]);
    // Where the customer did not ask for a person, the question does come back then.
    const other = webhookCustomer(t, '+14155550102');
    await other.say('hi');
    await other.tap('service.track', 'Track an order');
    const next = other.count();
    await other.tap('service.hours', 'Hours & returns');
    expect(texts(other.sentSince(next))[1]).toMatch(/^Just checking/);
  });

  it('keeps STOP, START and HELP working during a hand-over, and asks nothing on its own', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('hi');
    await customer.tap('service.agent', 'Talk to a person');
    let before = customer.count();
    await customer.say('HELP');
    expect(texts(customer.sentSince(before))).toEqual([
      expect.stringMatching(/^This is Brightwood Home on WhatsApp/) as unknown,
    ]);
    before = customer.count();
    await customer.say('STOP');
    expect(texts(customer.sentSince(before))).toEqual([
      expect.stringMatching(/^Done: you won't get any more WhatsApp messages/) as unknown,
    ]);
    expect((await customer.contact()).consent.status).toBe('opted_out');
    before = customer.count();
    await customer.say('No, stop, I meant the table');
    expect(customer.count()).toBe(before);
    expect((await customer.contact()).handover?.messages.map((m) => m.text)).toEqual([
      'HELP',
      'STOP',
      'No, stop, I meant the table',
    ]);
  });

  it('takes the conversation back, saying so, when no agent wrote within the idle limit', async () => {
    const { receiver } = await startWithReceiver();
    const customer = webhookCustomer(t!);
    await customer.say('hi');
    await customer.tap('service.agent', 'Talk to a person');
    await customer.say('anyone there?', customer.now() + 30 * MINUTE_S);
    const before = customer.count();
    await customer.say('hello??', customer.now() + HOUR_S);
    expect(texts(customer.sentSince(before))).toEqual([
      "Sorry, nobody from our team could answer you in time. I'm back to help you in the meantime.",
      expect.stringMatching(/^How can we help you today\?/) as unknown,
    ]);
    expect((await customer.contact()).handover).toBeUndefined();
    const last = receiver.requests.filter((r) => r.path === '/hooks/handover').at(-1);
    expect(last?.body).toMatchObject({ type: 'handover.ended', reason: 'idle' });
  });

  it('does not say nobody answered when an agent did, then went quiet past the idle limit', async () => {
    await startWithReceiver();
    const customer = webhookCustomer(t!);
    await customer.say('hi');
    await customer.tap('service.agent', 'Talk to a person');
    t!.clock.advance(customer.now() * 1000 + 30_000 - t!.clock.now());
    expect(
      (await api('POST', '/v1/messages', { to: customer.phone, text: 'Hola, soy Ana.' })).status,
    ).toBe(202);
    await t!.settle();
    const before = customer.count();
    await customer.say('thanks, one more thing', customer.now() + 2 * HOUR_S);
    expect(texts(customer.sentSince(before))).toEqual([
      "Our team has finished helping you. I'm back if you need anything else.",
      expect.stringMatching(/^How can we help you today\?/) as unknown,
    ]);
    expect((await customer.contact()).handover).toBeUndefined();
  });
});

describe('issue 10, reproduction 3: greetings and small talk', () => {
  it('answers greetings with the menu, thanks and goodbyes briefly, never with an apology', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('hi');
    const cases: [string, RegExp[]][] = [
      ['hi', [/^How can we help you today\?/]],
      ['hello', [/^How can we help you today\?/]],
      ['thanks', [/^You're welcome!/]],
      ['👍', [/^You're welcome!/]],
      ['bye', [/^Goodbye, and thank you for writing to Brightwood Home/]],
    ];
    for (const [text, expected] of cases) {
      const before = customer.count();
      await customer.say(text);
      expect(texts(customer.sentSince(before)), text).toEqual(
        expected.map((pattern) => expect.stringMatching(pattern) as unknown),
      );
    }
    const before = customer.count();
    await customer.say('hi again', customer.now() + 25 * HOUR_S);
    const again = texts(customer.sentSince(before));
    expect(again[0]).toMatch(/^How can we help you today\?/);
    expect(again.some((text) => SORRY.test(text))).toBe(false);
  });

  it('thanks a Spanish customer in Spanish', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+34600000102');
    await customer.say('hola');
    const before = customer.count();
    await customer.say('gracias');
    expect(texts(customer.sentSince(before))).toEqual([
      '¡De nada! Escríbenos por aquí cuando lo necesites.',
    ]);
  });

  it('does not ask the question again seconds after it was asked ("hi", then "menu")', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('hi');
    const before = customer.count();
    await customer.say('menu');
    expect(texts(customer.sentSince(before))).toEqual([
      expect.stringMatching(/^How can we help you today\?/) as unknown,
    ]);
  });

  it('says "didn\'t understand" at most once in a row, and then offers a person', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('hi');
    await customer.say('what colour is the sofa?');
    const before = customer.count();
    await customer.say('and the table?');
    const answer = texts(customer.sentSince(before));
    expect(answer[0]).toMatch(
      /^Sorry, I still didn't understand that. Would you like to talk to someone/,
    );
    expect(titles(customer.sent().at(-1))).toContain('Talk to a person');
  });
});

describe('issue 10, reproduction 4: old buttons', () => {
  it('does what a button of an earlier menu said, from wherever the conversation is', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('hi');
    await customer.tap('service.hours', 'Hours & returns');
    const before = customer.count();
    await customer.tap('service.track', 'Track an order');
    expect(texts(customer.sentSince(before))).toEqual([
      expect.stringMatching(/^You can follow your order at brightwood.example\/track/) as unknown,
    ]);
  });

  it('answers a button whose option the flow no longer has politely, with the menu', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('hi');
    const before = customer.count();
    await customer.tap('service.gift_cards', 'Gift cards');
    expect(texts(customer.sentSince(before))).toEqual([
      'Sorry, that option is no longer available. Here is what I can help you with now.',
      expect.stringMatching(/^How can we help you today\?/) as unknown,
    ]);
  });
});
