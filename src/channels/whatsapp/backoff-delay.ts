/** How patiently a send that failed for a passing reason is tried again. */
export interface BackoffOptions {
  /** Shortest wait before a retry, and the base the exponential ceiling grows from. */
  readonly minDelayMs: number;
  /** Longest wait before a retry, however many have failed (also caps a `Retry-After`). */
  readonly maxDelayMs: number;
}

/** Half a second at first, doubling up to a minute: an outage of hours costs a retry a minute. */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({
  minDelayMs: 500,
  maxDelayMs: 60_000,
});

/**
 * The wait before retry number `attempt` (1 for the first retry): exponential backoff with full
 * jitter, a random delay between `minDelayMs` and `min(maxDelayMs, minDelayMs * 2^(attempt-1))`.
 * Jitter spreads the retries of many senders that failed at the same moment.
 *
 * @param random a source of numbers in [0, 1), injected so tests are deterministic.
 * @example backoffDelay(3, { minDelayMs: 100, maxDelayMs: 1000 }, () => 0.5) // 250
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number,
): number {
  const min = Math.max(0, options.minDelayMs);
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.max(min, Math.min(options.maxDelayMs, min * 2 ** exponent));
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.round(min + fraction * (ceiling - min));
}
