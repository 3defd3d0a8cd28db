import { describe, expect, it } from 'vitest';
import { createManualClock, DAY, MINUTE } from '../../src/core/clock.js';
import type { InboundContent, Reply } from '../../src/core/conversation/inbound.js';
import type { FlowDefinition } from '../../src/core/flow/definition.js';
import { createSilentLogger } from '../../src/logger.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { changedDefaultFlow, loadDefaultFlow } from '../core/flow/default-flow.js';

/**
 * Issue 12: a category the flow gains reaches the customers who already said yes. They are
 * asked about the new category alone, at their next message, once, and only as the ask policy
 * allows.
 */
const PHONE = '+14155550142';
const base = loadDefaultFlow();

/** The default flow, one version up, with `events` (and `extra` categories) added. */
function withEvents(flow: FlowDefinition = base, extra: string[] = []): FlowDefinition {
  const added = ['events', ...extra].map((id) => ({
    id,
    label: { en: `${id} invitations`, es: `invitaciones de ${id}`, pt: `convites de ${id}` },
    whatsappCategory: 'MARKETING' as const,
    templates: [`${id}_invite`],
  }));
  return { ...flow, version: flow.version + 1, categories: [...flow.categories, ...added] };
}

function world(first: FlowDefinition = base) {
  const catalog = createFlowCatalog([prepareFlow(first)], first.id);
  const store = createMemoryStore();
  const clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
  const turns = createTurnService({ store, flows: catalog, clock, logger: createSilentLogger() });
  let seq = 0;
  const send = async (content: InboundContent) => {
    clock.advance(MINUTE);
    return turns.handleMessage({
      messageId: `wamid.new.${++seq}`,
      contact: { phone: PHONE },
      timestamp: clock.now(),
      content,
    });
  };
  const texts = (replies: readonly Reply[]) => replies.map((r) => r.text);
  return {
    catalog,
    store,
    clock,
    send,
    say: (text: string) => send({ kind: 'text', text }),
    tap: (id: string, title: string) => send({ kind: 'choice', id, title }),
    texts,
    reload: (flow: FlowDefinition) => catalog.replace([prepareFlow(flow)]),
    events: async () => {
      const contact = await store.findContact({ phone: PHONE });
      return store.listEvents(contact!.id);
    },
  };
}

const NEW_QUESTION =
  'Good news: Brightwood Home can now also send you events invitations on WhatsApp. Would you like them too? You can reply STOP at any time to stop all messages.';

describe('new categories', () => {
  it('asks a customer who said yes about the new category alone, at their next message', async () => {
    const w = world();
    await w.say('hello');
    await w.tap('consent.yes', 'Yes, all of them');
    w.reload(withEvents());

    const next = await w.say('what colour is the sofa?');

    // The service answers first (it did not understand, and shows its menu), then the question.
    expect(w.texts(next.replies)).toEqual([
      expect.stringContaining('Sorry, I didn'),
      expect.stringContaining('How can we help you today?'),
      NEW_QUESTION,
    ]);
    const asked = next.replies[2]!;
    expect(asked.type === 'buttons' && asked.buttons.map((b) => [b.id, b.title])).toEqual([
      ['consent.category.yes.events', 'Yes'],
      ['consent.category.no.events', 'No'],
    ]);
    expect(next.consentEvents).toEqual([
      expect.objectContaining({
        type: 'consent.asked',
        categories: ['events'],
        evidence: expect.objectContaining({
          ask: 'new_category',
          flowVersion: base.version + 1,
          language: 'en',
          variant: 'standard',
        }) as unknown,
      }),
    ]);

    const yes = await w.tap('consent.category.yes.events', 'Yes');

    expect(w.texts(yes.replies)).toEqual([
      'Thank you! You will get events invitations from Brightwood Home on WhatsApp. Reply STOP at any time to stop them.',
    ]);
    expect(yes.consentEvents).toEqual([
      expect.objectContaining({
        type: 'consent.granted',
        categories: ['events'],
        evidence: expect.objectContaining({
          questionText: NEW_QUESTION,
          replyText: 'Yes',
        }) as unknown,
      }),
    ]);
    expect(yes.contact.consent.categories).toEqual({
      orders: true,
      account: true,
      offers: true,
      events: true,
    });
  });

  it('asks once: a customer who lets it pass is not asked again', async () => {
    const w = world();
    await w.say('hello');
    await w.tap('consent.yes', 'Yes, all of them');
    w.reload(withEvents());
    await w.say('hello again');

    const later = await w.say('MENU');
    w.clock.advance(3 * DAY);
    const nextWindow = await w.say('hi');

    expect(w.texts(later.replies).join()).not.toContain('Good news');
    expect(w.texts(nextWindow.replies).join()).not.toContain('Good news');
    const asks = (await w.events()).filter((e) => e.type === 'consent.asked');
    expect(asks.map((e) => e.evidence.ask)).toEqual(['question', 'new_category']);
  });

  it.each(['ok', 'HELP'])(
    'asks once: "%s" typed to the new-category question does not show it again (a reviewer’s)',
    async (typed) => {
      const w = world();
      await w.say('hello');
      await w.tap('consent.yes', 'Yes, all of them');
      w.reload(withEvents());
      await w.say('hello again');
      const answered = await w.say(typed);
      expect(w.texts(answered.replies).join()).not.toContain('Good news');
      const asks = (await w.events()).filter((e) => e.type === 'consent.asked');
      expect(asks.map((e) => e.evidence.ask)).toEqual(['question', 'new_category']);
    },
  );

  it('records a no to the new category alone: the customer stays opted in to the rest', async () => {
    const w = world();
    await w.say('hello');
    await w.tap('consent.yes', 'Yes, all of them');
    w.reload(withEvents());
    await w.say('hello again');

    const no = await w.tap('consent.category.no.events', 'No');

    expect(w.texts(no.replies)).toEqual([base.texts['en']!.declined]);
    expect(no.consentEvents).toEqual([
      expect.objectContaining({ type: 'consent.declined', categories: ['events'] }),
    ]);
    expect(no.contact.consent.status).toBe('opted_in');
    expect(no.contact.consent.categories).toEqual({
      orders: true,
      account: true,
      offers: true,
      events: false,
    });
  });

  it('goes through several new categories one by one, and grants those accepted', async () => {
    const w = world();
    await w.say('hello');
    await w.tap('consent.yes', 'Yes, all of them');
    w.reload(withEvents(base, ['fairs']));

    const first = await w.say('hello again');
    const second = await w.tap('consent.category.yes.events', 'Yes');
    const done = await w.tap('consent.category.no.fairs', 'No');

    expect(first.consentEvents[0]).toMatchObject({
      type: 'consent.asked',
      categories: ['events', 'fairs'],
      evidence: { ask: 'new_category' },
    });
    expect(w.texts(second.replies)).toEqual([NEW_QUESTION.replace('events', 'fairs')]);
    expect(second.consentEvents).toEqual([
      expect.objectContaining({ type: 'consent.asked', categories: ['fairs'] }),
    ]);
    expect(done.consentEvents).toEqual([
      expect.objectContaining({ type: 'consent.granted', categories: ['events'] }),
    ]);
    expect(done.contact.consent.categories).toMatchObject({ events: true, fairs: false });
  });

  it('waits while the ask policy says no: the asks of the window are used up', async () => {
    const limited = changedDefaultFlow((f) => {
      f.consent.maxAsksPerWindow = 1;
    });
    const w = world(limited);
    await w.say('hello');
    await w.tap('consent.yes', 'Yes, all of them');
    w.reload(withEvents(limited));

    const sameWindow = await w.say('hello again');
    w.clock.advance(2 * DAY);
    const nextWindow = await w.say('hi');

    expect(w.texts(sameWindow.replies).join()).not.toContain('Good news');
    expect(w.texts(nextWindow.replies)).toContain(NEW_QUESTION);
  });

  it('does not ask a customer who declined or opted out: they never said yes', async () => {
    for (const answer of ['decline', 'stop'] as const) {
      const w = world();
      await w.say('hello');
      if (answer === 'decline') await w.tap('consent.no', 'No, thanks');
      else await w.say('STOP');
      w.reload(withEvents());

      const next = await w.say('hello again');

      expect(w.texts(next.replies).join()).not.toContain('Good news');
    }
  });

  it('does not ask about a new MARKETING category after WhatsApp’s marketing opt-out', async () => {
    const w = world();
    await w.say('hello');
    await w.tap('consent.yes', 'Yes, all of them');
    await w.send({ kind: 'quick_reply', payload: 'Stop promotions', text: 'Stop promotions' });
    w.reload(withEvents());

    const next = await w.say('hello again');

    expect(w.texts(next.replies).join()).not.toContain('Good news');
  });

  it('never asks in a flow without the new-category question (the check warns)', async () => {
    const without = changedDefaultFlow((f) => {
      for (const texts of Object.values(f.texts)) delete texts.newCategoryQuestion;
    });
    const w = world(without);
    await w.say('hello');
    await w.tap('consent.yes', 'Yes, all of them');
    w.reload(withEvents(without));

    const next = await w.say('hello again');

    expect(w.texts(next.replies).join()).not.toContain('events');
    expect(next.consentEvents).toEqual([]);
  });

  it('asks a customer who answered under an older version as soon as their conversation knows the categories', async () => {
    // A customer asked the full question after the category was added knows it already.
    const w = world();
    w.reload(withEvents());
    await w.say('hello');
    const yes = await w.tap('consent.yes', 'Yes, all of them');
    const next = await w.say('hello again');

    expect(yes.contact.consent.categories['events']).toBe(true);
    expect(w.texts(next.replies).join()).not.toContain('Good news');
  });
});
