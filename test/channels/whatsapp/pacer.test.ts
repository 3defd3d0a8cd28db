import { getEventListeners, setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createPacer, type PacerOptions } from '../../../src/channels/whatsapp/index.js';
import { createFakeScheduler } from '../../support/fake-scheduler.js';

const NUMBER = '106540352242922';
const OTHER_NUMBER = '200000000000002';
const ALICE = ['+14155550101'];
const BOB = ['+14155550102'];
const CAROL = ['US.13491208655302741918'];

function setup(options: Partial<Omit<PacerOptions, 'scheduler'>> = {}) {
  const scheduler = createFakeScheduler();
  const start = scheduler.clock.now();
  const pacer = createPacer({ scheduler, ...options });
  const log: { label: string; at: number }[] = [];
  /** Waits for the pace, then records when the send could go (ms since start). */
  const send = async (label: string, customers: readonly string[], number = NUMBER) => {
    const granted = await pacer.acquire(number, customers);
    if (granted) log.push({ label, at: scheduler.clock.now() - start });
    return granted;
  };
  return { scheduler, pacer, log, send };
}

describe('createPacer', () => {
  it('lets a turn’s replies go at once, then paces a flood to one customer (burst, then one per interval)', async () => {
    const { scheduler, log, send } = setup({ perCustomerBurst: 3, perCustomerIntervalMs: 6_000 });
    const done = Promise.all(['a', 'b', 'c', 'd', 'e'].map((label) => send(label, ALICE)));

    await scheduler.runUntilIdle();
    await done;

    expect(log.map((e) => e.at)).toEqual([0, 0, 0, 6_000, 12_000]);
  });

  it('paces each customer separately: one who must wait never holds up another', async () => {
    const { scheduler, log, send } = setup({ perCustomerBurst: 1, perCustomerIntervalMs: 6_000 });
    const done = Promise.all([send('alice 1', ALICE), send('alice 2', ALICE), send('bob 1', BOB)]);

    await scheduler.runUntilIdle();
    await done;

    expect(log).toEqual([
      { label: 'alice 1', at: 0 },
      { label: 'bob 1', at: 0 },
      { label: 'alice 2', at: 6_000 },
    ]);
  });

  it('paces a customer known by two ids as one', async () => {
    const { scheduler, log, send } = setup({ perCustomerBurst: 1, perCustomerIntervalMs: 6_000 });
    // One person's sends go one after the other (the sender's loop): by user id, then merged.
    const done = (async () => {
      await send('by user id', CAROL);
      await send('merged', [...ALICE, ...CAROL]);
      await send('by phone', ALICE);
    })();

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
    const { scheduler, log, send } = setup({ perNumberPerSecond: 2 });
    const done = Promise.all(
      Array.from({ length: 5 }, (_, i) => send(String(i), [`+1415555020${i}`])),
    );

    await scheduler.runUntilIdle();
    await done;

    expect(log.map((e) => e.at)).toEqual([0, 0, 500, 1_000, 1_500]);
  });

  it('paces different business numbers independently', async () => {
    const { scheduler, log, send } = setup({ perNumberPerSecond: 1 });
    const done = Promise.all([send('number 1', ALICE), send('number 2', ALICE, OTHER_NUMBER)]);
    await scheduler.runUntilIdle();
    await done;
    expect(log.map((e) => e.at)).toEqual([0, 0]);
  });

  it('after a 131056 holds that customer back and spends its burst; others keep going', async () => {
    const { scheduler, pacer, log, send } = setup({ pairBackoffMs: 6_000 });
    await send('alice', ALICE);
    pacer.pauseCustomer(NUMBER, ALICE);
    const done = Promise.all([
      send('alice again', ALICE),
      send('alice next', ALICE),
      send('bob', BOB),
    ]);

    await scheduler.runUntilIdle();
    await done;

    expect(log).toEqual([
      { label: 'alice', at: 0 },
      { label: 'bob', at: 0 },
      { label: 'alice again', at: 6_000 },
      // The pair limit emptied Alice's burst: her next send waits one full interval.
      { label: 'alice next', at: 12_000 },
    ]);
  });

  it('after a 130429 holds the whole business number back', async () => {
    const { scheduler, pacer, log, send } = setup({ numberBackoffMs: 1_000 });
    await send('alice', ALICE);
    pacer.pauseNumber(NUMBER);
    const done = Promise.all([send('bob', BOB), send('other number', BOB, OTHER_NUMBER)]);

    await scheduler.runUntilIdle();
    await done;

    expect(log).toEqual([
      { label: 'alice', at: 0 },
      { label: 'other number', at: 0 },
      { label: 'bob', at: 1_000 },
    ]);
  });

  it('sends nothing while its share is 0, and paces at its share of the number', async () => {
    const { scheduler, pacer, log, send } = setup({ perNumberPerSecond: 4 });
    pacer.setShare(0);
    const first = send('first', ALICE);
    await scheduler.runFor(1_000);
    expect(log).toEqual([]);

    pacer.setShare(0.5);
    const rest = Promise.all([first, send('second', BOB), send('third', CAROL)]);
    await scheduler.runUntilIdle();
    await rest;

    // Half of 4 a second, starting empty (others share the number): one every 500 ms.
    expect(log.map((e) => e.at)).toEqual([1_500, 2_000, 2_500]);
    expect(pacer.waiting()).toBe(0);
  });

  it('gives back a wait stopped by its signal, taking nothing', async () => {
    const { scheduler, pacer, log, send } = setup({ perNumberPerSecond: 1 });
    await send('first', ALICE);
    const stop = new AbortController();
    const stopped = pacer.acquire(NUMBER, BOB, stop.signal);
    expect(pacer.waiting()).toBe(1);
    stop.abort();

    await expect(stopped).resolves.toBe(false);
    expect(pacer.waiting()).toBe(0);
    const next = send('next', CAROL);
    await scheduler.runUntilIdle();
    await next;
    expect(log).toEqual([
      { label: 'first', at: 0 },
      { label: 'next', at: 1_000 },
    ]);
  });

  it('leaves no listener on a long-lived signal once its waits are granted', async () => {
    // A sender's contact loop passes one signal for all its entries: a grant must take its
    // abort listener with it, or the signal collects one per send.
    const { scheduler, pacer } = setup({ perCustomerBurst: 2, perCustomerIntervalMs: 1_000 });
    const contactLoop = new AbortController();
    setMaxListeners(30, contactLoop.signal);
    const grants = Promise.all(
      Array.from({ length: 20 }, () => pacer.acquire(NUMBER, ALICE, contactLoop.signal)),
    );
    // The burst of two went at once; the other 18 wait, each listening to the signal.
    expect(getEventListeners(contactLoop.signal, 'abort').length).toBe(18);

    await scheduler.runUntilIdle();

    expect(await grants).toEqual(Array.from({ length: 20 }, () => true));
    expect(getEventListeners(contactLoop.signal, 'abort')).toEqual([]);
  });

  it('grants at once without waiting what acquire would grant at once, and nothing more', async () => {
    const { scheduler, pacer, log, send } = setup({
      perNumberPerSecond: 1,
      perCustomerBurst: 1,
      perCustomerIntervalMs: 6_000,
    });
    const DAVE = ['+14155550104'];
    expect(pacer.tryAcquire(NUMBER, ALICE)).toBe(true);
    scheduler.clock.advance(1_000);
    // Alice must wait for her own pace; refused, she takes nothing, so Bob has the number's token.
    expect(pacer.tryAcquire(NUMBER, ALICE)).toBe(false);
    expect(pacer.tryAcquire(NUMBER, BOB)).toBe(true);
    expect(pacer.tryAcquire(NUMBER, CAROL)).toBe(false); // the number's pace: 1 a second

    // Never ahead of a waiter: Carol waits for the number, so Dave may not pass her.
    const carol = send('carol', CAROL);
    expect(pacer.waiting()).toBe(1);
    scheduler.clock.advance(1_000);
    expect(pacer.tryAcquire(NUMBER, DAVE)).toBe(false);
    await scheduler.runUntilIdle();
    await carol;
    expect(log).toEqual([{ label: 'carol', at: 2_000 }]);

    // A paused customer, a paused number and a share of 0 grant nothing.
    scheduler.clock.advance(10_000);
    pacer.pauseCustomer(NUMBER, DAVE);
    expect(pacer.tryAcquire(NUMBER, DAVE)).toBe(false);
    pacer.pauseNumber(NUMBER, 1_000);
    expect(pacer.tryAcquire(NUMBER, ALICE)).toBe(false);
    expect(pacer.tryAcquire(OTHER_NUMBER, ALICE)).toBe(true);
    pacer.setShare(0);
    expect(pacer.tryAcquire(OTHER_NUMBER, BOB)).toBe(false);
  });

  it('refuses nonsensical options', () => {
    const { scheduler } = setup();
    expect(() => createPacer({ scheduler, perNumberPerSecond: 0 })).toThrow(
      /perNumberPerSecond must be a positive number/,
    );
  });
});
