import type { RequestHandler } from 'restify';
import { createTokenBucket } from '../../rate-limit/index.js';
import type { TokenBucket } from '../../rate-limit/index.js';
import type { Clock } from '../../core/clock.js';
import { MINUTE } from '../../core/clock.js';
import { RateLimitedError } from '../../errors.js';
import { principalOf } from './auth.js';
import { checkHandler } from './check-handler.js';

export interface RateLimitOptions {
  /** Requests per minute per API key; also the burst a quiet key may spend at once. */
  readonly perMinute: number;
  readonly clock: Clock;
}

/**
 * Limits each API key to `perMinute` requests (PRODUCT.md, Security: rate limits on the REST
 * API), with a token bucket on the injected clock. Over the limit: 429 `rate_limited` with
 * `Retry-After` in whole seconds. Runs after {@link authenticate}: the bucket is the key's.
 */
export function rateLimitPerKey(options: RateLimitOptions): RequestHandler {
  const { perMinute, clock } = options;
  const buckets = new Map<string, TokenBucket>();
  return checkHandler((req, res) => {
    const { keyId } = principalOf(req);
    const now = clock.now();
    let bucket = buckets.get(keyId);
    if (!bucket) {
      bucket = createTokenBucket(perMinute, MINUTE / perMinute, now);
      buckets.set(keyId, bucket);
    }
    const waitMs = bucket.waitMs(now);
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      // Set here, not by the error handler: the header belongs to this refusal.
      res.header('Retry-After', String(seconds));
      throw new RateLimitedError(
        `Too many requests for this API key (limit ${perMinute} per minute); retry after ${seconds} s.`,
        seconds,
      );
    }
    bucket.take(now);
  });
}
