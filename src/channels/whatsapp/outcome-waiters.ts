import type { Delivery } from './deliver-entry.js';
import type { Scheduler } from './scheduler.js';

/** Callers waiting for the outcome of a message a sender of this process sends. */
export interface OutcomeWaiters {
  /** The outcome once recorded within `timeoutMs`, else `undefined` (it may go later). */
  wait(entryId: string, timeoutMs: number): Promise<Delivery | undefined>;
  /** Tells everyone waiting for this outcome. */
  settle(delivery: Delivery): void;
}

/**
 * Creates the waiters of one sender (`POST /v1/messages` waits for its message's outcome).
 * Nothing is kept once a wait ends, answered or timed out.
 * @example const waiters = createOutcomeWaiters(scheduler); const outcome = await waiters.wait(entry.id, 10_000);
 */
export function createOutcomeWaiters(scheduler: Scheduler): OutcomeWaiters {
  const waiting = new Map<string, Set<(outcome: Delivery) => void>>();
  return {
    wait(entryId, timeoutMs) {
      return new Promise<Delivery | undefined>((resolve) => {
        const listeners = waiting.get(entryId) ?? new Set();
        waiting.set(entryId, listeners);
        const timeout = new AbortController();
        const listener = (outcome: Delivery) => {
          timeout.abort();
          resolve(outcome);
        };
        listeners.add(listener);
        void scheduler.sleep(timeoutMs, timeout.signal).then(() => {
          if (!listeners.delete(listener)) return;
          if (listeners.size === 0) waiting.delete(entryId);
          resolve(undefined);
        });
      });
    },
    settle(delivery) {
      const listeners = waiting.get(delivery.outcome.id);
      waiting.delete(delivery.outcome.id);
      for (const listener of listeners ?? []) listener(delivery);
    },
  };
}
