import { isIPv6 } from 'node:net';
import type { Request, Response } from 'restify';
import { createTokenBucket } from '../../rate-limit/index.js';
import type { TokenBucket } from '../../rate-limit/index.js';
import type { Clock } from '../../core/clock.js';
import { MINUTE } from '../../core/clock.js';
import { RateLimitedError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics/index.js';

export interface AuthFailureLimitOptions {
  /** Refused API keys a client address may send per minute; also the burst. */
  readonly perMinute: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Counts refused API keys per client address, and refuses an address that sent too many. */
export interface AuthFailureLimit {
  /**
   * Throws `RateLimitedError` (429, with `Retry-After`) while the request's address is over its
   * budget. Runs before the key is looked at: a right guess then learns nothing either.
   */
  check(req: Request, res: Response): void;
  /** Counts a refused key against the request's address and logs it at warn (never the key). */
  record(req: Request, reason: string): void;
}

const SWEEP_THRESHOLD = 1_000;

/**
 * The brake on guessing API keys (PRODUCT.md, Security): each client address (an IPv6 client
 * by its /64, which one machine usually holds whole) may send `perMinute` refused keys, then
 * gets 429 until its budget refills, whatever key it sends. The address is the TCP peer: behind
 * a reverse proxy every client shares the proxy's budget.
 * @example const failures = createAuthFailureLimit({ perMinute: 10, clock, logger, metrics });
 */
export function createAuthFailureLimit(options: AuthFailureLimitOptions): AuthFailureLimit {
  const { perMinute, clock, logger, metrics } = options;
  const buckets = new Map<string, TokenBucket>();
  let sweepAt = SWEEP_THRESHOLD;

  function bucketOf(address: string, now: number): TokenBucket {
    let bucket = buckets.get(address);
    if (!bucket) {
      if (buckets.size >= sweepAt) {
        for (const [key, idle] of buckets) if (idle.isFull(now)) buckets.delete(key);
        sweepAt = Math.max(SWEEP_THRESHOLD, buckets.size * 2);
      }
      bucket = createTokenBucket(perMinute, MINUTE / perMinute, now);
      buckets.set(address, bucket);
    }
    return bucket;
  }

  return {
    check(req, res) {
      const address = clientAddress(req);
      const bucket = buckets.get(address);
      const waitMs = bucket?.waitMs(clock.now()) ?? 0;
      if (waitMs <= 0) return;
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      metrics.apiAuthFailures.inc({ outcome: 'limited' });
      logger.debug({ client: address, retryAfter: seconds }, 'API request from a limited address');
      res.header('Retry-After', String(seconds));
      throw new RateLimitedError(
        `Too many requests with a missing or wrong API key from this address (limit ${perMinute} per minute); retry after ${seconds} s with a key from API_KEYS.`,
        seconds,
      );
    },
    record(req, reason) {
      const now = clock.now();
      const address = clientAddress(req);
      const bucket = bucketOf(address, now);
      bucket.take(now);
      metrics.apiAuthFailures.inc({ outcome: 'refused' });
      const where = { client: address, method: req.method, path: routeOf(req), reason };
      logger.warn(where, 'API key refused');
      if (bucket.waitMs(now) > 0) {
        logger.warn(
          { ...where, perMinute },
          'too many refused API keys from one address: it is refused (429) until its budget refills',
        );
      }
    },
  };
}

/** The key a client's failures are counted under: its IPv4 address, or its IPv6 /64. */
export function clientAddress(req: Request): string {
  const raw = req.socket.remoteAddress ?? 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(raw)) return raw;
  return `${expandIPv6(raw).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, `::` filled in. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase());
}

function routeOf(req: Request): string | undefined {
  const route = (req.getRoute() as { path?: unknown } | null | undefined)?.path;
  return typeof route === 'string' ? route : undefined;
}
