import type { Server } from 'node:http';
import type { ConnectionTracker } from './http/track-connections.js';
import type { Logger } from './logger.js';

export interface ShutdownOptions {
  /** The listening HTTP server (restify's `server.server`). */
  readonly server: Server;
  /** Its connections, tracked since before it listened. */
  readonly connections: ConnectionTracker;
  /** Turns under way (a webhook's request waits for its turns anyway). */
  readonly turns: { idle(): Promise<void> };
  /**
   * The outbox sender: `stop` takes no more work, lets the calls in flight finish within the
   * budget given, records them and gives its leases up (`OutboxSender.stop`).
   */
  readonly sender: {
    stop(deadlineMs: number): Promise<void>;
    stats(): { readonly inFlight: number };
  };
  /** What to close last, in order, once nothing uses it (the flows watcher, the store…). */
  readonly close: readonly (() => Promise<void> | void)[];
  /** The whole shutdown's budget, in ms (SHUTDOWN_TIMEOUT_MS). */
  readonly deadlineMs: number;
  /** Waits `ms`; injected so tests move time themselves. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
}

/** How a shutdown went. */
export interface ShutdownReport {
  /** Every request, turn and send finished before the deadline, and everything closed. */
  readonly clean: boolean;
  /** Requests still being answered at the deadline; their connections were cut. */
  readonly abandonedRequests: number;
  /**
   * Cloud API calls still under way at the deadline: their messages stay in the outbox under a
   * lease that runs out, and whoever takes them over may send them a second time.
   */
  readonly sendsInFlight: number;
}

/**
 * Stops the server within `deadlineMs` (PRODUCT.md, Qualities: nothing lost; issue 14):
 *
 * 1. Stop accepting connections; close at once every connection with no request being
 *    answered (idle keep-alive ones, and half-sent requests, which would otherwise hold the
 *    process open for as long as their client likes).
 * 2. Let the requests being answered finish (a webhook's turns are saved, replies and all,
 *    before its 200), then the turns under way, then stop the outbox sender: it claims nothing
 *    more, lets its Cloud API calls in flight finish and records them, and gives its leases up.
 *    What it had not sent stays in the outbox, for another instance at once or the next start.
 * 3. At the deadline (less the time kept for step 4: a tenth of it, at most one second), cut
 *    the connections still answering (WhatsApp delivers an unanswered webhook again). Calls
 *    still in flight are left to their lease: nothing is lost, and the report says how many
 *    may be sent twice.
 * 4. Close what is left (flows watcher, store, embedded MongoDB), and resolve.
 *
 * Resolves at the latest at the deadline (a close that hangs is given up on and logged).
 * @example
 * const report = await shutDown({ server: server.server, connections, turns, sender,
 *   close: [() => store.close()], deadlineMs: config.shutdownTimeoutMs, sleep, logger });
 */
export async function shutDown(options: ShutdownOptions): Promise<ShutdownReport> {
  const { server, connections, turns, sender, logger, sleep } = options;
  const reserveMs = Math.min(1_000, options.deadlineMs / 10);
  const closed = new Promise<void>((resolve) => {
    server.close(() => resolve());
  });
  connections.closeWhenAnswered();

  const answered = (async () => {
    await closed;
    await turns.idle();
  })();
  const drained = (async () => {
    await answered;
    await sender.stop(options.deadlineMs - reserveMs);
  })().catch((error: unknown) => {
    logger.error({ err: error }, 'shutdown: waiting for the work under way failed');
  });
  const clean = await within(drained, sleep(options.deadlineMs - reserveMs));
  let abandonedRequests = 0;
  const sendsInFlight = sender.stats().inFlight;
  if (!clean) {
    abandonedRequests = connections.answering;
    connections.destroyAll();
    logger.warn(
      { deadlineMs: options.deadlineMs, abandonedRequests, sendsInFlight },
      'shutdown deadline reached: requests still being answered were cut; messages not sent stay in the outbox',
    );
  }

  const closing = (async () => {
    // Past the deadline the sender's calls in flight are not waited for (their messages stay
    // in the outbox); the turns still writing to the store are.
    await (clean ? drained : answered.catch(() => undefined));
    for (const close of options.close) await close();
  })();
  const closedInTime = await within(closing, sleep(reserveMs)).catch((error: unknown) => {
    logger.error({ err: error }, 'shutdown: closing the store failed');
    return false;
  });
  if (!closedInTime) logger.error('shutdown: the store did not close in time; exiting anyway');
  return { clean: clean && closedInTime, abandonedRequests, sendsInFlight };
}

/** True when `work` settles before `timer` (a rejected `work` rejects). */
async function within(work: Promise<void>, timer: Promise<void>): Promise<boolean> {
  return Promise.race([work.then(() => true), timer.then(() => false)]);
}
