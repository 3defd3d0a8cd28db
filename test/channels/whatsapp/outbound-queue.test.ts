import { describe, expect, it } from 'vitest';
import {
  createOutboundQueue,
  type OutboundQueueOptions,
} from '../../../src/channels/whatsapp/index.js';
import { ChannelError, SendAbandonedError } from '../../../src/errors.js';
import { createFakeScheduler } from '../../support/fake-scheduler.js';

const NUMBER = '106540352242922';
const ALICE = { businessNumberId: NUMBER, customer: '+14155550101' };
const BOB = { businessNumberId: NUMBER, customer: '+14155550102' };
const CAROL = { businessNumberId: NUMBER, customer: 'US.13491208655302741918' };

function setup(options: Partial<OutboundQueueOptions> = {}) {
  const scheduler = createFakeScheduler();
  const start = scheduler.clock.now();
  const queue = createOutboundQueue({ clock: scheduler.clock, sleep: scheduler.sleep, ...options });
  const log: { label: string; at: number }[] = [];
  /** A task that records when it ran (ms since start) and returns its label. */
  const task = (label: string, work?: () => Promise<void>) => async () => {
    log.push({ label, at: scheduler.clock.now() - start });
    await work?.();
    return label;
  };
  return { scheduler, queue, log, task, start };
}

const pairLimit = () => new ChannelError('pair rate limit hit', 400, 131056, true);
const numberLimit = () => new ChannelError('throughput reached', 400, 130429, true);
const serverError = () => new ChannelError('Service unavailable', 503, 131016, true);
const tooMany = (retryAfterMs: number) =>
  new ChannelError('Too many calls', 429, 4, true, { retryAfterMs });

describe('createOutboundQueue', () => {
  it('runs one customer’s tasks strictly in enqueue order, even when earlier ones are slower', async () => {
    const { scheduler, queue, log, task } = setup();
    const results = Promise.all([
      queue.enqueue(
        ALICE,
        task('1', () => scheduler.sleep(300)),
      ),
      queue.enqueue(
        ALICE,
        task('2', () => scheduler.sleep(100)),
      ),
      queue.enqueue(ALICE, task('3')),
    ]);

    await scheduler.runUntilIdle();

    await expect(results).resolves.toEqual(['1', '2', '3']);
    expect(log).toEqual([
      { label: '1', at: 0 },
      { label: '2', at: 300 },
      { label: '3', at: 400 },
    ]);
  });

  it('sends a turn’s replies at once, then paces a flood to one customer (burst, then one per interval)', async () => {
    const { scheduler, queue, log, task } = setup({
      perCustomerBurst: 3,
      perCustomerIntervalMs: 6_000,
    });
    const done = Promise.all(['a', 'b', 'c', 'd', 'e'].map((l) => queue.enqueue(ALICE, task(l))));

    await scheduler.runUntilIdle();
    await done;

    expect(log.map((e) => e.at)).toEqual([0, 0, 0, 6_000, 12_000]);
  });

  it('paces each customer separately', async () => {
    const { scheduler, queue, log, task } = setup({
      perCustomerBurst: 1,
      perCustomerIntervalMs: 6_000,
    });
    const done = Promise.all([
      queue.enqueue(ALICE, task('alice 1')),
      queue.enqueue(ALICE, task('alice 2')),
      queue.enqueue(BOB, task('bob 1')),
    ]);

    await scheduler.runUntilIdle();
    await done;

    expect(log).toEqual([
      { label: 'alice 1', at: 0 },
      { label: 'bob 1', at: 0 },
      { label: 'alice 2', at: 6_000 },
    ]);
  });

  it('paces a customer known by two ids as one: a send under both waits for either id', async () => {
    const { scheduler, queue, log, task } = setup({
      perCustomerBurst: 1,
      perCustomerIntervalMs: 6_000,
    });
    const both = { businessNumberId: NUMBER, customer: [ALICE.customer, CAROL.customer] };
    const done = Promise.all([
      queue.enqueue(
        CAROL,
        task('by user id', () => scheduler.sleep(100)),
      ),
      queue.enqueue(both, task('merged')),
      queue.enqueue(ALICE, task('by phone')),
    ]);

    await scheduler.runUntilIdle();
    await done;

    // The user id's burst is spent at 0, so the merged send waits for its next token; the
    // phone's send comes after it, on the phone's bucket that the merged send drew from.
    expect(log).toEqual([
      { label: 'by user id', at: 0 },
      { label: 'merged', at: 6_000 },
      { label: 'by phone', at: 12_000 },
    ]);
  });

  it('keeps the business number under its per-second throughput across customers', async () => {
    const { scheduler, queue, log, task } = setup({ perNumberPerSecond: 2 });
    const customers = Array.from({ length: 5 }, (_, i) => ({
      businessNumberId: NUMBER,
      customer: `+1415555020${i}`,
    }));
    const done = Promise.all(customers.map((c, i) => queue.enqueue(c, task(String(i)))));

    await scheduler.runUntilIdle();
    await done;

    expect(log.map((e) => e.at).sort((a, b) => a - b)).toEqual([0, 0, 500, 1_000, 1_500]);
  });

  it('runs different business numbers independently', async () => {
    const { scheduler, queue, log, task } = setup({ perNumberPerSecond: 1 });
    const done = Promise.all([
      queue.enqueue(ALICE, task('number 1')),
      queue.enqueue(
        { businessNumberId: '200000000000002', customer: '+14155550101' },
        task('number 2'),
      ),
    ]);
    await scheduler.runUntilIdle();
    await done;
    expect(log.map((e) => e.at)).toEqual([0, 0]);
  });

  it('after a 131056 pauses only that customer, retries the task, and others keep going', async () => {
    const { scheduler, queue, log, task } = setup({ pairBackoffMs: 6_000 });
    let failures = 1;
    const aliceSend = task('alice', () =>
      failures-- > 0 ? Promise.reject(pairLimit()) : Promise.resolve(),
    );

    const alice = queue.enqueue(ALICE, aliceSend);
    const aliceNext = queue.enqueue(ALICE, task('alice next'));
    const bob = queue.enqueue(BOB, task('bob'));
    const carol = scheduler.sleep(1_000).then(() => queue.enqueue(CAROL, task('carol')));

    await scheduler.runUntilIdle();

    await expect(Promise.all([alice, aliceNext, bob, carol])).resolves.toEqual([
      'alice',
      'alice next',
      'bob',
      'carol',
    ]);
    expect(log).toEqual([
      { label: 'alice', at: 0 },
      { label: 'bob', at: 0 },
      { label: 'carol', at: 1_000 },
      { label: 'alice', at: 6_000 },
      // The pair limit emptied Alice's burst: her next send waits one full interval.
      { label: 'alice next', at: 12_000 },
    ]);
  });

  it('after a 130429 pauses the whole business number for the back-off, then retries', async () => {
    const { scheduler, queue, log, task } = setup({ numberBackoffMs: 1_000 });
    let failures = 1;
    const alice = queue.enqueue(
      ALICE,
      task('alice', () => (failures-- > 0 ? Promise.reject(numberLimit()) : Promise.resolve())),
    );
    const bob = scheduler.sleep(10).then(() => queue.enqueue(BOB, task('bob')));

    await scheduler.runUntilIdle();

    await expect(Promise.all([alice, bob])).resolves.toEqual(['alice', 'bob']);
    expect(log).toEqual([
      { label: 'alice', at: 0 },
      { label: 'alice', at: 1_000 },
      { label: 'bob', at: 1_000 },
    ]);
  });

  it('gives up when its retry policy says so and passes the last error on (four attempts by default)', async () => {
    const { scheduler, queue, log, task } = setup({ pairBackoffMs: 100 });
    const result = queue
      .enqueue(
        ALICE,
        task('alice', () => Promise.reject(pairLimit())),
      )
      .catch((e: unknown) => e);

    await scheduler.runUntilIdle();

    const error = await result;
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).whatsappCode).toBe(131056);
    expect(log).toHaveLength(4);

    const twice = queue
      .enqueue(
        ALICE,
        task('bob', () => Promise.reject(serverError())),
        {
          again: (failures) => failures < 2,
        },
      )
      .catch((e: unknown) => e);
    await scheduler.runUntilIdle();
    expect(await twice).toBeInstanceOf(ChannelError);
    expect(log.filter((e) => e.label === 'bob')).toHaveLength(2);
  });

  it('retries a 5xx after a capped exponential backoff, for as long as its policy allows', async () => {
    const { scheduler, queue, log, task } = setup({
      backoff: { minDelayMs: 1_000, maxDelayMs: 8_000 },
      random: () => 1,
    });
    let failures = 7;
    const sending = queue.enqueue(
      ALICE,
      task('alice', () => (failures-- > 0 ? Promise.reject(serverError()) : Promise.resolve())),
      { again: () => true },
    );

    await scheduler.runUntilIdle();

    await expect(sending).resolves.toBe('alice');
    // 1, 2, 4, 8 s, then the cap: 8 s between every later attempt, past the old four tries.
    expect(log.map((e) => e.at)).toEqual([0, 1_000, 3_000, 7_000, 15_000, 23_000, 31_000, 39_000]);
  });

  it('waits the Retry-After the API gave, capped like any backoff', async () => {
    const { scheduler, queue, log, task } = setup({
      backoff: { minDelayMs: 100, maxDelayMs: 60_000 },
    });
    const answers = [tooMany(7_000), tooMany(3_600_000)];
    const sending = queue.enqueue(
      ALICE,
      task('alice', () => {
        const next = answers.shift();
        return next ? Promise.reject(next) : Promise.resolve();
      }),
    );

    await scheduler.runUntilIdle();

    await expect(sending).resolves.toBe('alice');
    expect(log.map((e) => e.at)).toEqual([0, 7_000, 67_000]);
  });

  it('takes the number’s tokens for every retry: an outage that ends does not release a burst', async () => {
    const { scheduler, queue, log, task } = setup({
      perNumberPerSecond: 2,
      backoff: { minDelayMs: 100, maxDelayMs: 100 },
    });
    let outage = true;
    void scheduler.sleep(5_000).then(() => {
      outage = false;
    });
    const customers = Array.from({ length: 6 }, (_, i) => ({
      businessNumberId: NUMBER,
      customer: `+1415555020${i}`,
    }));
    const done = Promise.all(
      customers.map((c, i) =>
        queue.enqueue(
          c,
          task(String(i), () => (outage ? Promise.reject(serverError()) : Promise.resolve())),
          { again: () => true },
        ),
      ),
    );

    await scheduler.runUntilIdle();
    await done;

    const times = log.map((e) => e.at).sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(12);
    // A bucket of 2 refilled every 500 ms: never more than 2 + 2 attempts in any second.
    for (const at of times) {
      expect(times.filter((t) => t >= at && t < at + 1_000).length).toBeLessThanOrEqual(4);
    }
  });

  it('abandon() rejects every task waiting for pacing or a retry, and any enqueued later', async () => {
    const { scheduler, queue, log, task } = setup({
      perCustomerBurst: 1,
      perCustomerIntervalMs: 6_000,
    });
    const first = queue.enqueue(ALICE, task('first'));
    const waiting = queue.enqueue(ALICE, task('waiting')).catch((e: unknown) => e);
    const retrying = queue
      .enqueue(
        BOB,
        task('retrying', () => Promise.reject(serverError())),
        { again: () => true },
      )
      .catch((e: unknown) => e);
    // The first task ran, the next waits for its interval, the retrying one for its backoff.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    const reason = new SendAbandonedError('shutting down');
    queue.abandon(reason);
    await scheduler.runUntilIdle();

    await expect(first).resolves.toBe('first');
    expect(await waiting).toBe(reason);
    expect(await retrying).toBe(reason);
    await expect(queue.enqueue(CAROL, task('late'))).rejects.toBe(reason);
    expect(log.map((e) => e.label)).not.toContain('waiting');
    expect(log.map((e) => e.label)).not.toContain('late');
    await expect(queue.drain()).resolves.toBeUndefined();
  });

  it('does not retry other errors, and a failed task does not block the customer’s next one', async () => {
    const { scheduler, queue, log, task } = setup();
    const refused = new ChannelError('outside the window', 400, 131047, false);
    const first = queue
      .enqueue(
        ALICE,
        task('first', () => Promise.reject(refused)),
      )
      .catch((e: unknown) => e);
    const second = queue.enqueue(ALICE, task('second'));

    await scheduler.runUntilIdle();

    await expect(first).resolves.toBe(refused);
    await expect(second).resolves.toBe('second');
    expect(log.map((e) => e.label)).toEqual(['first', 'second']);
  });

  it('drain() waits for every enqueued task, including those waiting for pacing', async () => {
    const { scheduler, queue, log, task } = setup({
      perCustomerBurst: 1,
      perCustomerIntervalMs: 6_000,
    });
    void queue.enqueue(ALICE, task('a'));
    void queue.enqueue(ALICE, task('b'));
    let drained = false;
    const draining = queue.drain().then(() => {
      drained = true;
    });

    await scheduler.runUntilIdle();
    await draining;

    expect(drained).toBe(true);
    expect(log.map((e) => e.label)).toEqual(['a', 'b']);
    await expect(queue.drain()).resolves.toBeUndefined();
  });

  it('refuses nonsensical options', () => {
    const { scheduler } = setup();
    expect(() =>
      createOutboundQueue({
        clock: scheduler.clock,
        sleep: scheduler.sleep,
        perNumberPerSecond: 0,
      }),
    ).toThrow(/perNumberPerSecond must be a positive number/);
  });
});
