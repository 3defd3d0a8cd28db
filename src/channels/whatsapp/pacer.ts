import { ValidationError } from '../../errors.js';
import type { Scheduler } from './scheduler.js';
import { createTokenBucket, type TokenBucket } from '../../rate-limit/index.js';

export interface PacerOptions {
  /** Sends per second per business number, for all senders together; default 80. */
  readonly perNumberPerSecond?: number;
  /** Sends to one customer that may go at once; default 5 (a turn's replies are not delayed). */
  readonly perCustomerBurst?: number;
  /** After the burst, one send to the same customer per this interval; default 6000 ms. */
  readonly perCustomerIntervalMs?: number;
  /** Pause for one customer after error 131056; default `perCustomerIntervalMs`. */
  readonly pairBackoffMs?: number;
  /** Pause for the whole business number after error 130429; default 1000 ms. */
  readonly numberBackoffMs?: number;
  readonly scheduler: Scheduler;
}

/**
 * Paces sends to the Cloud API (PRODUCT.md "Outbound pacing"): a token bucket per business
 * number (80/s, shared out between the senders of all instances: see `pace-share.ts`) and one per
 * customer of a number (a burst, then one send every six seconds). A send waits for both; a
 * customer who must wait never holds up another customer of the same number.
 */
export interface Pacer {
  /**
   * Resolves true once one more message may go from `number` to the customer known by
   * `customers` (every id of one person), having taken it from both paces; false when `signal`
   * aborted the wait first (nothing taken).
   */
  acquire(number: string, customers: readonly string[], signal?: AbortSignal): Promise<boolean>;
  /**
   * Takes one send from both paces at once and returns true when it may go now and nobody
   * waits ahead on the number; otherwise takes nothing and returns false (then
   * {@link Pacer.acquire}). The same grant `acquire` would make at once, without a promise, a
   * waiter or a listener: the common case when the pace is not the limit.
   */
  tryAcquire(number: string, customers: readonly string[]): boolean;
  /** Holds the number back for `ms` (130429, or the Cloud API failing for everyone). */
  pauseNumber(number: string, ms?: number): void;
  /** WhatsApp said we are ahead with this customer (131056): a pause, and no burst until it refills. */
  pauseCustomer(number: string, customers: readonly string[]): void;
  /**
   * This sender's share of each number's pace: 1 alone, 1/n among n senders, 0 while it must
   * not send (it has just joined others, or lost sight of them).
   */
  setShare(share: number): void;
  /** Sends waiting for their turn. */
  waiting(): number;
}

interface CustomerLane {
  readonly bucket: TokenBucket;
  pausedUntil: number;
  /** Waiters using the lane: it is not forgotten while it has any. */
  users: number;
}

interface Waiter {
  readonly lanes: readonly CustomerLane[];
  readonly resolve: (granted: boolean) => void;
}

interface NumberLane {
  bucket: TokenBucket | undefined;
  pausedUntil: number;
  readonly waiters: Waiter[];
  pumping: boolean;
  /** Interrupts the pump's wait: a new waiter, a new share or a pause changes what it waits for. */
  wake: AbortController;
}

const SWEEP_THRESHOLD = 1_000;
/** How often a sender without a share looks again whether it has one. */
const NO_SHARE_POLL_MS = 100;

/**
 * Creates a pacer on the injected clock and sleep.
 * @example
 * const pacer = createPacer({ scheduler: realScheduler });
 * if (await pacer.acquire(numberId, [contact.phone])) await client.send(numberId, message);
 */
export function createPacer(options: PacerOptions): Pacer {
  const perSecond = positive('perNumberPerSecond', options.perNumberPerSecond ?? 80);
  const burst = positive('perCustomerBurst', options.perCustomerBurst ?? 5);
  const intervalMs = positive('perCustomerIntervalMs', options.perCustomerIntervalMs ?? 6_000);
  const pairBackoffMs = positive('pairBackoffMs', options.pairBackoffMs ?? intervalMs);
  const numberBackoffMs = positive('numberBackoffMs', options.numberBackoffMs ?? 1_000);
  const { clock, sleep } = options.scheduler;

  const numbers = new Map<string, NumberLane>();
  const customers = new Map<string, CustomerLane>();
  let share = 1;
  /** Once other senders were seen, a new number's bucket starts empty (see `pace-share.ts`). */
  let peersSeen = false;
  let sweepAt = SWEEP_THRESHOLD;

  const capacity = () => Math.max(1, perSecond * share);
  const interval = () => 1000 / (perSecond * share);

  function numberLane(id: string): NumberLane {
    let lane = numbers.get(id);
    if (!lane) {
      lane = {
        bucket: undefined,
        pausedUntil: 0,
        waiters: [],
        pumping: false,
        wake: new AbortController(),
      };
      numbers.set(id, lane);
    }
    return lane;
  }

  function bucketOf(lane: NumberLane, now: number): TokenBucket {
    lane.bucket ??= createTokenBucket(capacity(), interval(), now, peersSeen ? 0 : capacity());
    return lane.bucket;
  }

  function customerLanes(number: string, ids: readonly string[]): CustomerLane[] {
    const keys = [...new Set(ids)].map((id) => `${number}\u0000${id}`);
    if (keys.some((key) => !customers.has(key))) sweepIdleCustomers();
    return keys.map((key) => {
      let lane = customers.get(key);
      if (!lane) {
        lane = {
          bucket: createTokenBucket(burst, intervalMs, clock.now()),
          pausedUntil: 0,
          users: 0,
        };
        customers.set(key, lane);
      }
      return lane;
    });
  }

  /** Forgets customers nobody waits for whose bucket has refilled: nothing to remember. */
  function sweepIdleCustomers(): void {
    if (customers.size < sweepAt) return;
    const now = clock.now();
    for (const [key, lane] of customers) {
      if (lane.users === 0 && lane.pausedUntil <= now && lane.bucket.isFull(now)) {
        customers.delete(key);
      }
    }
    sweepAt = Math.max(SWEEP_THRESHOLD, customers.size * 2);
  }

  function customerWait(waiter: Waiter, now: number): number {
    return Math.max(
      0,
      ...waiter.lanes.map((lane) => Math.max(lane.pausedUntil - now, lane.bucket.waitMs(now))),
    );
  }

  function wake(lane: NumberLane): void {
    lane.wake.abort();
    lane.wake = new AbortController();
  }

  /** Grants the number's tokens, one at a time, to the first waiter whose customer may go. */
  async function pump(lane: NumberLane): Promise<void> {
    lane.pumping = true;
    try {
      while (lane.waiters.length > 0) {
        const { signal } = lane.wake;
        if (share <= 0) {
          await sleep(NO_SHARE_POLL_MS, signal);
          continue;
        }
        const now = clock.now();
        const bucket = bucketOf(lane, now);
        const numberWait = Math.max(lane.pausedUntil - now, bucket.waitMs(now));
        if (numberWait > 0) {
          await sleep(numberWait, signal);
          continue;
        }
        let soonest = Number.POSITIVE_INFINITY;
        const index = lane.waiters.findIndex((waiter) => {
          const wait = customerWait(waiter, now);
          soonest = Math.min(soonest, wait);
          return wait <= 0;
        });
        if (index < 0) {
          await sleep(soonest, signal);
          continue;
        }
        const [waiter] = lane.waiters.splice(index, 1);
        if (!waiter) continue;
        // Checked and taken in one synchronous step: no other grant can come in between.
        bucket.take(now);
        for (const customer of waiter.lanes) {
          customer.bucket.take(now);
          customer.users -= 1;
        }
        waiter.resolve(true);
      }
    } finally {
      lane.pumping = false;
    }
  }

  return {
    tryAcquire(number, ids) {
      if (share <= 0) return false;
      const lane = numberLane(number);
      if (lane.waiters.length > 0) return false;
      const now = clock.now();
      const bucket = bucketOf(lane, now);
      if (lane.pausedUntil > now || bucket.waitMs(now) > 0) return false;
      const lanes = customerLanes(number, ids);
      for (const customer of lanes) {
        if (customer.pausedUntil > now || customer.bucket.waitMs(now) > 0) return false;
      }
      bucket.take(now);
      for (const customer of lanes) customer.bucket.take(now);
      return true;
    },

    acquire(number, ids, signal) {
      if (signal?.aborted) return Promise.resolve(false);
      const lane = numberLane(number);
      const lanes = customerLanes(number, ids);
      for (const customer of lanes) customer.users += 1;
      return new Promise<boolean>((resolve) => {
        const onAbort = () => {
          const index = lane.waiters.indexOf(waiter);
          if (index < 0) return;
          lane.waiters.splice(index, 1);
          for (const customer of lanes) customer.users -= 1;
          resolve(false);
        };
        // A grant takes the abort listener with it: a contact's signal lives for all its
        // entries and must not collect one listener per send.
        const waiter: Waiter = {
          lanes,
          resolve: (granted) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(granted);
          },
        };
        lane.waiters.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
        if (lane.pumping) wake(lane);
        else void pump(lane);
      });
    },

    pauseNumber(number, ms = numberBackoffMs) {
      const lane = numberLane(number);
      lane.pausedUntil = Math.max(lane.pausedUntil, clock.now() + ms);
      wake(lane);
    },

    pauseCustomer(number, ids) {
      const now = clock.now();
      for (const lane of customerLanes(number, ids)) {
        lane.pausedUntil = Math.max(lane.pausedUntil, now + pairBackoffMs);
        lane.bucket.drain(now);
      }
    },

    setShare(next) {
      if (next === share) return;
      if (next < 1) peersSeen = true;
      share = Math.max(0, Math.min(1, next));
      const now = clock.now();
      for (const lane of numbers.values()) {
        if (share > 0) lane.bucket?.resize(capacity(), interval(), now);
        wake(lane);
      }
    },

    waiting: () => [...numbers.values()].reduce((sum, lane) => sum + lane.waiters.length, 0),
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ValidationError(
      'invalid_pacing_options',
      `Outbound pacing option ${name} must be a positive number, got ${value}`,
    );
  }
  return value;
}
