import type { Logger } from '../../logger.js';
import type { Store } from '../../store/port.js';
import type { Scheduler } from './scheduler.js';

export interface PaceShareOptions {
  readonly store: Store;
  /** This sender's id. */
  readonly owner: string;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  /** How often the sender renews its registration and looks at the others'; default 2 s. */
  readonly heartbeatMs?: number;
  /** Clocks of two instances may differ by this much; default 500 ms. */
  readonly clockSkewMs?: number;
  /** Told the share whenever it changes (1 alone, 1/n among n senders, 0: do not send). */
  readonly onShare: (share: number) => void;
}

/** How the senders of all instances share each business number's pace. */
export interface PaceShare {
  /**
   * Registers the sender and keeps it registered until {@link stop}. Never fails: while the
   * store cannot be reached the share is 0, and it registers once it can.
   */
  start(): Promise<void>;
  stop(): void;
  /** The share in force now. */
  current(): number;
}

/** A registration not renewed for this many heartbeats has ended (the instance stopped or died). */
const REGISTRATION_HEARTBEATS = 5;

/**
 * Shares each business number's pace (PRODUCT.md, 80 messages a second per number) between the
 * senders of all instances, with no store round trip per message: every sender registers in the
 * store (`Store.touchSender`) and renews it every heartbeat, and uses 1/n of the pace, n being
 * the senders registered. The shares never add up to more than the whole, with two rules:
 * - a sender that finds others registered when it starts sends nothing for two heartbeats (plus
 *   the clock skew allowed), by when every one of them has looked again and counts it;
 * - a sender that has not managed to look for two heartbeats stops sending until it has, so it
 *   never goes on with a share counted before a newcomer came.
 * A sender that stops or dies keeps its place until its registration runs out (five heartbeats):
 * the others grow their share only once its last sends are well past.
 * @example
 * const share = createPaceShare({ store, owner, scheduler, logger, onShare: pacer.setShare });
 * await share.start();
 */
export function createPaceShare(options: PaceShareOptions): PaceShare {
  const { store, owner, scheduler, logger, onShare } = options;
  const heartbeatMs = options.heartbeatMs ?? 2_000;
  const skewMs = options.clockSkewMs ?? 500;
  const staleAfterMs = 2 * heartbeatMs;
  const stopper = new AbortController();
  let senders = 1;
  let lookedAt = Number.NEGATIVE_INFINITY;
  let mayStartAt = 0;
  let joined = false;
  let published = -1;

  function current(): number {
    const now = scheduler.clock.now();
    if (now < mayStartAt || now - lookedAt > staleAfterMs) return 0;
    return 1 / senders;
  }

  function publish(): void {
    const share = current();
    if (share !== published) {
      published = share;
      onShare(share);
    }
  }

  /** Registers (again) and counts the senders; the first time, waits for the others to count it. */
  async function look(): Promise<void> {
    const now = scheduler.clock.now();
    const until = now + REGISTRATION_HEARTBEATS * heartbeatMs;
    const live = await store.touchSender(owner, until, now);
    lookedAt = now;
    senders = Math.max(1, live.length);
    if (joined) return;
    joined = true;
    if (live.some((id) => id !== owner)) {
      mayStartAt = now + staleAfterMs + skewMs;
      logger.info(
        { senders: live.length, waitMs: staleAfterMs + skewMs },
        'other senders are running: sharing the pace with them once they count this one',
      );
    }
  }

  async function lookAndPublish(): Promise<void> {
    try {
      await look();
    } catch (error) {
      logger.warn({ err: error }, 'sender registration not renewed; sending pauses until it is');
    }
    publish();
  }

  async function beat(): Promise<void> {
    while (!stopper.signal.aborted) {
      await scheduler.sleep(heartbeatMs, stopper.signal);
      if (stopper.signal.aborted) return;
      await lookAndPublish();
    }
  }

  /** Publishes the share again when a wait (joining, or a stale look) ends. */
  async function watch(): Promise<void> {
    while (!stopper.signal.aborted) {
      await scheduler.sleep(heartbeatMs / 4, stopper.signal);
      publish();
    }
  }

  return {
    async start() {
      // A store down at start-up does not stop the server: nothing is sent until it answers.
      await lookAndPublish();
      void beat();
      void watch();
    },
    stop() {
      stopper.abort();
    },
    current,
  };
}
