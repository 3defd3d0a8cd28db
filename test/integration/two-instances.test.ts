import { afterAll, describe, expect, it } from 'vitest';
import type { CloudApiClient } from '../../src/channels/whatsapp/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { OutboundEntry, Store } from '../../src/store/port.js';
import { startFakeCloudApi, type FakeCloudApi } from '../support/fake-cloud-api.js';
import { createFakeScheduler } from '../support/fake-scheduler.js';
import { postWebhook, startTestServer, type TestServer } from '../support/test-server.js';
import {
  BASE_TIMESTAMP,
  buttonReplyPayload,
  textMessagePayload,
} from '../support/whatsapp-payloads.js';
import { seededRandom } from '../support/seeded-random.js';

/**
 * Two server instances over one store, as two processes behind a load balancer over one
 * database, with WhatsApp delivering every message twice, in any order, to either of them; one
 * instance is stopped hard halfway (no graceful shutdown: its process is simply gone, calls in
 * flight and all). Time is a fake clock both share: it moves only when the test moves it, and
 * stands still while a call to the (fake) Cloud API is under way, so the pace is judged on the
 * times the Cloud API saw the messages at.
 */
const CUSTOMERS = 200;
const PER_NUMBER_PER_SECOND = 80;
const LEASE_MS = 30_000;
/** Deliveries posted at once, then the clock moves a little. */
const CHUNK = 40;

/** One customer's conversation: ten messages, taps and typed text. */
const CONVERSATION: readonly (
  { readonly text: string } | { readonly id: string; readonly title: string }
)[] = [
  { text: 'Hello' },
  { id: 'consent.yes', title: 'Yes, all of them' },
  { id: 'service.hours', title: 'Hours & returns' },
  { text: 'HELP' },
  { text: 'MENU' },
  { id: 'service.track', title: 'Track an order' },
  { text: 'STOP' },
  { text: 'START' },
  { text: 'where is my parcel?' },
  { text: 'thanks' },
];

interface Received {
  readonly entry: string;
  readonly to: string;
  readonly at: number;
}

/** Wraps a store so that, once `dead()`, nothing it is asked ever answers: a process gone. */
function killable(inner: Store, dead: () => boolean, completed: Set<string>): Store {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (dead()) return new Promise(() => undefined);
        const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
        if (dead()) return new Promise(() => undefined);
        if (property === 'completeOutbound') completed.add((args[0] as OutboundEntry).id);
        return result;
      };
    },
  });
}

describe('two instances over one store, one stopped hard halfway', () => {
  let fakeCloud: FakeCloudApi | undefined;
  afterAll(async () => {
    await fakeCloud?.close();
  });

  it(
    'delivers every reply, in each customer’s order, within the number’s pace',
    { timeout: 240_000 },
    async () => {
      const scheduler = createFakeScheduler(BASE_TIMESTAMP * 1000);
      const cloud = await startFakeCloudApi();
      fakeCloud = cloud;
      const received: Received[] = [];
      cloud.onRequest((request) => {
        const body = request.body as { biz_opaque_callback_data?: string; to?: string };
        received.push({
          entry: body.biz_opaque_callback_data ?? '',
          to: body.to ?? '',
          at: scheduler.clock.now(),
        });
      });

      const shared = createMemoryStore();
      /** Each contact's outbox entries in the order the store saved them. */
      const saved = new Map<string, string[]>();
      const recording: Store = {
        ...shared,
        saveTurn: async (input) => {
          const contact = await shared.saveTurn(input);
          const ids = saved.get(contact.id) ?? [];
          ids.push(...(input.outbox ?? []).map((entry) => entry.id));
          saved.set(contact.id, ids);
          return contact;
        },
      };

      let aDead = false;
      /** From the chunk before the stop, A's calls reach WhatsApp but A never hears back. */
      let aFrozen = false;
      let unfreeze: () => void = () => undefined;
      const frozen = new Promise<void>((resolve) => (unfreeze = resolve));
      const aStarted = new Set<string>();
      const aCompleted = new Set<string>();
      const instance = (name: 'A' | 'B', store: Store, dead: () => boolean) =>
        startTestServer({
          store,
          clock: scheduler.clock,
          fakeCloud: cloud,
          env: { OUTBOUND_PER_SECOND: String(PER_NUMBER_PER_SECOND) },
          sender: {
            owner: name,
            scheduler,
            leaseMs: LEASE_MS,
            pacing: { perCustomerIntervalMs: 6_000 },
            retry: { minDelayMs: 100, maxDelayMs: 1_000 },
          },
          wrapClient: (client): CloudApiClient => ({
            send: async (number, message) => {
              if (dead()) return new Promise(() => undefined);
              if (name === 'A') aStarted.add(message.biz_opaque_callback_data ?? '');
              const answer = await scheduler.track(client.send(number, message));
              if (name === 'A' && aFrozen) await frozen;
              // The process went while the call was under way: the answer reaches nobody.
              if (dead()) return new Promise(() => undefined);
              return answer;
            },
          }),
        });
      const a: TestServer = await instance(
        'A',
        killable(recording, () => aDead, aCompleted),
        () => aDead,
      );
      const b: TestServer = await instance('B', recording, () => false);

      // 200 customers × 10 messages, each delivered twice, in a random order, to either instance.
      const next = seededRandom(20_260_101);
      const deliveries = Array.from({ length: CUSTOMERS }, (_, customer) =>
        CONVERSATION.map((step, i) => {
          const sender = {
            from: `1415556${String(customer).padStart(4, '0')}`,
            id: `wamid.TWO.${customer}.${i}`,
            timestamp: BASE_TIMESTAMP + i * 60,
          };
          return 'text' in step
            ? textMessagePayload({ ...sender, text: step.text })
            : buttonReplyPayload({ ...sender, buttonId: step.id, title: step.title });
        }),
      )
        .flat()
        .flatMap((payload) => [payload, payload])
        .map((payload) => ({ payload, order: next() }))
        .sort((x, y) => x.order - y.order)
        .map(({ payload }) => payload);

      let inFlightAtStop = new Set<string>();
      const half = Math.floor(deliveries.length / 2 / CHUNK) * CHUNK;
      for (let start = 0; start < deliveries.length; start += CHUNK) {
        if (start === half - CHUNK) aFrozen = true;
        if (start === half) {
          // Stopped hard: no shutdown, no more webhooks, nothing more written or sent by it.
          aDead = true;
          unfreeze();
          a.server.server.closeAllConnections();
          a.server.close();
          inFlightAtStop = new Set([...aStarted].filter((entry) => !aCompleted.has(entry)));
        }
        const answers = await Promise.all(
          deliveries
            .slice(start, start + CHUNK)
            .map((payload) => postWebhook((aDead || next() < 0.5 ? b : a).url, payload)),
        );
        expect(answers.every((answer) => answer.status === 200)).toBe(true);
        await scheduler.runFor(50);
      }

      const entries = () => [...saved.values()].flat();
      /** The replies saved that WhatsApp has not received yet. */
      const undelivered = () => {
        const delivered = new Set(received.map((r) => r.entry));
        return entries().filter((id) => !delivered.has(id));
      };
      for (let round = 0; round < 200 && undelivered().length > 0; round += 1) {
        await scheduler.runFor(5_000);
      }
      await b.deps.sender.stop(1_000);
      await scheduler.runFor(2_000);

      // Every reply delivered.
      const missing = undelivered();
      expect(missing).toEqual([]);
      // None twice, except those whose call was in flight when A stopped.
      const counts = new Map<string, number>();
      for (const { entry } of received) counts.set(entry, (counts.get(entry) ?? 0) + 1);
      const twice = [...counts].filter(([, n]) => n > 1).map(([entry]) => entry);
      process.stdout.write(
        `two instances: ${entries().length} replies to ${CUSTOMERS} customers, ${received.length} sends, ` +
          `${twice.length} sent twice (${inFlightAtStop.size} in flight when A stopped)\n`,
      );
      expect(twice.filter((entry) => !inFlightAtStop.has(entry))).toEqual([]);
      expect(inFlightAtStop.size).toBeGreaterThan(0);
      expect([...counts.values()].every((n) => n <= 2)).toBe(true);

      // In each customer's order: the first time each reply arrived, in the order it was saved.
      for (const [contactId, ids] of saved) {
        const contact = await shared.getContact(contactId);
        const to = contact!.phone!.slice(1);
        const arrivals = received.filter((r) => r.to === to).map((r) => r.entry);
        const firsts = arrivals.filter((entry, i) => arrivals.indexOf(entry) === i);
        expect(firsts, contact!.phone).toEqual(ids);
      }

      // The number's pace, 80 a second with a burst of 80, never exceeded by both together.
      const times = received.map((r) => r.at).sort((x, y) => x - y);
      let tokens = PER_NUMBER_PER_SECOND;
      let last = times[0] ?? 0;
      const overdrawn: number[] = [];
      for (const at of times) {
        tokens = Math.min(
          PER_NUMBER_PER_SECOND,
          tokens + ((at - last) * PER_NUMBER_PER_SECOND) / 1000,
        );
        last = at;
        tokens -= 1;
        if (tokens < -1e-6) overdrawn.push(at);
      }
      expect(overdrawn).toEqual([]);
      await b.close();
    },
  );
});
