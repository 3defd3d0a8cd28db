import { afterEach, describe, expect, it } from 'vitest';
import type { CloudApiClient } from '../../src/channels/whatsapp/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { Store } from '../../src/store/port.js';
import { cloudError } from '../support/fake-cloud-api.js';
import { createFakeScheduler } from '../support/fake-scheduler.js';
import { postWebhook, startTestServer, type TestServer } from '../support/test-server.js';
import { BASE_TIMESTAMP, textMessagePayload } from '../support/whatsapp-payloads.js';

/**
 * The Cloud API answers 503 to everything for ten minutes while customers keep writing: every
 * webhook is still answered 200 (the replies are in the outbox), the sender keeps no more than
 * its share in memory and probes the API rather than hammering it, and once the API is back
 * every reply arrives, once, in each customer's order.
 */
const CUSTOMERS = 300;
const MAX_CONTACTS = 40;
const MAX_IN_FLIGHT = 8;

describe('the Cloud API down for a while, then back', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it(
    'delivers every reply after the outage, with memory bounded meanwhile',
    { timeout: 120_000 },
    async () => {
      const scheduler = createFakeScheduler(BASE_TIMESTAMP * 1000);
      const shared = createMemoryStore();
      const saved = new Map<string, string[]>();
      const store: Store = {
        ...shared,
        saveTurn: async (input) => {
          const contact = await shared.saveTurn(input);
          saved.set(contact.id, [
            ...(saved.get(contact.id) ?? []),
            ...(input.outbox ?? []).map((e) => e.id),
          ]);
          return contact;
        },
      };
      const server = await startTestServer({
        store,
        clock: scheduler.clock,
        sender: {
          scheduler,
          maxContacts: MAX_CONTACTS,
          maxInFlight: MAX_IN_FLIGHT,
          retry: { minDelayMs: 1_000, maxDelayMs: 60_000 },
        },
        wrapClient: (client): CloudApiClient => ({
          send: (number, message) => scheduler.track(client.send(number, message)),
        }),
      });
      t = server;
      const cloud = server.fakeCloud;
      cloud.answerEvery(cloudError(503, 2, 'Service temporarily unavailable'));

      const say = (customer: number, text: string, minute: number) =>
        postWebhook(
          server.url,
          textMessagePayload({
            from: `1415557${String(customer).padStart(4, '0')}`,
            text,
            timestamp: BASE_TIMESTAMP + minute * 60,
          }),
        );
      const peak = { contacts: 0, inFlight: 0, waiting: 0 };
      const watch = () => {
        const stats = server.deps.sender.stats();
        peak.contacts = Math.max(peak.contacts, stats.contacts);
        peak.inFlight = Math.max(peak.inFlight, stats.inFlight);
        peak.waiting = Math.max(peak.waiting, stats.waiting);
      };

      // Ten minutes of outage: every customer writes, then writes again.
      for (const [minute, text] of [
        [0, 'Hello'],
        [5, 'HELP'],
      ] as const) {
        for (let first = 0; first < CUSTOMERS; first += 50) {
          const answers = await Promise.all(
            Array.from({ length: 50 }, (_, i) => say(first + i, text, minute)),
          );
          expect(answers.every((answer) => answer.status === 200)).toBe(true);
          watch();
        }
        for (let second = 0; second < 300; second += 10) {
          await scheduler.runFor(10_000);
          watch();
        }
      }
      const callsDuringOutage = cloud.messages().length;
      const waitingReplies = [...saved.values()].flat().length;

      cloud.answerEvery(undefined);
      const sent = () =>
        cloud
          .messages()
          .slice(callsDuringOutage)
          .map(
            (r) => (r.body as { biz_opaque_callback_data?: string }).biz_opaque_callback_data ?? '',
          );
      for (let round = 0; round < 120 && new Set(sent()).size < waitingReplies; round += 1) {
        await scheduler.runFor(10_000);
        watch();
      }

      // Memory held no more than its share while the store kept the rest.
      expect(peak.contacts).toBeLessThanOrEqual(MAX_CONTACTS);
      expect(peak.waiting).toBeLessThanOrEqual(MAX_CONTACTS);
      expect(peak.inFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      // The API was probed, not hammered: far fewer calls than replies waiting for it.
      expect(callsDuringOutage).toBeLessThan(waitingReplies / 2);
      // Every reply arrived once, in each customer's order.
      const after = sent();
      expect(new Set(after).size).toBe(waitingReplies);
      for (const [contactId, ids] of saved) {
        const contact = await shared.getContact(contactId);
        const to = contact!.phone!.slice(1);
        const arrivals = cloud
          .messages()
          .slice(callsDuringOutage)
          .filter((r) => (r.body as { to?: string }).to === to)
          .map((r) => (r.body as { biz_opaque_callback_data?: string }).biz_opaque_callback_data);
        expect(arrivals).toEqual(ids);
      }
      expect(await shared.findDueOutboxes(scheduler.clock.now() + 3_600_000, 10)).toEqual([]);
    },
  );
});
