import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../../src/core/flow/definition.js';
import { prepareFlow } from '../../../src/service/flow-catalog.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { JUST_THOSE, STOP_JUST } from '../../support/shipped-replies.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * A business team's edit, then a customer (a tester's, session 48): the flow gains a MARKETING
 * kind, and a customer who has the offers, asked about it, types a stop of the offers. Before,
 * that was read as a no to the new kind alone ("No problem, we won't send you these
 * messages") and the offers kept coming. Now the bot asks about stopping the offers.
 */
describe('a stop of another kind while the question about a new kind is open', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  it.each([
    ['en', '+14155550901', 'hi', 'Yes, all of them', 'stop the special offers'],
    ['es', '+34600000902', 'hola', 'Sí, todos', 'no quiero más ofertas'],
    ['pt', '+5511900000903', 'oi', 'Sim, todas', 'não quero mais as ofertas'],
  ] as const)(
    '%s: "%s", yes to all, a new kind, then "%s" offers to stop the offers',
    async (lang, phone, hello, yes, stop) => {
      const customer = webhookCustomer(t, phone);
      await customer.say(hello);
      await customer.say(yes);
      const current = t.deps.flows.defaultFlow().definition;
      const withNews: FlowDefinition = {
        ...current,
        version: current.version + 1,
        categories: [
          ...current.categories,
          {
            id: 'news',
            label: { en: 'store news', es: 'novedades de la tienda', pt: 'novidades da loja' },
            whatsappCategory: 'MARKETING',
            templates: ['monthly_newsletter'],
          },
        ],
      };
      t.deps.flows.replace([prepareFlow(withNews)]);
      await customer.say(hello);
      const replies = await customer.answerTo(stop);
      const offers = { en: 'special offers', es: 'ofertas especiales', pt: 'ofertas especiais' };
      expect(replies.map((m) => m.text)).toEqual([
        expect.stringMatching(STOP_JUST[lang](offers[lang])),
      ]);
      await customer.say(JUST_THOSE[lang]);
      const { consent } = await customer.contact();
      expect(consent.categories).toMatchObject({ orders: true, account: true, offers: false });
      expect(consent.categories.news).not.toBe(true);
    },
  );
});
