import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../../src/logger.js';
import { watchFlows } from '../../../src/flows/watch-flows.js';
import { flowFolder, replaceInTexts } from '../../support/flow-variants.js';
import type { FlowFolder } from '../../support/flow-variants.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * The seven reproductions of issue 9 ("Consent that holds in real conversations"), each
 * through signed webhooks against a real server, as a customer and a business team met them.
 */
const DAY_S = 24 * 60 * 60;
const YES_ALL = 'Yes, all of them';

let t: TestServer | undefined;
let folder: FlowFolder | undefined;
afterEach(async () => {
  await t?.close();
  await folder?.remove();
  t = undefined;
  folder = undefined;
});

const granted = async (customer: ReturnType<typeof webhookCustomer>) =>
  (await customer.events()).filter((e) => e.type === 'consent.granted');

describe('issue 9, reproduction 1: a flow edit cannot switch STOP off', () => {
  it('keeps STOP working for a flow whose English opt-out list is only UNSUBSCRIBE', async () => {
    folder = await flowFolder((doc) => {
      doc.setIn(['keywords', 'en', 'optOut'], ['UNSUBSCRIBE']);
      replaceInTexts(doc, 'en', 'reply STOP', 'reply UNSUBSCRIBE');
      replaceInTexts(doc, 'en', 'Reply STOP', 'Reply UNSUBSCRIBE');
    });
    const { flows, issues } = await folder.load();
    expect(issues).toEqual([]);
    t = await startTestServer({ flows });
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    await customer.tap('consent.yes', YES_ALL);
    expect((await customer.contact()).consent.status).toBe('opted_in');

    const before = customer.count();
    await customer.say('STOP');
    expect((await customer.contact()).consent.status).toBe('opted_out');
    expect(customer.sentSince(before).map((m) => m.text)).toEqual([
      expect.stringMatching(/^Done: you won't get any more WhatsApp messages/),
    ]);
  });
});

describe('issue 9, reproduction 2: "ok" and a late "yes" are not consent', () => {
  it('does not opt in on "ok" after tapping Track an order', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('hi');
    await customer.tap('service.track', 'Track an order');
    await customer.say('ok');
    expect((await customer.contact()).consent.status).toBe('unknown');
    expect(await granted(customer)).toEqual([]);
  });

  it('does not opt in on a typed "yes" three days after the question, and asks again with buttons', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('hi');
    const before = customer.count();
    await customer.say('yes', customer.now() + 3 * DAY_S);
    expect((await customer.contact()).consent.status).toBe('unknown');
    expect(await granted(customer)).toEqual([]);
    const question = customer.sentSince(before).at(-1);
    expect(question?.buttons.map((b) => b.title)).toEqual([YES_ALL, 'Let me choose', 'No, thanks']);
  });
});

describe('issue 9, reproduction 3: "Let me choose" typed, then "Yes"', () => {
  it('applies the yes to the category being asked only', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    await customer.say('Let me choose');
    expect(customer.sent().at(-1)?.text).toBe('Would you like to get order updates on WhatsApp?');
    await customer.say('Yes');
    expect(customer.sent().at(-1)?.text).toBe('Would you like to get login codes on WhatsApp?');
    await customer.say('no');
    await customer.say('no');
    const events = await granted(customer);
    expect(events.map((e) => ('categories' in e ? e.categories : []))).toEqual([['orders']]);
    expect((await customer.contact()).consent.categories).toEqual({
      orders: true,
      account: false,
      offers: false,
    });
  });
});

describe('issue 9, reproduction 4: typed button titles count like taps', () => {
  it.each([
    ['Yes, all of them', 'en'],
    ['yes all of them!', 'en'],
    ['Yes please', 'en'],
  ])('opts in on the typed title %j', async (typed) => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    await customer.say(typed);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });

  it('opts in a Spanish customer on "Sí, todos"', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+34600000101');
    // A Spanish word sets the conversation's language (AYUDA), then the question follows.
    await customer.say('ayuda');
    await customer.say('hola');
    expect(
      customer
        .sent()
        .at(-1)
        ?.buttons.map((b) => b.title),
    ).toContain('Sí, todos');
    await customer.say('Sí, todos');
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });

  it('opts out on a typed "Yes, stop them" instead of asking the same confirmation again', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    await customer.tap('consent.yes', YES_ALL);
    await customer.say('I want to stop');
    expect(customer.sent().at(-1)?.text).toMatch(/^Do you want to stop all WhatsApp messages/);
    await customer.say('Yes, stop them');
    expect((await customer.contact()).consent.status).toBe('opted_out');
    expect(customer.sent().at(-1)?.text).toMatch(/^Done: you won't get any more/);
  });

  it('opts out on a typed "Sí, parar" to the Spanish confirmation', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t, '+34600000102');
    await customer.say('ayuda');
    await customer.say('hola');
    await customer.say('Sí, todos');
    await customer.say('quiero parar');
    expect(customer.sent().at(-1)?.text).toMatch(/^¿Quieres dejar de recibir todos/);
    await customer.say('Sí, parar');
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });

  it('takes a typed number as the button of that number of the latest message', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    // The question alone (an "ok" shows it again): with the menu before it in the same turn a
    // number would be the menu's.
    await customer.say('ok');
    await customer.say('2');
    expect(customer.sent().at(-1)?.text).toBe('Would you like to get order updates on WhatsApp?');
  });
});

describe('issue 9, reproduction 5: common opt-out phrasings', () => {
  it.each([
    ['pare', '+55 11 90000 0101'],
    ['basta', '+34 600 000 103'],
    ['para', '+34 600 000 104'],
    ['No more messages', '+1 415 555 0102'],
    ['please stop sending me messages', '+1 415 555 0103'],
    ['PARE DE ME MANDAR MENSAGEM', '+55 11 90000 0102'],
    ['no me manden más mensajes', '+34 600 000 105'],
  ])('opts out on %j', async (phrase, phone) => {
    t = await startTestServer();
    const customer = webhookCustomer(t, `+${phone.replace(/\D/g, '')}`);
    await customer.say('Hello');
    await customer.tap('consent.yes', YES_ALL);
    await customer.say(phrase);
    expect((await customer.contact()).consent.status).toBe('opted_out');
  });

  it('offers to stop only the marketing categories on "stop sending me promos", or everything', async () => {
    t = await startTestServer();
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    await customer.tap('consent.yes', YES_ALL);
    await customer.say('stop sending me promos');
    const offer = customer.sent().at(-1);
    expect(offer?.text).toMatch(/special offers/);
    expect(offer?.text).not.toMatch(/order updates/);
    expect(offer?.buttons).toHaveLength(3);
    await customer.tap(offer!.buttons[0]!.id, offer!.buttons[0]!.title);
    const { consent } = await customer.contact();
    expect(consent.categories).toEqual({ orders: true, account: true, offers: false });
    expect(consent.status).toBe('opted_in');
  });
});

describe('issue 9, reproduction 6: the compliance check is not fooled', () => {
  it('refuses a question whose only "stop" is in "we never stop caring", and the bot keeps the good one', async () => {
    t = await startTestServer();
    folder = await flowFolder();
    const watcher = watchFlows({
      dir: folder.dir,
      catalog: t.deps.flows,
      logger: createSilentLogger(),
      watch: false,
    });
    await folder.edit((doc) => {
      doc.setIn(
        ['texts', 'en', 'question'],
        'Hi! Would you like to get WhatsApp messages from {business}? We would send you {categories}, and we never stop caring.',
      );
    });
    const result = await watcher.reload();
    expect(result.ok).toBe(false);
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    expect(customer.sent().at(-1)?.text).toMatch(/reply STOP at any time/);
  });

  it('lets a customer type a menu word that contains CANCEL, instead of asking whether to stop', async () => {
    folder = await flowFolder((doc) => {
      doc.setIn(['service', 'states', 'menu', 'choices', 0, 'keywords', 'en'], ['CANCEL ORDER']);
    });
    const { flows, issues } = await folder.load();
    expect(issues).toEqual([]);
    t = await startTestServer({ flows });
    const customer = webhookCustomer(t);
    await customer.say('Hello');
    await customer.tap('consent.yes', YES_ALL);
    await customer.say('cancel order');
    expect(customer.sent().at(-1)?.text).toMatch(/^You can follow your order/);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });
});

describe('issue 9, reproduction 7: consent texts cannot change without a new version', () => {
  it('refuses a reload that changes the question but not the version, and records the texts hash', async () => {
    t = await startTestServer();
    folder = await flowFolder();
    const watcher = watchFlows({
      dir: folder.dir,
      catalog: t.deps.flows,
      logger: createSilentLogger(),
      watch: false,
    });
    const first = webhookCustomer(t, '+14155550104');
    await first.say('Hello');
    await first.tap('consent.yes', YES_ALL);

    await folder.edit((doc) => {
      replaceInTexts(doc, 'en', 'Would you like to get', 'Do you want');
    });
    const refused = await watcher.reload();
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.issues.map((i) => i.message).join('\n')).toMatch(/version/);

    const shipped = t.deps.flows.get('default')!.definition.version;
    await folder.edit((doc) => doc.set('version', shipped + 1));
    expect((await watcher.reload()).ok).toBe(true);
    const second = webhookCustomer(t, '+14155550105');
    await second.say('Hello');
    await second.tap('consent.yes', YES_ALL);

    const [a] = await granted(first);
    const [b] = await granted(second);
    expect(a?.evidence).toMatchObject({ flowId: 'default', flowVersion: shipped });
    expect(b?.evidence).toMatchObject({ flowId: 'default', flowVersion: shipped + 1 });
    expect(a?.evidence.questionText).not.toBe(b?.evidence.questionText);
    expect(a?.evidence.textsHash).toMatch(/^[0-9a-f]{16,}$/);
    expect(b?.evidence.textsHash).toMatch(/^[0-9a-f]{16,}$/);
    expect(a?.evidence.textsHash).not.toBe(b?.evidence.textsHash);
  });
});
