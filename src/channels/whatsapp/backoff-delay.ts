/** How often and how patiently a failed Cloud API call is tried again. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` attempts). */
  readonly retries: number;
  /** Shortest wait before a retry, and the base the exponential ceiling grows from. */
  readonly minDelayMs: number;
  /** Longest wait before a retry, however many have failed. */
  readonly maxDelayMs: number;
}

/**
 * The Cloud API client's own retries: none. The outbox sender retries a failed send itself,
 * through the pace, for as long as the message may still go (`deliver-entry.ts`).
 */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  retries: 0,
  minDelayMs: 250,
  maxDelayMs: 8_000,
});

/**
 * The wait before retry number `attempt` (1 for the first retry): exponential backoff with full
 * jitter, a random delay between `minDelayMs` and `min(maxDelayMs, minDelayMs * 2^(attempt-1))`.
 * Jitter spreads the retries of many senders that failed at the same moment.
 *
 * @param random a source of numbers in [0, 1), injected so tests are deterministic.
 * @example backoffDelay(3, { retries: 5, minDelayMs: 100, maxDelayMs: 1000 }, () => 0.5) // 250
 */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number): number {
  const min = Math.max(0, options.minDelayMs);
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.max(min, Math.min(options.maxDelayMs, min * 2 ** exponent));
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.round(min + fraction * (ceiling - min));
}
