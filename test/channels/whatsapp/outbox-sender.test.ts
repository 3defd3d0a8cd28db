import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CloudApiClient, CloudMessage } from '../../../src/channels/whatsapp/index.js';
import {
  createOutboxSender,
  createWhatsAppOutbound,
  type OutboxSenderOptions,
} from '../../../src/channels/whatsapp/index.js';
import { WINDOW_MS } from '../../../src/core/window.js';
import { ChannelError, SendRefusedError, StoreUnavailableError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics/index.js';
import { createConsentService } from '../../../src/service/consent-service.js';
import { createFlowCatalog } from '../../../src/service/flow-catalog.js';
import type { OutboundMessage } from '../../../src/service/outbound-port.js';
import { queuedEntries } from '../../../src/service/outbox-entries.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import type { Store } from '../../../src/store/port.js';
import { createFakeScheduler } from '../../support/fake-scheduler.js';
import { loadTestFlows } from '../../support/test-server.js';

const NUMBER = '106540352242922';
const WAIT = 10 * 60_000;

const textOf = (message: CloudMessage): string =>
  message.type === 'text'
    ? message.text.body
    : message.type === 'interactive'
      ? message.interactive.body.text
      : message.template.name;

const text = (body: string): OutboundMessage => ({
  kind: 'reply',
  reply: { type: 'text', text: body },
});

interface SetupOptions {
  readonly sender?: Partial<OutboxSenderOptions>;
  /** How long the fake Cloud API takes to accept a message, by its text (default: at once). */
  readonly slow?: Record<string, number>;
  /** Errors the fake Cloud API answers a message with, by its text, one per try. */
  readonly refuse?: Record<string, ChannelError[]>;
  /** While true, the fake Cloud API answers 503 to everything. */
  readonly failWhile?: () => boolean;
  readonly store?: Store;
  readonly dryRun?: boolean;
}

/**
 * The outbox sender over a memory store, on a fake scheduler, with a fake Cloud API client that
 * records when each message reached it (ms since start) and the outbox id it carried, and
 * answers `wamid.<n>` for the n-th message it received.
 */
async function setup(options: SetupOptions = {}) {
  const scheduler = createFakeScheduler();
  const { clock } = scheduler;
  const start = clock.now();
  const store = options.store ?? createMemoryStore();
  const flows = createFlowCatalog(await loadTestFlows(), 'default');
  const reached: { text: string; at: number; entry?: string }[] = [];
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const client: CloudApiClient = {
    async send(_number, message) {
      const body = textOf(message);
      const entry = message.biz_opaque_callback_data;
      reached.push({ text: body, at: clock.now() - start, ...(entry ? { entry } : {}) });
      const waMessageId = `wamid.${reached.length}`;
      const delay = options.slow?.[body];
      if (delay !== undefined) await scheduler.sleep(delay);
      const refusal = options.refuse?.[body]?.shift();
      if (refusal) throw refusal;
      if (options.failWhile?.()) throw new ChannelError('HTTP 503', 503, undefined, true);
      return { waMessageId };
    },
  };
  const sender = createOutboxSender({
    store,
    ...(options.dryRun ? {} : { client }),
    consent: createConsentService({ store, flows, clock }),
    clock,
    scheduler,
    logger: createLogger({ level: 'info', destination }),
    metrics: createMetrics(),
    defaultNumberId: NUMBER,
    random: () => 0.5,
    ...options.sender,
  });
  const outbound = createWhatsAppOutbound({
    store,
    sender,
    clock,
    defaultPhoneNumberId: NUMBER,
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  /** A customer who wrote a minute ago: the window is open. */
  const contact = async (phone: string, wroteAgoMs = 60_000) => {
    const created = await store.ensureContact({ phone }, clock.now());
    const at = clock.now() - wroteAgoMs;
    return store.saveTurn({
      contactId: created.id,
      expectedVersion: created.version,
      patch: { lastInboundAt: at, windowStartedAt: at },
      events: [],
      now: clock.now(),
    });
  };
  /** Queues messages and waits (on the fake clock) for their outcomes. */
  const send = (
    to: Awaited<ReturnType<typeof contact>>,
    messages: OutboundMessage[],
    recheck = false,
  ) => outbound.send(to, messages, { waitMs: WAIT, recheck }).catch((e: unknown) => e);
  return { scheduler, store, sender, reached, logs, contact, send, start };
}

describe('outbox sender: order', () => {
  it('sends one customer’s batches one after the other, even when a message of the first is slow', async () => {
    const { scheduler, sender, reached, contact, send } = await setup({ slow: { menu: 300 } });
    const alice = await contact('+14155550101');

    const turn1 = send(alice, [text('menu'), text('question')]);
    const turn2 = send(alice, [text('done')]);
    await scheduler.runUntilIdle();

    expect(await turn1).toMatchObject([{ waMessageId: 'wamid.1' }, { waMessageId: 'wamid.2' }]);
    expect(await turn2).toMatchObject([{ waMessageId: 'wamid.3' }]);
    expect(reached.map(({ text: t, at }) => ({ text: t, at }))).toEqual([
      { text: 'menu', at: 0 },
      { text: 'question', at: 300 },
      { text: 'done', at: 300 },
    ]);
    expect(sender.stats()).toEqual({ contacts: 0, inFlight: 0, waiting: 0 });
  });

  it('carries the outbox id in every message, for its status webhooks and to tell a resend', async () => {
    const { scheduler, store, reached, contact, send } = await setup();
    const alice = await contact('+14155550101');

    const sent = send(alice, [text('menu')]);
    await scheduler.runUntilIdle();

    const [receipt] = (await sent) as { id: string }[];
    expect(reached[0]?.entry).toBe(receipt?.id);
    expect(await store.listOutbound(alice.id)).toMatchObject([
      { id: receipt?.id, status: 'sent', waMessageId: 'wamid.1', attempts: 1 },
    ]);
  });

  it('does not send the rest of a batch after a message that could not be sent; the next batch goes', async () => {
    const undeliverable = new ChannelError('Message undeliverable', 400, 131026, false);
    const { scheduler, store, reached, contact, send } = await setup({
      refuse: { menu: [undeliverable] },
    });
    const alice = await contact('+14155550101');

    const failing = send(alice, [text('menu'), text('question')]);
    const next = send(alice, [text('done')]);
    await scheduler.runUntilIdle();

    expect(await failing).toBe(undeliverable);
    expect(await next).toMatchObject([{ waMessageId: 'wamid.2' }]);
    expect(reached.map((r) => r.text)).toEqual(['menu', 'done']);
    const log = new Map((await store.listOutbound(alice.id)).map((e) => [e.body, e]));
    expect(log.get('menu')).toMatchObject({ status: 'failed', errorCode: 131026 });
    expect(log.get('question')).toMatchObject({
      status: 'failed',
      errorTitle: 'not sent: an earlier message of the same batch could not be sent',
    });
    expect(log.get('done')).toMatchObject({ status: 'sent' });
  });

  it('suppresses marketing when a send is refused with 131050, counts it, and does not try again', async () => {
    const stopped = new ChannelError('marketing messages stopped', 400, 131050, false);
    const metrics = createMetrics();
    const { scheduler, store, reached, contact, send } = await setup({
      refuse: { offer: [stopped] },
      sender: { metrics },
    });
    const alice = await contact('+14155550101');

    const failing = send(alice, [text('offer')]);
    await scheduler.runUntilIdle();

    expect(await failing).toBe(stopped);
    expect(reached.map((r) => r.text)).toEqual(['offer']);
    expect((await store.findContact({ phone: '+14155550101' }))?.consent.marketingSuppressed).toBe(
      true,
    );
    expect((await store.listEvents(alice.id)).at(-1)).toMatchObject({
      type: 'consent.marketing_suppressed',
      source: 'whatsapp',
      evidence: { errorCode: 131050, trigger: 'error_131050' },
    });
    const counted = (await metrics.consentChanges.get()).values;
    expect(counted).toEqual([
      expect.objectContaining({
        labels: { change: 'marketing_stop', source: 'whatsapp', language: 'none' },
        value: 1,
      }),
    ]);
  });

  it('sends different customers’ batches side by side', async () => {
    const { scheduler, reached, contact, send } = await setup({ slow: { 'alice 1': 300 } });
    const [alice, bob] = await Promise.all([contact('+14155550101'), contact('+14155550102')]);

    const sends = Promise.all([
      send(alice, [text('alice 1'), text('alice 2')]),
      send(bob, [text('bob 1'), text('bob 2')]),
    ]);
    await scheduler.runUntilIdle();
    await sends;

    expect(reached.map(({ text: t, at }) => ({ text: t, at }))).toEqual([
      { text: 'alice 1', at: 0 },
      { text: 'bob 1', at: 0 },
      { text: 'bob 2', at: 0 },
      { text: 'alice 2', at: 300 },
    ]);
  });

  it('paces the business number across customers, and one customer after the burst', async () => {
    const { scheduler, reached, contact, send } = await setup({
      sender: {
        pacing: { perNumberPerSecond: 2, perCustomerBurst: 2, perCustomerIntervalMs: 6_000 },
      },
    });
    const [alice, bob] = await Promise.all([contact('+14155550101'), contact('+14155550102')]);

    const sends = Promise.all([
      send(alice, [text('a'), text('b')]),
      send(alice, [text('c')]),
      send(bob, [text('x')]),
    ]);
    await scheduler.runUntilIdle();
    await sends;

    expect(reached.map(({ text: t, at }) => ({ text: t, at }))).toEqual([
      { text: 'a', at: 0 },
      { text: 'x', at: 0 },
      { text: 'b', at: 500 },
      { text: 'c', at: 6_000 },
    ]);
  });
});

const down = () => new ChannelError('HTTP 503', 503, undefined, true);

describe('outbox sender: retries', () => {
  it('tries a message again after 5xx with growing waits, through the pace, until it goes', async () => {
    const { scheduler, store, reached, logs, contact, send } = await setup({
      refuse: { 'Done: no more messages': [down(), down(), down()] },
      sender: { retry: { minDelayMs: 1_000, maxDelayMs: 60_000 } },
    });
    const alice = await contact('+14155550101');

    const sent = send(alice, [text('Done: no more messages')]);
    await scheduler.runUntilIdle();

    expect(await sent).toMatchObject([{ waMessageId: 'wamid.4' }]);
    // Full jitter at 0.5 between 1 s and the doubling ceiling: 1 s, 1.5 s, 2.5 s.
    expect(reached.map((r) => r.at)).toEqual([0, 1_000, 2_500, 5_000]);
    expect((await store.listOutbound(alice.id))[0]).toMatchObject({ status: 'sent', attempts: 4 });
    expect(logs.filter((l) => l.level === 40)).toHaveLength(1); // warned once, not per try
  });

  it('honours Retry-After, capped like any wait', async () => {
    const throttled = (ms: number) =>
      new ChannelError('HTTP 429', 429, 4, true, { retryAfterMs: ms });
    const { scheduler, reached, contact, send } = await setup({
      refuse: { hi: [throttled(7_000), throttled(3_600_000)] },
      sender: { retry: { minDelayMs: 100, maxDelayMs: 60_000 } },
    });
    const alice = await contact('+14155550101');

    const sent = send(alice, [text('hi')]);
    await scheduler.runUntilIdle();
    await sent;

    expect(reached.map((r) => r.at)).toEqual([0, 7_000, 67_000]);
  });

  it('tries a reply again past any count of failures while the window is open, the waits capped', async () => {
    const { scheduler, reached, contact, send } = await setup({
      refuse: { menu: Array.from({ length: 7 }, down) },
      sender: { retry: { minDelayMs: 1_000, maxDelayMs: 8_000 }, random: () => 1 },
    });
    const alice = await contact('+14155550101');

    const sent = send(alice, [text('menu'), text('question')]);
    await scheduler.runUntilIdle();

    expect(await sent).toHaveLength(2);
    // 1, 2, 4, 8 s, then the cap: 8 s between every later try; the question right after.
    expect(reached.map((r) => r.at)).toEqual([
      0, 1_000, 3_000, 7_000, 15_000, 23_000, 31_000, 39_000, 39_000,
    ]);
  });

  it('gives a reply up once the customer’s window has closed, marking it failed', async () => {
    const { scheduler, store, reached, contact, send } = await setup({
      refuse: { menu: Array.from({ length: 1_000 }, down) },
      sender: { retry: { minDelayMs: 1_000, maxDelayMs: 8_000 }, random: () => 1 },
    });
    // The window closes 60 s from now.
    const alice = await contact('+14155550101', WINDOW_MS - 60_000);

    const sent = send(alice, [text('menu')]);
    await scheduler.runUntilIdle();

    expect(await sent).toBeInstanceOf(ChannelError);
    expect(reached.map((r) => r.at)).toEqual([
      0, 1_000, 3_000, 7_000, 15_000, 23_000, 31_000, 39_000, 47_000, 55_000,
    ]);
    const [entry] = await store.listOutbound(alice.id);
    expect(entry).toMatchObject({ status: 'failed' });
    expect(entry?.errorTitle).toMatch(/the customer's 24-hour window has closed/);
  });

  it('takes the number’s tokens for every retry: an outage that ends does not release a burst', async () => {
    let outage = true;
    const { scheduler, reached, contact, send } = await setup({
      sender: {
        pacing: { perNumberPerSecond: 2 },
        retry: { minDelayMs: 100, maxDelayMs: 100 },
      },
      failWhile: () => outage,
    });
    void scheduler.sleep(5_000).then(() => {
      outage = false;
    });
    const customers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => contact(`+1415555020${i}`)),
    );

    const sends = Promise.all(customers.map((c, i) => send(c, [text(String(i))])));
    await scheduler.runUntilIdle();
    await sends;

    const times = reached.map((r) => r.at).sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(12);
    // A bucket of 2 refilled every 500 ms: never more than 2 + 2 tries in any second.
    for (const at of times) {
      expect(times.filter((t) => t >= at && t < at + 1_000).length).toBeLessThanOrEqual(4);
    }
  });

  it('gives a message up once it has failed for longer than maxAgeMs, and says why', async () => {
    const { scheduler, store, contact, send } = await setup({
      refuse: { hi: Array.from({ length: 100 }, down) },
      sender: { retry: { minDelayMs: 1_000, maxDelayMs: 10_000, maxAgeMs: 60_000 } },
    });
    const alice = await contact('+14155550101');

    const sent = send(alice, [text('hi')]);
    await scheduler.runUntilIdle();

    expect(await sent).toBeInstanceOf(ChannelError);
    const [entry] = await store.listOutbound(alice.id);
    expect(entry?.status).toBe('failed');
    expect(entry?.errorTitle).toMatch(
      /^not sent: still failing after \d+ attempts, 1 min after it was queued: HTTP 503/,
    );
  });

  it('holds the whole number back when its sends fail for everyone, one try per wait', async () => {
    const { scheduler, reached, contact, send } = await setup({
      refuse: Object.fromEntries(
        ['a', 'b', 'c', 'd'].map((t) => [t, [down(), down(), down()]] as const),
      ),
      sender: { retry: { minDelayMs: 1_000, maxDelayMs: 60_000 } },
    });
    const customers = await Promise.all(
      ['+14155550101', '+14155550102', '+14155550103', '+14155550104'].map(contact),
    );

    const sends = Promise.all(customers.map((c, i) => send(c, [text('abcd'[i]!)])));
    await scheduler.runUntilIdle();
    await sends;

    const tries = reached.filter((r) => r.at > 0 && r.at < 1_000);
    expect(tries).toEqual([]); // after the first failures, nobody tries again before the wait
    expect(reached.filter((r) => r.text === 'a')).toHaveLength(4);
  });

  it('records the outcome once the store is back, without sending the message again', async () => {
    const inner = createMemoryStore();
    let failing = 2;
    const store: Store = {
      ...inner,
      completeOutbound: (entry, lease) =>
        failing-- > 0
          ? Promise.reject(new StoreUnavailableError('simulated outage'))
          : inner.completeOutbound(entry, lease),
    };
    const { scheduler, reached, logs, contact, send } = await setup({ store });
    const alice = await contact('+14155550101');

    const sent = send(alice, [text('Done: no more messages')]);
    await scheduler.runUntilIdle();

    expect(await sent).toMatchObject([{ waMessageId: 'wamid.1' }]);
    expect(reached).toHaveLength(1);
    expect((await inner.listOutbound(alice.id))[0]).toMatchObject({ status: 'sent' });
    const errors = logs.filter((line) => line.level === 50);
    expect(errors[0]).toMatchObject({ msg: 'outcome of a message not recorded; trying again' });
    expect(JSON.stringify(logs)).not.toContain('14155550101');
  });
});

describe('outbox sender: the send policy at the moment of sending', () => {
  const optedOut = () =>
    new SendRefusedError('opted_out', 'The customer opted out of WhatsApp messages.', ['sms']);

  it('is asked right before each Cloud API call, once pacing lets the message go', async () => {
    const asked: number[] = [];
    const scheduled = { at: () => 0 };
    const { scheduler, reached, contact, send, start } = await setup({
      sender: {
        pacing: { perCustomerBurst: 1, perCustomerIntervalMs: 6_000 },
        recheck: () => {
          asked.push(scheduled.at());
          return Promise.resolve(undefined);
        },
      },
    });
    scheduled.at = () => scheduler.clock.now() - start;
    const alice = await contact('+14155550101');

    const sent = send(alice, [text('a'), text('b')], true);
    await scheduler.runUntilIdle();
    await sent;

    expect(asked).toEqual([0, 6_000]);
    expect(reached.map((r) => r.at)).toEqual([0, 6_000]);
  });

  it('on a refusal sends nothing, marks the entry failed with the reason and rejects with the refusal', async () => {
    const refusal = optedOut();
    const { scheduler, store, reached, contact, send } = await setup({
      sender: { recheck: (entry) => Promise.resolve(entry.body === 'offer' ? refusal : undefined) },
    });
    const alice = await contact('+14155550101');

    const refused = send(alice, [text('offer')], true);
    const next = send(alice, [text('Done: no more messages')], true);
    await scheduler.runUntilIdle();

    expect(await refused).toBe(refusal);
    expect(await next).toHaveLength(1);
    expect(reached.map((r) => r.text)).toEqual(['Done: no more messages']);
    const entry = (await store.listOutbound(alice.id)).find((e) => e.body === 'offer');
    expect(entry?.status).toBe('failed');
    expect(entry?.waMessageId).toBeUndefined();
    expect(entry?.errorTitle).toMatch(/^refused at the moment of sending \(opted_out\)/);
  });

  it('is asked in dry-run mode too', async () => {
    const refusal = optedOut();
    const { scheduler, store, contact, send } = await setup({
      dryRun: true,
      sender: { recheck: () => Promise.resolve(refusal) },
    });
    const alice = await contact('+14155550101');

    const refused = send(alice, [text('offer')], true);
    await scheduler.runUntilIdle();

    expect(await refused).toBe(refusal);
    expect((await store.listOutbound(alice.id))[0]?.status).toBe('failed');
  });
});

describe('outbox sender: start and stop', () => {
  it('takes over at start-up what a stopped sender left in the outbox once its lease ran out', async () => {
    const { scheduler, store, sender, reached, contact } = await setup({
      sender: { leaseMs: 30_000, sweepMs: 5_000 },
    });
    const alice = await contact('+14155550101');
    // Left by a sender that is gone: queued under its lease, never sent.
    const now = scheduler.clock.now();
    await store.queueOutbound(
      alice.id,
      queuedEntries([text('left 1'), text('left 2')], { contactId: alice.id, now }),
      { owner: 'gone', until: now + 30_000, now },
    );

    await sender.start();
    await scheduler.runFor(20_000);
    expect(reached).toEqual([]); // its lease still runs: nobody else may send it yet
    await scheduler.runFor(20_000);
    await sender.stop(0);
    await scheduler.runUntilIdle();

    expect(reached.map((r) => r.text)).toEqual(['left 1', 'left 2']);
    // Taken by the first sweep after the lease ran out (sweeps every 5 s).
    expect(reached[0]!.at).toBeGreaterThanOrEqual(30_000);
    expect(reached[0]!.at).toBeLessThanOrEqual(35_000);
    expect((await store.listOutbound(alice.id)).map((e) => e.status)).toEqual(['sent', 'sent']);
  });

  it('on a graceful stop finishes the call in flight, records it, and leaves the rest to others at once', async () => {
    const { scheduler, store, sender, reached, contact, send } = await setup({
      slow: { first: 2_000 },
    });
    const alice = await contact('+14155550101');
    void send(alice, [text('first'), text('second')]);
    await scheduler.runFor(100);
    expect(reached.map((r) => r.text)).toEqual(['first']);

    const stopping = sender.stop(5_000);
    await scheduler.runFor(3_000);
    await stopping;

    expect(reached.map((r) => r.text)).toEqual(['first']);
    const left = await store.getContact(alice.id);
    expect(left?.outbox?.map((e) => e.body)).toEqual(['second']);
    expect(left?.outboxLease).toBeUndefined();
    expect((await store.listOutbound(alice.id))[0]).toMatchObject({
      body: 'first',
      status: 'sent',
    });
    expect(await store.findDueOutboxes(scheduler.clock.now(), 10)).toEqual([alice.id]);
    // Stopped: it takes nothing more, not even what is queued after.
    expect(sender.lease()).toBeUndefined();
    sender.wake(
      await store.queueOutbound(
        alice.id,
        queuedEntries([text('later')], { contactId: alice.id, now: scheduler.clock.now() }),
      ),
    );
    await scheduler.runUntilIdle();
    expect(reached).toHaveLength(1);
  });

  it('gives up waiting at the deadline for a call that does not finish; its lease runs out for another', async () => {
    const { scheduler, store, sender, reached, contact, send } = await setup({
      slow: { stuck: 60_000 },
    });
    const alice = await contact('+14155550101');
    void send(alice, [text('stuck')]);
    await scheduler.runFor(100);

    const stopping = sender.stop(1_000);
    await scheduler.runFor(1_000);
    await stopping;

    expect(reached).toHaveLength(1);
    const left = await store.getContact(alice.id);
    expect(left?.outbox?.map((e) => e.body)).toEqual(['stuck']);
    expect(left?.outboxLease?.until).toBeGreaterThan(scheduler.clock.now());
  });
});
