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
  // A plain timer and one listener: `timers/promises` would build an `AbortError` (with its
  // stack) for every wake-up by `signal`, and the senders wake many sleeps that way.
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const wake = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      timer.unref();
      signal?.addEventListener('abort', wake, { once: true });
    }),
};
