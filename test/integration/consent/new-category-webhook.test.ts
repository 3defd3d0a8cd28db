import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../../src/core/flow/definition.js';
import { prepareFlow } from '../../../src/service/flow-catalog.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * Issue 12, tried as a business team does it: the flow gains a category while the bot runs, and
 * a customer who had said yes on WhatsApp hears of it at their next message, through signed
 * webhooks, and answers by typing. The report counts the ask.
 */
describe('a category added while the bot runs, through signed webhooks', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ env: { API_KEYS: 'dpo:dpo-key-0123456789abcdef' } });
  });
  afterEach(async () => {
    await t.close();
  });

  it('asks a customer who said yes about it alone, takes a typed "yes", and reports the ask', async () => {
    const customer = webhookCustomer(t);
    await customer.say('Hi, where is my order?');
    await customer.tap('consent.yes', 'Yes, all of them');

    const current = t.deps.flows.defaultFlow().definition;
    const withEvents: FlowDefinition = {
      ...current,
      version: current.version + 1,
      categories: [
        ...current.categories,
        {
          id: 'events',
          label: {
            en: 'event invitations',
            es: 'invitaciones a eventos',
            pt: 'convites para eventos',
          },
          whatsappCategory: 'MARKETING',
          templates: ['event_invitation'],
        },
      ],
    };
    t.deps.flows.replace([prepareFlow(withEvents)]);

    const before = customer.count();
    await customer.say('Do you have the oak table in stock?');
    const asked = customer.sentSince(before);
    expect(asked.at(-1)).toEqual({
      text: 'Good news: Brightwood Home can now also send you event invitations on WhatsApp. Would you like them too? You can reply STOP at any time to stop all messages.',
      buttons: [
        { id: 'consent.category.yes.events', title: 'Yes' },
        { id: 'consent.category.no.events', title: 'No' },
      ],
    });

    await customer.say('yes');
    expect(customer.sent().at(-1)?.text).toBe(
      'Thank you! You will get event invitations from Brightwood Home on WhatsApp. Reply STOP at any time to stop them.',
    );
    const contact = await customer.contact();
    expect(contact.consent.categories).toMatchObject({ offers: true, events: true });

    const report = await fetch(
      `${t.url}/v1/reports/consent?from=2025-12-01&to=2026-02-01&ask=new_category`,
      { headers: { authorization: 'Bearer dpo-key-0123456789abcdef' } },
    );
    expect(await report.json()).toMatchObject({
      groups: [{ key: { version: withEvents.version }, asked: 1, optedInAll: 1 }],
    });
  });
});
