import { setImmediate as flushed, setTimeout as pause } from 'node:timers/promises';
import { createManualClock, type ManualClock } from '../../src/core/clock.js';

/**
 * A manual clock with a `sleep` that only wakes when the test moves time. `runUntilIdle()`
 * lets pending work run, then jumps the clock to the next sleeper's wake time, until nothing
 * is left: concurrent sleepers share one timeline (time is not added once per sleeper).
 */
export interface FakeScheduler {
  readonly clock: ManualClock;
  readonly sleep: (ms: number) => Promise<void>;
  /** Every duration passed to `sleep`, in call order. */
  readonly sleeps: number[];
  /**
   * Runs until no sleeper is left. With `busy`, time does not move while it says real I/O is
   * under way (a request to a fake server on loopback): the run waits for that first.
   */
  runUntilIdle(maxSteps?: number, options?: { readonly busy?: () => boolean }): Promise<void>;
}

export function createFakeScheduler(start = Date.parse('2026-01-01T10:00:00Z')): FakeScheduler {
  const clock = createManualClock(start);
  const timers: { at: number; seq: number; wake: () => void }[] = [];
  const sleeps: number[] = [];
  let seq = 0;

  return {
    clock,
    sleeps,
    sleep(ms) {
      sleeps.push(ms);
      return new Promise<void>((wake) => {
        timers.push({ at: clock.now() + Math.max(0, ms), seq: (seq += 1), wake });
      });
    },
    async runUntilIdle(maxSteps = 10_000, options = {}) {
      for (let step = 0; step < maxSteps; step += 1) {
        await flushed(); // lets every promise chain that can advance do so
        // Real I/O settles in real time, and what follows it may sleep: wait, then look again.
        while (options.busy?.()) {
          await pause(1);
          await flushed();
        }
        if (timers.length === 0) return;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift()!;
        if (next.at > clock.now()) clock.set(next.at);
        next.wake();
      }
      throw new Error(`still busy after ${maxSteps} steps`);
    },
  };
}
