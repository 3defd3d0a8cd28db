import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CloudApiClient, CloudMessage } from '../../../src/channels/whatsapp/index.js';
import { createOutboundQueue } from '../../../src/channels/whatsapp/index.js';
import type { OutboundQueueOptions } from '../../../src/channels/whatsapp/index.js';
import { createWhatsAppOutbound } from '../../../src/channels/whatsapp/whatsapp-outbound.js';
import {
  ChannelError,
  SendAbandonedError,
  SendRefusedError,
  StoreUnavailableError,
} from '../../../src/errors.js';
import { WINDOW_MS } from '../../../src/core/window.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics/index.js';
import { createConsentService } from '../../../src/service/consent-service.js';
import { createFlowCatalog } from '../../../src/service/flow-catalog.js';
import type { OutboundMessage } from '../../../src/service/outbound-port.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import type { Store } from '../../../src/store/port.js';
import { createFakeScheduler } from '../../support/fake-scheduler.js';
import { loadTestFlows } from '../../support/test-server.js';

const NUMBER = '106540352242922';

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
  readonly queue?: Partial<OutboundQueueOptions>;
  /** How long the fake Cloud API takes to accept a message, by its text (default: at once). */
  readonly slow?: Record<string, number>;
  /** The error the fake Cloud API answers a message with, by its text. */
  readonly refuse?: Record<string, ChannelError>;
  /** How many times the fake Cloud API answers a message with a 503 first, by its text. */
  readonly unavailable?: Record<string, number>;
  /** Messages the fake Cloud API never answers (until the send is aborted), by text. */
  readonly hang?: readonly string[];
  readonly store?: Store;
}

/**
 * The WhatsApp outbound port over a memory store, the real pacing queue on a fake scheduler,
 * and a fake Cloud API client that records when each message reached it (ms since start) and
 * answers with `wamid.<n>` for the n-th message it received.
 */
async function setup(options: SetupOptions = {}) {
  const scheduler = createFakeScheduler();
  const { clock } = scheduler;
  const start = clock.now();
  const store = options.store ?? createMemoryStore();
  const flows = createFlowCatalog(await loadTestFlows(), 'default');
  const reached: { text: string; at: number }[] = [];
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const unavailable = { ...options.unavailable };
  const client: CloudApiClient = {
    async send(_number, message, sendOptions) {
      const body = textOf(message);
      reached.push({ text: body, at: clock.now() - start });
      const waMessageId = `wamid.${reached.length}`;
      const delay = options.slow?.[body];
      if (delay !== undefined) await scheduler.sleep(delay);
      if (options.hang?.includes(body)) {
        const signal = sendOptions?.signal;
        await new Promise((_, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason as Error));
        });
      }
      const refusal = options.refuse?.[body];
      if (refusal) throw refusal;
      if ((unavailable[body] ?? 0) > 0) {
        unavailable[body] = (unavailable[body] ?? 0) - 1;
        throw new ChannelError('Service unavailable', 503, 131016, true);
      }
      return { waMessageId };
    },
  };
  const queue = createOutboundQueue({ clock, sleep: scheduler.sleep, ...options.queue });
  const outbound = createWhatsAppOutbound({
    client,
    queue,
    store,
    consent: createConsentService({ store, flows, clock }),
    clock,
    logger: createLogger({ level: 'info', destination }),
    metrics: createMetrics(),
    defaultPhoneNumberId: NUMBER,
    sleep: scheduler.sleep,
  });
  const contact = (phone: string) => store.ensureContact({ phone }, clock.now());
  /** A contact whose last message was `agoMs` ago: its window closes `WINDOW_MS - agoMs` from now. */
  const wroteAgo = async (phone: string, agoMs: number) => {
    const created = await contact(phone);
    const lastInboundAt = clock.now() - agoMs;
    return store.saveTurn({
      contactId: created.id,
      expectedVersion: created.version,
      patch: { lastInboundAt, windowStartedAt: lastInboundAt },
      events: [],
      now: clock.now(),
    });
  };
  return { scheduler, store, outbound, reached, logs, contact, wroteAgo, start };
}

describe('WhatsApp outbound: order of batches', () => {
  it('sends one customer’s batches one after the other, even when a message of the first is slow', async () => {
    const { scheduler, outbound, reached, contact } = await setup({ slow: { menu: 300 } });
    const alice = await contact('+14155550101');

    const turn1 = outbound.send(alice, [text('menu'), text('question')]);
    const turn2 = outbound.send(alice, [text('done')]);
    await scheduler.runUntilIdle();

    await expect(turn1).resolves.toEqual([{ waMessageId: 'wamid.1' }, { waMessageId: 'wamid.2' }]);
    await expect(turn2).resolves.toEqual([{ waMessageId: 'wamid.3' }]);
    expect(reached).toEqual([
      { text: 'menu', at: 0 },
      { text: 'question', at: 300 },
      { text: 'done', at: 300 },
    ]);
  });

  it('sends the next batch of a customer after a batch that failed', async () => {
    const undeliverable = new ChannelError('Message undeliverable', 400, 131026, false);
    const { scheduler, outbound, reached, contact } = await setup({
      refuse: { menu: undeliverable },
    });
    const alice = await contact('+14155550101');

    const failing = outbound.send(alice, [text('menu'), text('question')]);
    const next = outbound.send(alice, [text('done')]);
    await scheduler.runUntilIdle();

    await expect(failing).rejects.toBe(undeliverable);
    await expect(next).resolves.toEqual([{ waMessageId: 'wamid.2' }]);
    // The rest of a failed batch is dropped (its order cannot be kept), the next batch goes.
    expect(reached.map((r) => r.text)).toEqual(['menu', 'done']);
  });

  it('sends different customers’ batches side by side', async () => {
    const { scheduler, outbound, reached, contact } = await setup({ slow: { 'alice 1': 300 } });
    const [alice, bob] = await Promise.all([contact('+14155550101'), contact('+14155550102')]);

    const sends = Promise.all([
      outbound.send(alice, [text('alice 1'), text('alice 2')]),
      outbound.send(bob, [text('bob 1'), text('bob 2')]),
    ]);
    await scheduler.runUntilIdle();
    await sends;

    expect(reached).toEqual([
      { text: 'alice 1', at: 0 },
      { text: 'bob 1', at: 0 },
      { text: 'bob 2', at: 0 },
      { text: 'alice 2', at: 300 },
    ]);
  });

  it('still paces the business number across customers', async () => {
    const { scheduler, outbound, reached, contact } = await setup({
      queue: { perNumberPerSecond: 2 },
    });
    const customers = await Promise.all(
      ['+14155550101', '+14155550102', '+14155550103'].map((phone) => contact(phone)),
    );

    const sends = Promise.all(customers.map((c, i) => outbound.send(c, [text(`hi ${i}`)])));
    await scheduler.runUntilIdle();
    await sends;

    expect(reached.map((r) => r.at)).toEqual([0, 0, 500]);
  });

  it('still paces one customer after the burst, across batches', async () => {
    const { scheduler, outbound, reached, contact } = await setup({
      queue: { perCustomerBurst: 2, perCustomerIntervalMs: 6_000 },
    });
    const alice = await contact('+14155550101');

    const sends = Promise.all([
      outbound.send(alice, [text('a'), text('b')]),
      outbound.send(alice, [text('c')]),
    ]);
    await scheduler.runUntilIdle();
    await sends;

    expect(reached).toEqual([
      { text: 'a', at: 0 },
      { text: 'b', at: 0 },
      { text: 'c', at: 6_000 },
    ]);
  });
});

/** A memory store whose outbound-log writes fail while `failing` is above zero (counting down). */
function flakyLogStore() {
  const inner = createMemoryStore();
  const state = { failing: 0, attempts: 0 };
  const store: Store = {
    ...inner,
    recordOutbound(entry) {
      state.attempts += 1;
      if (state.failing > 0) {
        state.failing -= 1;
        return Promise.reject(new StoreUnavailableError('simulated outage of the outbound log'));
      }
      return inner.recordOutbound(entry);
    },
  };
  return { store, state };
}

describe('WhatsApp outbound: the outbound log', () => {
  it('retries a failed write after a pause and sends the message', async () => {
    const { store, state } = flakyLogStore();
    const { scheduler, outbound, reached, contact } = await setup({ store });
    const alice = await contact('+14155550101');
    state.failing = 1;

    const sent = outbound.send(alice, [text('Done: no more messages')]);
    await scheduler.runUntilIdle();

    await expect(sent).resolves.toEqual([{ waMessageId: 'wamid.1' }]);
    expect(reached.map((r) => r.text)).toEqual(['Done: no more messages']);
    expect(scheduler.sleeps).toContain(50);
    const [entry] = await store.listOutbound(alice.id);
    expect(entry).toMatchObject({ status: 'sent', waMessageId: 'wamid.1' });
  });

  it('sends every message of the batch when the log cannot be written at all', async () => {
    const { store, state } = flakyLogStore();
    const { scheduler, outbound, reached, logs, contact } = await setup({ store });
    const alice = await contact('+14155550101');
    state.failing = Number.MAX_SAFE_INTEGER;

    const sent = outbound.send(alice, [text('menu'), text('question')]);
    await scheduler.runUntilIdle();

    await expect(sent).resolves.toHaveLength(2);
    expect(reached.map((r) => r.text)).toEqual(['menu', 'question']);
    // Two entries (sending, then sent) per message, each tried three times.
    expect(state.attempts).toBe(12);
    const errors = logs.filter((line) => line.level === 50);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatchObject({
      msg: 'outbound log entry not written; the message is sent regardless',
      attempts: 3,
      entry: { contactId: alice.id, kind: 'text', status: 'sending' },
    });
  });

  it('logs a failed write without the message text or the phone number', async () => {
    const { store, state } = flakyLogStore();
    const { scheduler, outbound, logs, contact } = await setup({ store });
    const alice = await contact('+14155550101');
    state.failing = Number.MAX_SAFE_INTEGER;

    const sent = outbound.send(alice, [text('Your parcel A-1001 is on its way')]);
    await scheduler.runUntilIdle();
    await sent;

    const written = JSON.stringify(logs);
    expect(written).toContain('outbound log entry not written');
    expect(written).not.toContain('parcel');
    expect(written).not.toContain('14155550101');
  });
});

describe('WhatsApp outbound: the caller’s check at the moment of sending', () => {
  const optedOut = () =>
    new SendRefusedError('opted_out', 'The customer opted out of WhatsApp messages.', ['sms']);

  it('is asked right before each Cloud API call, once pacing lets the message go', async () => {
    const { scheduler, outbound, reached, contact } = await setup({
      queue: { perCustomerBurst: 1, perCustomerIntervalMs: 6_000 },
    });
    const alice = await contact('+14155550101');
    const asked: number[] = [];
    const start = scheduler.clock.now();
    const check = () => {
      asked.push(scheduler.clock.now() - start);
      return Promise.resolve(undefined);
    };

    const sent = outbound.send(alice, [text('a'), text('b')], undefined, { check });
    await scheduler.runUntilIdle();
    await sent;

    expect(asked).toEqual([0, 6_000]);
    expect(reached.map((r) => r.at)).toEqual([0, 6_000]);
  });

  it('on a refusal sends nothing, marks the entry failed with the reason and rejects with the refusal', async () => {
    const { scheduler, store, outbound, reached, contact } = await setup();
    const alice = await contact('+14155550101');
    const refusal = optedOut();

    const refused = outbound.send(alice, [text('offer')], undefined, {
      check: () => Promise.resolve(refusal),
    });
    const next = outbound.send(alice, [text('Done: no more messages')]);
    await scheduler.runUntilIdle();

    await expect(refused).rejects.toBe(refusal);
    await expect(next).resolves.toHaveLength(1);
    expect(reached.map((r) => r.text)).toEqual(['Done: no more messages']);
    const entry = (await store.listOutbound(alice.id)).find((e) => e.body === 'offer');
    expect(entry?.status).toBe('failed');
    expect(entry?.waMessageId).toBeUndefined();
    expect(entry?.errorTitle).toMatch(/^refused at the moment of sending \(opted_out\)/);
  });

  it('is asked in dry-run mode too', async () => {
    const store = createMemoryStore();
    const scheduler = createFakeScheduler();
    const { clock } = scheduler;
    const flows = createFlowCatalog(await loadTestFlows(), 'default');
    const outbound = createWhatsAppOutbound({
      dryRun: true,
      queue: createOutboundQueue({ clock, sleep: scheduler.sleep }),
      store,
      consent: createConsentService({ store, flows, clock }),
      clock,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics(),
    });
    const alice = await store.ensureContact({ phone: '+14155550101' }, clock.now());
    const refusal = optedOut();

    await expect(
      outbound.send(alice, [text('offer')], undefined, { check: () => Promise.resolve(refusal) }),
    ).rejects.toBe(refusal);
    expect((await store.listOutbound(alice.id))[0]?.status).toBe('failed');
  });
});

describe('WhatsApp outbound: retries and abandonment', () => {
  const backoff = { backoff: { minDelayMs: 1_000, maxDelayMs: 8_000 }, random: () => 1 };

  it('tries a turn’s replies again, past four failures, while the customer’s window is open', async () => {
    const { scheduler, outbound, reached, wroteAgo } = await setup({
      queue: backoff,
      unavailable: { menu: 6 },
    });
    const alice = await wroteAgo('+14155550101', 60_000);

    const sent = outbound.send(alice, [text('menu'), text('question')], undefined, {
      retry: 'window',
    });
    await scheduler.runUntilIdle();

    await expect(sent).resolves.toEqual([{ waMessageId: 'wamid.7' }, { waMessageId: 'wamid.8' }]);
    expect(reached.map((r) => r.at)).toEqual([
      0, 1_000, 3_000, 7_000, 15_000, 23_000, 31_000, 31_000,
    ]);
  });

  it('gives a turn’s reply up once the window has closed, marking it failed', async () => {
    const { scheduler, store, outbound, reached, wroteAgo } = await setup({
      queue: backoff,
      unavailable: { menu: 1_000 },
    });
    // The window closes 60 s from now.
    const alice = await wroteAgo('+14155550101', WINDOW_MS - 60_000);

    const sent = outbound
      .send(alice, [text('menu')], undefined, { retry: 'window' })
      .catch((e: unknown) => e);
    await scheduler.runUntilIdle();

    expect(await sent).toBeInstanceOf(ChannelError);
    expect(reached.map((r) => r.at)).toEqual([
      0, 1_000, 3_000, 7_000, 15_000, 23_000, 31_000, 39_000, 47_000, 55_000,
    ]);
    const [entry] = await store.listOutbound(alice.id);
    expect(entry).toMatchObject({ status: 'failed' });
  });

  it('tries a send a caller waits for four times in all', async () => {
    const { scheduler, outbound, reached, wroteAgo } = await setup({
      queue: backoff,
      unavailable: { menu: 1_000 },
    });
    const alice = await wroteAgo('+14155550101', 60_000);

    const sent = outbound.send(alice, [text('menu')]).catch((e: unknown) => e);
    await scheduler.runUntilIdle();

    expect(await sent).toBeInstanceOf(ChannelError);
    expect(reached).toHaveLength(4);
  });

  it('abandon() aborts the request under way and drops the sends waiting, each marked failed', async () => {
    const { scheduler, store, outbound, reached, wroteAgo } = await setup({
      queue: { perCustomerBurst: 1, perCustomerIntervalMs: 6_000 },
      hang: ['menu'],
    });
    const alice = await wroteAgo('+14155550101', 60_000);
    const bob = await wroteAgo('+14155550102', 60_000);

    const hung = outbound.send(alice, [text('menu'), text('question')]).catch((e: unknown) => e);
    const bobFirst = outbound.send(bob, [text('bob 1')]);
    const bobWaiting = outbound.send(bob, [text('bob 2')]).catch((e: unknown) => e);
    while (reached.length < 2) await new Promise((resolve) => setImmediate(resolve));

    expect(outbound.abandon()).toBe(3);
    await scheduler.runUntilIdle();
    await outbound.idle();

    await expect(bobFirst).resolves.toHaveLength(1);
    expect(await hung).toBeInstanceOf(SendAbandonedError);
    expect(await bobWaiting).toBeInstanceOf(SendAbandonedError);
    expect(reached.map((r) => r.text)).toEqual(['menu', 'bob 1']);
    const [aliceEntry] = await store.listOutbound(alice.id);
    expect(aliceEntry).toMatchObject({ status: 'failed' });
    expect(aliceEntry?.errorTitle).toMatch(/shut down/);
    await expect(outbound.send(bob, [text('late')])).rejects.toBeInstanceOf(SendAbandonedError);
  });
});
