import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { TurnOutbox } from '../../service/turn-service.js';
import type { ContactRecord, LeaseRequest, OutboundEntry } from '../../store/port.js';
import { DEFAULT_BACKOFF } from './backoff-delay.js';
import { createConcurrencyLimit } from './concurrency-limit.js';
import { deliverEntry, skippedInBatch } from './deliver-entry.js';
import type { Delivery, DeliveryDeps } from './deliver-entry.js';
import type { OutboxSenderOptions } from './outbox-sender-options.js';
import { createPaceShare } from './pace-share.js';
import { createLoopStop, type LoopStop } from './loop-stop.js';
import { createOutcomeWaiters } from './outcome-waiters.js';
import { createPacer } from './pacer.js';
import { realScheduler } from './scheduler.js';

/** What a caller waiting for a message learns: its outcome, and the error of a failure. */
export type SendOutcome = Delivery;

/**
 * The sender of the outbox: sends what turns and API calls saved in the contacts' outboxes, in
 * order per contact, paced, and records each outcome. It implements {@link TurnOutbox}: a turn
 * takes the contact's lease in its own write and hands the contact over at once.
 */
export interface OutboxSender extends TurnOutbox {
  /**
   * Registers among the senders, then takes over what waits in the store; start before serving.
   * A store that cannot be reached is tried again on the sender's timers.
   */
  start(): Promise<void>;
  /** Sends the contact's outbox if this sender holds its lease (or can take it). */
  wake(contact: ContactRecord): void;
  /** The outcome of an entry this sender records within `timeoutMs`, else `undefined`. */
  outcomeOf(entryId: string, timeoutMs: number): Promise<SendOutcome | undefined>;
  /** Resolves when nothing is being sent (for tests, and before closing the store). */
  idle(): Promise<void>;
  /**
   * Graceful stop: claims nothing more, lets the calls in flight finish and records them,
   * within `deadlineMs`, then cuts those still under way (their messages stay queued, and may
   * be sent again by whoever takes them over); the rest stays in the outbox, its leases given up
   * for others to take at once.
   */
  stop(deadlineMs: number): Promise<void>;
  /** Contacts being sent, calls in flight, sends waiting for the pace: what it holds in memory. */
  stats(): { readonly contacts: number; readonly inFlight: number; readonly waiting: number };
}

interface Work {
  contactId: string;
  /**
   * More was queued for the contact after the loop last read its outbox from the store: look
   * again before leaving.
   */
  again: boolean;
  /** Stops the loop (a shutdown, the lease lost). */
  readonly stop: LoopStop;
  /** Settles when the loop has ended. */
  readonly done: Promise<void>;
}

/** Why a lease keeper stops: the wait it kept the lease for is over. */
const WAIT_OVER = 'wait over';

/**
 * Creates the outbox sender.
 *
 * Per contact, one loop sends the head of its outbox, records the outcome
 * (`Store.completeOutbound`, which also extends the lease and hands back what is left), and goes
 * on until the outbox is empty and the lease released. A failure ends the rest of its batch (a
 * turn's replies never arrive with a gap). Leases are renewed while a loop waits for the pace or
 * a retry. Outboxes nobody holds (a dead sender's, once its lease expires) are found by a sweep
 * at start-up and every `sweepMs`. Memory stays bounded: at most `maxContacts` contacts are sent
 * at once (the rest wait in the store for a later sweep), at most `maxInFlight` calls are in
 * flight.
 * @example
 * const sender = createOutboxSender({ store, client, consent, clock, logger, metrics });
 * await sender.start();
 */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { store, logger } = options;
  const scheduler = options.scheduler ?? realScheduler;
  const owner = options.owner ?? `sender-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const sweepMs = options.sweepMs ?? 5_000;
  const maxContacts = options.maxContacts ?? 1_000;
  const pacer = createPacer({ ...options.pacing, scheduler });
  const limit = createConcurrencyLimit(options.maxInFlight ?? 64);
  const share = createPaceShare({
    store,
    owner,
    scheduler,
    logger,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    onShare: (next) => pacer.setShare(next),
  });
  /** Cuts the calls still in flight once a stop's deadline has passed. */
  const cutCalls = new AbortController();
  // The default transport listens to it once; a client over an injected `fetch` (tests) adds a
  // listener per call in flight and removes it when the call ends: not a leak.
  setMaxListeners(0, cutCalls.signal);
  const deps: DeliveryDeps = {
    client: options.client,
    pacer,
    limit,
    scheduler,
    clock: options.clock,
    recheck: options.recheck,
    defaultNumberId: options.defaultNumberId,
    consent: options.consent,
    logger,
    metrics: options.metrics,
    retry: { ...DEFAULT_BACKOFF, maxAgeMs: 24 * 3_600_000, ...options.retry },
    random: options.random ?? Math.random,
    streaks: new Map(),
    calls: cutCalls.signal,
  };

  const active = new Map<string, Work>();
  /** Entries a loop of this process is sending: another loop never sends them too. */
  const inProcess = new Set<string>();
  const waiters = createOutcomeWaiters(scheduler);
  const stopper = new AbortController();
  let started = false;

  const lease = (): LeaseRequest => {
    const now = scheduler.clock.now();
    return { owner, until: now + leaseMs, now };
  };
  const holds = (contact: ContactRecord): boolean =>
    contact.outboxLease?.owner === owner && contact.outboxLease.until > scheduler.clock.now();

  function wake(contact: ContactRecord): void {
    if (stopper.signal.aborted || (contact.outbox ?? []).length === 0) return;
    const work = active.get(contact.id);
    if (work) {
      work.again = true;
      return;
    }
    if (active.size >= maxContacts) {
      // Full: the outbox waits in the store for a sweep (this sender's, or another's).
      if (holds(contact)) void giveUp(contact.id);
      return;
    }
    if (holds(contact)) void run(contact.id, contact);
    else if (!contact.outboxLease || contact.outboxLease.until <= scheduler.clock.now()) {
      void run(contact.id);
    }
  }

  /** Sends one contact's outbox for as long as it holds the lease and something is left. */
  async function run(contactId: string, initial?: ContactRecord): Promise<void> {
    if (stopper.signal.aborted) return;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const work: Work = { contactId, again: false, stop: createLoopStop(), done };
    active.set(contactId, work);
    try {
      let contact = initial ?? (await read(work, () => store.claimOutbox(contactId, lease())));
      let failedBatch: string | undefined;
      while (contact && !work.stop.stopped) {
        contact = follow(work, contact);
        const head = contact?.outbox?.[0];
        if (!contact || !head || inProcess.has(head.id)) break;
        const skip = head.batchId !== undefined && head.batchId === failedBatch;
        const delivery = skip
          ? skippedInBatch(head, options.clock.now())
          : await deliver(work, contact, head);
        if (!delivery) break; // stopped: the entry stays in the outbox
        if (delivery.outcome.status === 'failed') failedBatch = head.batchId;
        const progress = await read(work, () => complete(delivery));
        contact = progress.held ? progress.contact : null;
      }
    } catch (error) {
      // The store failed: what is left stays in the outbox, and the lease runs out for a sweep.
      logger.error({ err: error }, 'outbox sending interrupted; the rest is left in the outbox');
    } finally {
      if (active.get(work.contactId) === work) active.delete(work.contactId);
      if (stopper.signal.aborted) await giveUp(work.contactId);
      else if (work.again) void run(work.contactId);
      finish();
    }
  }

  /**
   * A store call that answers the contact's outbox: whatever was queued before it began is in
   * what it answers, so only a wake-up after that makes the loop look again.
   */
  function read<T>(work: Work, call: () => Promise<T>): Promise<T> {
    work.again = false;
    return call();
  }

  /** After a merge the loop goes on with the kept contact, unless another loop already sends it. */
  function follow(work: Work, contact: ContactRecord): ContactRecord | null {
    if (contact.id === work.contactId) return contact;
    const other = active.get(contact.id);
    if (other && other !== work) {
      other.again = true;
      return null;
    }
    if (active.get(work.contactId) === work) active.delete(work.contactId);
    work.contactId = contact.id;
    active.set(contact.id, work);
    return contact;
  }

  async function deliver(work: Work, contact: ContactRecord, head: OutboundEntry) {
    inProcess.add(head.id);
    try {
      return await deliverEntry(deps, contact, head, {
        stop: work.stop,
        hold: (waiting) => keepLease(work, waiting),
      });
    } finally {
      inProcess.delete(head.id);
    }
  }

  /** Awaits `waiting`, renewing the lease meanwhile; a lease lost stops the loop. */
  async function keepLease<T>(work: Work, waiting: Promise<T>): Promise<T> {
    // One controller, aborted with a reason of ours when the wait is over or the loop stops (no
    // `AbortSignal.any`, no `DOMException` per delivery).
    const settled = new AbortController();
    const until = settled.signal;
    const stop = () => settled.abort(WAIT_OVER);
    const loop = work.stop.signal;
    if (loop.aborted) stop();
    else loop.addEventListener('abort', stop, { once: true });
    const renew = async () => {
      while (!until.aborted) {
        await scheduler.sleep(leaseMs / 3, until);
        if (until.aborted) return;
        const kept = await store
          .renewOutboxLease(work.contactId, lease())
          .catch((error: unknown) => {
            logger.warn({ err: error }, 'outbox lease not renewed; trying again');
            return true;
          });
        if (!kept) work.stop.stop();
      }
    };
    void renew();
    try {
      return await waiting;
    } finally {
      loop.removeEventListener('abort', stop);
      stop();
    }
  }

  /** Records an outcome, trying the store again while it is down (the message went already). */
  async function complete(delivery: Delivery) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const progress = await store.completeOutbound(delivery.outcome, lease());
        waiters.settle(delivery);
        return progress;
      } catch (error) {
        if (attempt === 1 || attempt % 10 === 0) {
          logger.error(
            { err: error, attempts: attempt, entry: delivery.outcome.id },
            'outcome of a message not recorded; trying again',
          );
        }
        if (stopper.signal.aborted && attempt >= 3) throw error;
        await scheduler.sleep(Math.min(30_000, 250 * 2 ** attempt), stopper.signal);
      }
    }
  }

  /** Gives the lease up when stopping, so another sender takes the rest at once. */
  async function giveUp(contactId: string): Promise<void> {
    const now = scheduler.clock.now();
    await store.renewOutboxLease(contactId, { owner, until: now, now }).catch(() => false);
  }

  async function sweep(): Promise<void> {
    const room = maxContacts - active.size;
    if (room <= 0) return;
    const due = await store.findDueOutboxes(scheduler.clock.now(), room);
    for (const contactId of due) if (!active.has(contactId)) void run(contactId);
  }

  async function sweepForever(): Promise<void> {
    while (!stopper.signal.aborted) {
      await scheduler.sleep(sweepMs, stopper.signal);
      if (stopper.signal.aborted) return;
      await sweep().catch((error: unknown) => {
        logger.warn({ err: error }, 'looking for outboxes to send failed; trying again later');
      });
    }
  }

  return {
    lease: () =>
      stopper.signal.aborted || !started || active.size >= maxContacts ? undefined : lease(),

    saved: (contact) => wake(contact),
    wake,

    async start() {
      if (started) return;
      await share.start();
      started = true;
      await sweep().catch((error: unknown) => {
        logger.warn({ err: error }, 'looking for outboxes to send failed; trying again later');
      });
      void sweepForever();
    },

    outcomeOf: (entryId, timeoutMs) => waiters.wait(entryId, timeoutMs),

    async idle() {
      while (active.size > 0) await Promise.all([...active.values()].map((work) => work.done));
    },

    async stop(deadlineMs) {
      if (stopper.signal.aborted) return;
      stopper.abort();
      share.stop();
      for (const work of active.values()) work.stop.stop();
      const deadline = new AbortController();
      await Promise.race([
        this.idle().then(() => deadline.abort()),
        scheduler.sleep(deadlineMs, deadline.signal),
      ]);
      if (active.size > 0) {
        logger.warn(
          { contacts: active.size, calls: limit.active() },
          'stopped with sends still in flight: cut; their leases run out and another sender resends them',
        );
        cutCalls.abort();
      }
    },

    stats: () => ({ contacts: active.size, inFlight: limit.active(), waiting: pacer.waiting() }),
  };
}
