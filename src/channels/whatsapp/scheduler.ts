import { setTimeout as wait } from 'node:timers/promises';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';

/**
 * Waits `ms`, or less when `signal` aborts (it then resolves too: the caller looks at why it
 * woke). Injected so tests move time themselves.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The time of the senders: leases, pacing and backoff run on it. */
export interface Scheduler {
  readonly clock: Clock;
  readonly sleep: Sleep;
}

/**
 * Real time. Its timers do not keep the process alive on their own: a server's listening
 * socket does, and a stopped sender leaves nothing behind.
 */
export const realScheduler: Scheduler = {
  clock: systemClock,
  sleep: (ms, signal) =>
    wait(Math.max(0, ms), undefined, { ref: false, ...(signal ? { signal } : {}) }).catch(
      (error: unknown) => {
        // An abort is a wake-up, not a failure: the caller checks why it woke.
        if (!(error instanceof Error && error.name === 'AbortError')) throw error;
      },
    ),
};
