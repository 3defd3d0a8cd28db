import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, HOUR } from '../../src/core/clock.js';
import type { ManualClock } from '../../src/core/clock.js';
import type { InboundContent, InboundMessage } from '../../src/core/conversation/inbound.js';
import type { ContactRef } from '../../src/core/identity.js';
import { createSilentLogger } from '../../src/logger.js';
import type { FlowCatalog } from '../../src/service/flow-catalog.js';
import { createTurnService } from '../../src/service/turn-service.js';
import type { TurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { Store } from '../../src/store/port.js';
import { shippedCatalog } from '../support/shipped-flows.js';

const PHONE = '+14155550101';
const catalog: FlowCatalog = shippedCatalog();
const question = catalog.defaultFlow().definition.texts['en']!.question.slice(0, 20);

describe('turn service', () => {
  let store: Store;
  let clock: ManualClock;
  let turns: TurnService;
  let seq = 0;

  const message = (
    content: InboundContent,
    contact: ContactRef = { phone: PHONE },
  ): InboundMessage => ({
    messageId: `wamid.test${++seq}`,
    contact,
    timestamp: clock.now(),
    content,
  });
  const text = (t: string, contact?: ContactRef) => message({ kind: 'text', text: t }, contact);
  const tap = (id: string, title = id) => message({ kind: 'choice', id, title });

  beforeEach(() => {
    store = createMemoryStore();
    clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
    turns = createTurnService({ store, flows: catalog, clock, logger: createSilentLogger() });
  });

  it('answers the customer first and asks for consent after the answer', async () => {
    const { replies } = await turns.handleMessage(text('hello'));
    expect(replies).toHaveLength(2);
    expect(replies[0]!.type).toBe('buttons');
    expect(replies[1]!.type === 'buttons' && replies[1]!.text.startsWith(question)).toBe(true);
  });

  it('stores the consent event with its proof before handing back the confirmation', async () => {
    await turns.handleMessage(text('hello'));
    const yes = tap('consent.yes', 'Yes, all of them');
    const result = await turns.handleMessage(yes);
    const events = await store.listEvents(result.contact.id);
    // The question shown (a fact for the report), then the answer with its proof.
    expect(events.map((e) => e.type)).toEqual(['consent.asked', 'consent.granted']);
    const [, granted] = events;
    expect(granted!.evidence).toMatchObject({
      flowId: 'default',
      flowVersion: catalog.defaultFlow().definition.version,
      replyText: 'Yes, all of them',
      messageId: yes.messageId,
    });
    expect(granted!.evidence.questionText?.startsWith(question)).toBe(true);
    expect(result.contact.consent.status).toBe('opted_in');
    expect(result.replies).toHaveLength(1);
  });

  it('applies a duplicate message id once', async () => {
    const first = text('STOP');
    await turns.handleMessage(text('hello'));
    const once = await turns.handleMessage(first);
    const twice = await turns.handleMessage(first);
    expect(once.replies).toHaveLength(1);
    expect(twice.duplicate).toBe(true);
    expect(twice.replies).toEqual([]);
    const events = await store.listEvents(once.contact.id);
    expect(events.map((e) => e.type)).toEqual(['consent.asked', 'consent.revoked']);
  });

  it('loses no update when two servers handle one contact at the same time', async () => {
    const other = createTurnService({ store, flows: catalog, clock, logger: createSilentLogger() });
    const messages = Array.from({ length: 12 }, (_, i) => text(`message ${i}`));
    await Promise.all(messages.map((m, i) => (i % 2 ? other : turns).handleMessage(m)));
    const contact = (await store.findContact({ phone: PHONE }))!;
    expect(contact.version).toBe(12);
    expect([...contact.recentMessageIds].sort()).toEqual(messages.map((m) => m.messageId).sort());
  });

  it('never moves the window back for a message delivered late', async () => {
    await turns.handleMessage(text('hello'));
    const latest = clock.now();
    const late = { ...text('an older message'), timestamp: latest - HOUR };
    const result = await turns.handleMessage(late);
    expect(result.contact.lastInboundAt).toBe(latest);
  });

  it('does not confirm a STOP delivered after the START and "Yes" the customer sent later', async () => {
    await turns.handleMessage(text('hello'));
    await turns.handleMessage(tap('consent.yes', 'Yes, all of them'));
    const stopAt = clock.now() + 60_000;
    clock.advance(2 * 60_000);
    await turns.handleMessage(text('START'));
    clock.advance(60_000);
    await turns.handleMessage(tap('consent.yes', 'Yes, all of them'));
    clock.advance(60_000);

    // WhatsApp redelivers the STOP of minute 1 only now (after a 503, say).
    const late = await turns.handleMessage({ ...text('STOP'), timestamp: stopAt });

    expect(late.consentEvents.map((e) => e.type)).toEqual(['consent.revoked']);
    expect(late.contact.consent.status).toBe('opted_in'); // the later "Yes" wins
    expect(late.replies).toEqual([]); // "Done: you won't get any more…" would be untrue
    const events = await store.listEvents(late.contact.id);
    expect(events.filter((e) => e.type === 'consent.revoked')).toHaveLength(1); // kept as proof
  });

  it('suppresses only marketing on "Stop promotions"', async () => {
    await turns.handleMessage(text('hello'));
    await turns.handleMessage(tap('consent.yes'));
    const result = await turns.handleMessage(
      message({ kind: 'quick_reply', payload: 'Stop promotions', text: 'Stop promotions' }),
    );
    expect(result.contact.consent.categories).toMatchObject({
      orders: true,
      account: true,
      offers: false,
    });
    expect(result.replies).toEqual([]);
  });

  it('follows the person when a user id arrives with a known phone', async () => {
    await turns.handleMessage(text('hello'));
    await turns.handleMessage(text('STOP'));
    const linked = await turns.handleMessage(
      text('hi', { phone: PHONE, userId: 'US.13491208655302741918' }),
    );
    const byUserId = await store.findContact({ userId: 'US.13491208655302741918' });
    expect(byUserId?.id).toBe(linked.contact.id);
    expect(byUserId?.consent.status).toBe('opted_out');
  });

  it("runs a message naming the phone and the user id after the person's message by user id only", async () => {
    const userId = 'US.13491208655302741918';
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    // A turn begins with the contact read; the first one is held there.
    const slowStore: Store = {
      ...store,
      async ensureContact(ref, now, merge) {
        started.push(ref.phone ? 'phone and user id' : 'user id');
        if (started.length === 1) await held;
        return store.ensureContact(ref, now, merge);
      },
    };
    turns = createTurnService({
      store: slowStore,
      flows: catalog,
      clock,
      logger: createSilentLogger(),
    });
    const byUserId = text('hello', { userId });
    const both = text('STOP', { phone: PHONE, userId });

    const results = Promise.all([turns.handleMessage(byUserId), turns.handleMessage(both)]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual(['user id']);
    release();

    const [, stopped] = await results;
    expect(started).toEqual(['user id', 'phone and user id']);
    expect(stopped.contact.consent.status).toBe('opted_out');
  });

  describe('ambiguous stop sentences (found by the model-based walk)', () => {
    const optIn = async () => {
      await turns.handleMessage(text('hello'));
      await turns.handleMessage(tap('consent.yes'));
    };

    it('asks again when a second one comes while the confirmation is open', async () => {
      await optIn();
      await turns.handleMessage(text('No, stop'));
      const second = await turns.handleMessage(text('no no, stop it there'));
      expect(second.replies).toHaveLength(1);
      expect(second.replies[0]!.type).toBe('buttons');
      expect(second.contact.consent.status).toBe('opted_in');
    });

    it('asks whether to stop when the question is open for an opted-in customer', async () => {
      await optIn();
      await turns.handleMessage(text('START'));
      const result = await turns.handleMessage(text('No, stop'));
      expect(result.replies).toHaveLength(1);
      expect(result.contact.consent.status).toBe('opted_in');
    });
  });
});
