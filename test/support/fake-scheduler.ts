import { setImmediate as flushed, setTimeout as pause } from 'node:timers/promises';
import { createManualClock, type ManualClock } from '../../src/core/clock.js';

/**
 * A manual clock with a `sleep` that only wakes when the test moves time. `runUntilIdle()`
 * lets pending work run, then jumps the clock to the next sleeper's wake time, until nothing
 * is left: concurrent sleepers share one timeline (time is not added once per sleeper).
 * `runFor(ms)` does the same up to a point in time, for systems that always have a sleeper
 * (a heartbeat). Work outside its timers (an HTTP call) can be `track`ed: time stands still
 * until it is over.
 */
export interface FakeScheduler {
  readonly clock: ManualClock;
  /** Wakes when the test moves time past it, or at once when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Every duration passed to `sleep`, in call order. */
  readonly sleeps: number[];
  /**
   * Runs until no sleeper is left. With `busy`, time does not move while it says real I/O is
   * under way (a request to a fake server on loopback): the run waits for that first.
   */
  runUntilIdle(maxSteps?: number, options?: { readonly busy?: () => boolean }): Promise<void>;
  /**
   * Moves time `ms` forward, waking every sleeper due on the way in time order; `busy` as for
   * {@link runUntilIdle}.
   */
  runFor(ms: number, options?: { readonly busy?: () => boolean }): Promise<void>;
  /** Runs `work` with time standing still until it settles. */
  track<T>(work: Promise<T>): Promise<T>;
}

export function createFakeScheduler(start = Date.parse('2026-01-01T10:00:00Z')): FakeScheduler {
  const clock = createManualClock(start);
  const timers: { at: number; seq: number; wake: () => void }[] = [];
  const sleeps: number[] = [];
  const tracked = new Set<Promise<unknown>>();
  let seq = 0;

  /** Lets every promise chain that can advance do so, tracked and busy work included. */
  async function settle(busy?: () => boolean): Promise<void> {
    await flushed();
    while (tracked.size > 0 || busy?.()) {
      // Real I/O settles in real time, and what follows it may sleep: wait, then look again.
      await (tracked.size > 0 ? Promise.race([...tracked]) : pause(1));
      await flushed();
    }
  }

  function next() {
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return timers[0];
  }

  return {
    clock,
    sleeps,
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((wake) => {
        if (signal?.aborted) {
          wake();
          return;
        }
        const onAbort = () => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          wake();
        };
        // A timer that fires takes its abort listener with it, as the real timers do: a
        // long-lived signal (a sender's stop) does not collect one per sleep.
        const timer = {
          at: clock.now() + Math.max(0, ms),
          seq: (seq += 1),
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            wake();
          },
        };
        timers.push(timer);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async runUntilIdle(maxSteps = 10_000, options = {}) {
      for (let step = 0; step < maxSteps; step += 1) {
        await settle(options.busy);
        const timer = next();
        if (!timer) return;
        timers.shift();
        if (timer.at > clock.now()) clock.set(timer.at);
        timer.wake();
      }
      throw new Error(`still busy after ${maxSteps} steps`);
    },
    async runFor(ms, options = {}) {
      const target = clock.now() + ms;
      for (let step = 0; step < 1_000_000; step += 1) {
        await settle(options.busy);
        const timer = next();
        if (!timer || timer.at > target) {
          clock.set(Math.max(clock.now(), target));
          await settle(options.busy);
          return;
        }
        timers.shift();
        if (timer.at > clock.now()) clock.set(timer.at);
        timer.wake();
      }
      throw new Error('still busy after a million steps');
    },
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      tracked.add(settled);
      void settled.then(() => tracked.delete(settled));
      return work;
    },
  };
}

/**
 * `target` with the promise of each of its method calls `track`ed by `scheduler`: fake time
 * stands still while a call is under way. A store over a real MongoDB answers in milliseconds
 * of real time; without this, fake time runs on meanwhile, and a sender's heartbeat, written
 * through the store, goes stale between two of its own steps.
 * @example const store = trackCalls(scheduler, mongoStore);
 */
export function trackCalls<T extends object>(
  scheduler: Pick<FakeScheduler, 'track'>,
  target: T,
): T {
  return new Proxy(target, {
    get(object, name) {
      const value: unknown = Reflect.get(object, name);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = Reflect.apply(value, object, args);
        return result instanceof Promise ? scheduler.track(result) : result;
      };
    },
  });
}
