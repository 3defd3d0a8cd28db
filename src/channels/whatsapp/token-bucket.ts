/**
 * A token bucket on an injected clock: holds up to `capacity` tokens and regains one every
 * `intervalMs`. Used for the Cloud API's per-number and per-customer pacing.
 */
export interface TokenBucket {
  /** Milliseconds until a token is available at `now` (0 when one is). */
  waitMs(now: number): number;
  /** Takes a token; call only when `waitMs(now)` is 0. */
  take(now: number): void;
  /** Empties the bucket, e.g. after WhatsApp said we sent too fast. */
  drain(now: number): void;
  /** True when the bucket is full at `now`, so forgetting it changes nothing. */
  isFull(now: number): boolean;
}

/** Absorbs floating-point dust so a bucket refilled to 0.9999999 tokens counts as one. */
const EPSILON = 1e-9;

export function createTokenBucket(capacity: number, intervalMs: number, now: number): TokenBucket {
  let tokens = capacity;
  let updatedAt = now;

  function refill(at: number): void {
    if (at > updatedAt) {
      tokens = Math.min(capacity, tokens + (at - updatedAt) / intervalMs);
      updatedAt = at;
    }
  }

  return {
    waitMs(at) {
      refill(at);
      return tokens >= 1 - EPSILON ? 0 : Math.ceil((1 - tokens) * intervalMs);
    },
    take(at) {
      refill(at);
      tokens -= 1;
    },
    drain(at) {
      refill(at);
      tokens = 0;
    },
    isFull(at) {
      refill(at);
      return tokens >= capacity - EPSILON;
    },
  };
}
