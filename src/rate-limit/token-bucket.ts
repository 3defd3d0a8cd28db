/**
 * A token bucket on an injected clock: holds up to `capacity` tokens and regains one every
 * `intervalMs`. Paces the Cloud API per business number and per customer
 * (`channels/whatsapp/pacer.ts`), and limits the REST API per key and refused keys per client
 * address (`http/api/rate-limit.ts`, `http/api/auth-failures.ts`).
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
  /**
   * From `now` on, holds up to `capacity` and regains one every `intervalMs`; what it holds
   * beyond the new capacity is dropped (a sender whose share of a pace shrank).
   */
  resize(capacity: number, intervalMs: number, now: number): void;
}

/** Absorbs floating-point dust so a bucket refilled to 0.9999999 tokens counts as one. */
const EPSILON = 1e-9;

/**
 * Creates a bucket holding `initial` tokens (full by default).
 * @example const bucket = createTokenBucket(80, 1000 / 80, clock.now()); if (bucket.waitMs(now) === 0) bucket.take(now);
 */
export function createTokenBucket(
  capacity: number,
  intervalMs: number,
  now: number,
  initial = capacity,
): TokenBucket {
  let tokens = Math.min(initial, capacity);
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
      // Dust again: 5500.000000001 ms is 5500 ms, not 5501.
      return tokens >= 1 - EPSILON ? 0 : Math.ceil((1 - tokens) * intervalMs - 1e-6);
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
    resize(nextCapacity, nextIntervalMs, at) {
      refill(at);
      capacity = nextCapacity;
      intervalMs = nextIntervalMs;
      tokens = Math.min(tokens, capacity);
    },
  };
}
