import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.js';
import { projectConsent } from '../../src/core/consent/project-consent.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { shippedCatalog } from '../support/shipped-flows.js';

/**
 * Issue 14, item 2: webhooks arrive out of order, and consent must follow the customers' own
 * message times whatever the arrival order. Every consent-bearing message is kept in the ledger
 * (a STOP too when it changes nothing at that moment), so a STOP that is the customer's latest
 * word is never lost to an earlier "yes" that arrives after it; and what the bot says stays true.
 */
const PHONE = '+14155550177';
const T0 = Date.parse('2026-06-01T10:00:00Z');

interface Sent {
  readonly text: string;
  /** Seconds after T0: the customer's message time. */
  readonly at: number;
}

/** Plays the messages in the order given (the arrival order), through a fresh turn service. */
async function play(arrivals: readonly Sent[]) {
  const catalog = shippedCatalog();
  const flow = catalog.defaultFlow();
  const store = createMemoryStore();
  const turns = createTurnService({
    store,
    flows: catalog,
    clock: createManualClock(T0 + 3600_000),
    logger: createSilentLogger(),
  });
  const texts = flow.definition.texts['en']!;
  const said: { text: string; at: number; status: string }[] = [];
  for (const [i, message] of arrivals.entries()) {
    const result = await turns.handleMessage({
      messageId: `wamid.order.${i}.${message.at}`,
      contact: { phone: PHONE },
      timestamp: T0 + message.at * 1000,
      content: { kind: 'text', text: message.text },
    });
    for (const reply of result.replies) {
      said.push({ text: reply.text, at: message.at, status: result.contact.consent.status });
    }
  }
  const contact = (await store.findContact({ phone: PHONE }))!;
  const events = await store.listEvents(contact.id);
  return {
    contact,
    events,
    said,
    flow,
    thanks: texts.optedIn.slice(0, 10),
    done: texts.optedOut.slice(0, 30),
  };
}

const isStop = (text: string) => /^stop$/i.test(text.trim());

describe('consent follows message time whatever the arrival order', () => {
  it('ends opted out for hello@0, STOP@30, STOP@90, START@50, YES@60 sent in that order', async () => {
    const { contact, events, said, thanks } = await play([
      { text: 'hello', at: 0 },
      { text: 'STOP', at: 30 },
      { text: 'STOP', at: 90 },
      { text: 'START', at: 50 },
      { text: 'YES', at: 60 },
    ]);
    expect(contact.consent.status).toBe('opted_out');
    expect(
      events.filter((e) => e.type === 'consent.revoked').map((e) => (e.occurredAt - T0) / 1000),
    ).toEqual([30, 90]);
    // Nothing untrue was said: no "Thank you! You will get…" after the customer's last STOP.
    expect(said.filter((s) => s.text.startsWith(thanks))).toEqual([]);
  });

  it('ends opted out for every arrival order of hello@0, STOP@30, STOP@90, START@50, YES@60', async () => {
    const messages: Sent[] = [
      { text: 'hello', at: 0 },
      { text: 'STOP', at: 30 },
      { text: 'STOP', at: 90 },
      { text: 'START', at: 50 },
      { text: 'YES', at: 60 },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(messages, { minLength: 5, maxLength: 5 }),
        async (order) => {
          const { contact, events } = await play(order);
          expect(contact.consent.status).toBe('opted_out');
          const stops = events.filter((e) => e.type === 'consent.revoked').map((e) => e.occurredAt);
          expect(stops.sort((a, b) => a - b)).toEqual([T0 + 30_000, T0 + 90_000]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps every STOP, lets a latest STOP win, derives state from the ledger, and never says something untrue, whatever the order', async () => {
    const words = [
      'hello',
      'STOP',
      'START',
      'YES',
      'no',
      'Yes, all of them',
      'stop sending me promos',
    ];
    const conversation = fc
      .uniqueArray(
        fc.record({ text: fc.constantFrom(...words), at: fc.integer({ min: 0, max: 900 }) }),
        { selector: (m) => m.at, minLength: 2, maxLength: 7 },
      )
      .chain((messages) =>
        fc.tuple(
          fc.constant(messages),
          fc.shuffledSubarray(messages, { minLength: messages.length, maxLength: messages.length }),
        ),
      );
    await fc.assert(
      fc.asyncProperty(conversation, async ([messages, arrivals]) => {
        const { contact, events, said, flow, thanks, done } = await play(arrivals);
        // Every STOP is in the ledger at its own message time.
        const stops = messages.filter((m) => isStop(m.text)).map((m) => T0 + m.at * 1000);
        const revoked = events
          .filter((e) => e.type === 'consent.revoked' && !('categories' in e && e.categories))
          .map((e) => e.occurredAt);
        for (const at of stops) expect(revoked).toContain(at);
        // The stored consent is the ledger's, ordered by message time.
        expect(contact.consent.status).toBe(
          projectConsent(events, flow.definition.categories).status,
        );
        // A STOP that is the customer's latest message by time holds.
        const latest = [...messages].sort((a, b) => b.at - a.at)[0]!;
        if (isStop(latest.text)) expect(contact.consent.status).toBe('opted_out');
        // A confirmation is true when it is sent.
        for (const s of said) {
          if (s.text.startsWith(thanks)) expect(s.status).toBe('opted_in');
          if (s.text.startsWith(done)) expect(s.status).toBe('opted_out');
        }
      }),
      { numRuns: 200 },
    );
  });
});
