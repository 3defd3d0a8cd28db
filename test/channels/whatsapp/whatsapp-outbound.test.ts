import { describe, expect, it } from 'vitest';
import type { CloudApiClient, CloudMessage } from '../../../src/channels/whatsapp/index.js';
import { createOutboundQueue } from '../../../src/channels/whatsapp/index.js';
import type { OutboundQueueOptions } from '../../../src/channels/whatsapp/index.js';
import { createWhatsAppOutbound } from '../../../src/channels/whatsapp/whatsapp-outbound.js';
import { ChannelError } from '../../../src/errors.js';
import { createSilentLogger } from '../../../src/logger.js';
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
  readonly store?: Store;
}

/**
 * The WhatsApp outbound port over a memory store, the real pacing queue on a fake scheduler,
 * and a fake Cloud API client that records when each message reached it (ms since start).
 */
async function setup(options: SetupOptions = {}) {
  const scheduler = createFakeScheduler();
  const { clock } = scheduler;
  const start = clock.now();
  const store = options.store ?? createMemoryStore();
  const flows = createFlowCatalog(await loadTestFlows(), 'default');
  const reached: { text: string; at: number }[] = [];
  const client: CloudApiClient = {
    async send(_number, message) {
      const body = textOf(message);
      reached.push({ text: body, at: clock.now() - start });
      const delay = options.slow?.[body];
      if (delay !== undefined) await scheduler.sleep(delay);
      const refusal = options.refuse?.[body];
      if (refusal) throw refusal;
      return { waMessageId: `wamid.${body}`, attempts: 1 };
    },
  };
  const queue = createOutboundQueue({ clock, sleep: scheduler.sleep, ...options.queue });
  const outbound = createWhatsAppOutbound({
    client,
    queue,
    store,
    consent: createConsentService({ store, flows, clock }),
    clock,
    logger: createSilentLogger(),
    metrics: createMetrics(),
    defaultPhoneNumberId: NUMBER,
  });
  const contact = (phone: string) => store.ensureContact({ phone }, clock.now());
  return { scheduler, store, outbound, reached, contact };
}

describe('WhatsApp outbound: order of batches', () => {
  it('sends one customer’s batches one after the other, even when a message of the first is slow', async () => {
    const { scheduler, outbound, reached, contact } = await setup({ slow: { menu: 300 } });
    const alice = await contact('+14155550101');

    const turn1 = outbound.send(alice, [text('menu'), text('question')]);
    const turn2 = outbound.send(alice, [text('done')]);
    await scheduler.runUntilIdle();

    await expect(turn1).resolves.toEqual([
      { waMessageId: 'wamid.menu' },
      { waMessageId: 'wamid.question' },
    ]);
    await expect(turn2).resolves.toEqual([{ waMessageId: 'wamid.done' }]);
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
    await expect(next).resolves.toEqual([{ waMessageId: 'wamid.done' }]);
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
