import type { Clock } from '../../core/clock.js';
import { ChannelError, ValidationError } from '../../errors.js';
import type { SendAbandonedError } from '../../errors.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff-delay.js';
import { classifyWhatsAppError } from './classify-error.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

/** Whose send this is: the business number it goes from and the customer it goes to. */
export interface OutboundKey {
  readonly businessNumberId: string;
  /**
   * A stable id of the customer (E.164 phone or business-scoped user id), or every id the
   * customer has: the send is paced, and ordered, under each of them, so a person known by
   * two ids (two contacts merged) is one customer to pacing.
   */
  readonly customer: string | readonly string[];
}

export interface OutboundQueueOptions {
  /** Sends per second per business number (Cloud API default throughput); default 80. */
  readonly perNumberPerSecond?: number;
  /** Sends to one customer that may go at once; default 5 (a turn's replies are not delayed). */
  readonly perCustomerBurst?: number;
  /** After the burst, one send to the same customer per this interval; default 6000 ms. */
  readonly perCustomerIntervalMs?: number;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  /** Pause for one customer after error 131056; default `perCustomerIntervalMs`. */
  readonly pairBackoffMs?: number;
  /** Pause for the whole business number after error 130429; default 1000 ms. */
  readonly numberBackoffMs?: number;
  /** Waits before trying a task again after a passing failure (429, 5xx, network); capped. */
  readonly backoff?: BackoffOptions;
  /** Numbers in [0, 1) for the backoff jitter; `Math.random` by default. */
  readonly random?: () => number;
}

/**
 * Whether a task that failed for a passing reason is tried again. Asked with the number of
 * failed attempts so far, before the wait and again right before the next attempt.
 */
export interface RetryPolicy {
  readonly again: (failures: number) => boolean;
}

/** Four attempts in all: for a caller who waits for the answer (an API send). */
export const BRIEF_RETRY: RetryPolicy = Object.freeze({
  again: (failures: number) => failures < 4,
});

/** Paces sends to the Cloud API (PRODUCT.md "Outbound pacing"). */
export interface OutboundQueue {
  /**
   * Runs `task` (one attempt) when pacing allows and resolves with its result. A retryable
   * failure (`ChannelError.retryable`) is tried again while `retry` allows (default
   * {@link BRIEF_RETRY}), each attempt paced like a first one. Tasks of one customer (sharing
   * any id) run one at a time in enqueue order; different customers run side by side.
   */
  enqueue<T>(key: OutboundKey, task: () => Promise<T>, retry?: RetryPolicy): Promise<T>;
  /** Resolves when every task enqueued so far (and any enqueued meanwhile) has settled. */
  drain(): Promise<void>;
  /**
   * Gives up on every task that has not started its attempt: those waiting for pacing, for a
   * retry or for the customer's earlier tasks reject with `reason` (a shutdown past its
   * deadline). An attempt already under way is the task's to abort. New tasks reject at once.
   */
  abandon(reason: SendAbandonedError): void;
}

interface Lane {
  readonly bucket: TokenBucket;
  pausedUntil: number;
  /** Settles when the lane's last task has; `undefined` when the lane is idle. */
  tail: Promise<void> | undefined;
}

const SWEEP_THRESHOLD = 1_000;

/**
 * Creates the outbound queue: a token bucket per business number (80/s) and one per customer
 * (a burst, then one send every six seconds). When WhatsApp still answers 130429 (number
 * throughput) or 131056 (pair rate limit), only that number or that customer pauses and the
 * task is tried again; other customers keep going. Any other passing failure (429, 5xx, a
 * network error) waits a capped exponential backoff with jitter (or the `Retry-After` given,
 * capped alike) and is tried again. Every attempt, first or retry, takes its tokens: retries
 * never push a number past its throughput, also when an outage ends with everything retrying
 * at once. All time comes from `clock` and `sleep`.
 *
 * @example
 * // import { setTimeout } from 'node:timers/promises';
 * const queue = createOutboundQueue({ clock: systemClock, sleep: (ms) => setTimeout(ms) });
 * await queue.enqueue({ businessNumberId, customer: contact.phone }, () => client.send(businessNumberId, message));
 */
export function createOutboundQueue(options: OutboundQueueOptions): OutboundQueue {
  const perSecond = positive('perNumberPerSecond', options.perNumberPerSecond ?? 80);
  const burst = positive('perCustomerBurst', options.perCustomerBurst ?? 5);
  const intervalMs = positive('perCustomerIntervalMs', options.perCustomerIntervalMs ?? 6_000);
  const pairBackoffMs = positive('pairBackoffMs', options.pairBackoffMs ?? intervalMs);
  const numberBackoffMs = positive('numberBackoffMs', options.numberBackoffMs ?? 1_000);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const { clock } = options;
  let abandoned: SendAbandonedError | undefined;
  const onAbandon = new Set<(reason: SendAbandonedError) => void>();

  /** `options.sleep`, cut short by {@link OutboundQueue.abandon}. */
  function sleep(ms: number): Promise<void> {
    if (abandoned) return Promise.reject(abandoned);
    return new Promise<void>((resolve, reject) => {
      const stop = (reason: SendAbandonedError) => reject(reason);
      onAbandon.add(stop);
      void options
        .sleep(ms)
        .then(resolve, reject)
        .finally(() => onAbandon.delete(stop));
    });
  }

  const numbers = new Map<string, Lane>();
  const customers = new Map<string, Lane>();
  const pending = new Set<Promise<void>>();
  let sweepAt = SWEEP_THRESHOLD;

  function numberLane(id: string): Lane {
    let lane = numbers.get(id);
    if (!lane) {
      lane = {
        bucket: createTokenBucket(perSecond, 1000 / perSecond, clock.now()),
        pausedUntil: 0,
        tail: undefined,
      };
      numbers.set(id, lane);
    }
    return lane;
  }

  /** One lane per id of the customer; the sweep runs first, so it never drops one of them. */
  function customerLanes(key: OutboundKey): Lane[] {
    const ids = typeof key.customer === 'string' ? [key.customer] : [...new Set(key.customer)];
    const missing = ids.some((id) => !customers.has(`${key.businessNumberId}\u0000${id}`));
    if (missing) sweepIdleCustomers();
    return ids.map((customer) => {
      const id = `${key.businessNumberId}\u0000${customer}`;
      let lane = customers.get(id);
      if (!lane) {
        lane = {
          bucket: createTokenBucket(burst, intervalMs, clock.now()),
          pausedUntil: 0,
          tail: undefined,
        };
        customers.set(id, lane);
      }
      return lane;
    });
  }

  /** Forgets customers whose lane is idle and whose bucket has refilled: nothing to remember. */
  function sweepIdleCustomers(): void {
    if (customers.size < sweepAt) return;
    const now = clock.now();
    for (const [id, lane] of customers) {
      if (!lane.tail && lane.pausedUntil <= now && lane.bucket.isFull(now)) customers.delete(id);
    }
    sweepAt = Math.max(SWEEP_THRESHOLD, customers.size * 2);
  }

  async function acquire(number: Lane, customer: readonly Lane[]): Promise<void> {
    for (;;) {
      const now = clock.now();
      const wait = Math.max(
        number.pausedUntil - now,
        number.bucket.waitMs(now),
        ...customer.map((lane) => Math.max(lane.pausedUntil - now, lane.bucket.waitMs(now))),
      );
      if (wait <= 0) {
        // Checked and taken in one synchronous step, so concurrent lanes cannot overdraw.
        for (const lane of customer) lane.bucket.take(now);
        number.bucket.take(now);
        return;
      }
      await sleep(wait);
    }
  }

  async function run<T>(
    key: OutboundKey,
    customer: readonly Lane[],
    task: () => Promise<T>,
    retry: RetryPolicy,
  ): Promise<T> {
    const number = numberLane(key.businessNumberId);
    for (let failures = 0; ;) {
      if (abandoned) throw abandoned;
      await acquire(number, customer);
      try {
        return await task();
      } catch (error) {
        if (!(error instanceof ChannelError) || !error.retryable) throw error;
        failures += 1;
        if (!retry.again(failures)) throw error;
        const kind = classifyWhatsAppError(error.whatsappCode);
        const now = clock.now();
        if (kind === 'rate_limited_number') {
          number.pausedUntil = Math.max(number.pausedUntil, now + numberBackoffMs);
        } else if (kind === 'rate_limited_pair') {
          for (const lane of customer) {
            lane.pausedUntil = Math.max(lane.pausedUntil, now + pairBackoffMs);
            lane.bucket.drain(now); // WhatsApp says we are ahead: no burst until it refills.
          }
        } else {
          const wait = error.retryAfterMs ?? backoffDelay(failures, backoff, random);
          await sleep(Math.min(wait, backoff.maxDelayMs));
          if (!retry.again(failures)) throw error;
        }
      }
    }
  }

  return {
    enqueue(key, task, retry = BRIEF_RETRY) {
      const customer = customerLanes(key);
      const previous = customer.flatMap((lane) => lane.tail ?? []);
      const result = Promise.all(previous).then(() => run(key, customer, task, retry));
      // The lane only needs to know the task is over; its outcome goes to the caller via `result`.
      const settled = result.then(
        () => undefined,
        () => undefined,
      );
      for (const lane of customer) lane.tail = settled;
      pending.add(settled);
      void settled.then(() => {
        pending.delete(settled);
        for (const lane of customer) if (lane.tail === settled) lane.tail = undefined;
      });
      return result;
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    abandon(reason) {
      abandoned ??= reason;
      for (const stop of [...onAbandon]) stop(reason);
      onAbandon.clear();
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ValidationError(
      'invalid_queue_options',
      `Outbound queue option ${name} must be a positive number, got ${value}`,
    );
  }
  return value;
}
