import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { describeRef } from '../../core/identity.js';
import { windowState } from '../../core/window.js';
import { ChannelError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics/index.js';
import type { ConsentService } from '../../service/consent-service.js';
import { recordMarketingStopped } from '../../service/marketing-preference.js';
import type { RecheckPolicy } from '../../service/outbound-port.js';
import type { ContactRecord, OutboundEntry } from '../../store/port.js';
import { backoffDelay } from './backoff-delay.js';
import { classifyWhatsAppError } from './classify-error.js';
import type { CloudApiClient } from './cloud-api-client.js';
import type { CloudMessage } from './cloud-message.js';
import type { ConcurrencyLimit } from './concurrency-limit.js';
import type { LoopStop } from './loop-stop.js';
import type { Pacer } from './pacer.js';
import { customerIds, renderEntry } from './render-entry.js';
import type { Scheduler } from './scheduler.js';

/** How long and how patiently a message whose sends fail is tried again. */
export interface SendRetry {
  /** The first wait after a failure, and the base the waits grow from; default 0.5 s. */
  readonly minDelayMs: number;
  /** The longest wait between two tries; default 60 s. */
  readonly maxDelayMs: number;
  /** A message still failing this long after it was queued is given up; default 24 h. */
  readonly maxAgeMs: number;
}

/** What a delivery needs (one sender's). */
export interface DeliveryDeps {
  /** Absent: dry run, the message is logged and recorded as sent with a `dryrun.` id. */
  readonly client?: CloudApiClient | undefined;
  readonly pacer: Pacer;
  readonly limit: ConcurrencyLimit;
  readonly scheduler: Scheduler;
  /** The rules' clock: the entries' times and their age. */
  readonly clock: Clock;
  readonly recheck?: RecheckPolicy | undefined;
  readonly defaultNumberId?: string | undefined;
  readonly consent: ConsentService;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly retry: SendRetry;
  readonly random: () => number;
  /** Failures in a row per business number, to hold a failing number back as a whole. */
  readonly streaks: Map<string, number>;
  /** Aborts the calls in flight (a shutdown past its deadline): their messages stay queued. */
  readonly calls: AbortSignal;
}

/** How the sender's loop lets a delivery wait: ended by `stop`, its lease kept meanwhile. */
export interface DeliveryControl {
  readonly stop: LoopStop;
  hold<T>(waiting: Promise<T>): Promise<T>;
}

/** A message's outcome, and the error behind a failure (for a caller waiting on it). */
export interface Delivery {
  readonly outcome: OutboundEntry;
  readonly error?: Error;
}

/** What to do after the Cloud API refused a message (PRODUCT.md, "Send errors are understood"). */
const CONTACT_FACTS = new Set(['outside_window', 'undeliverable', 'marketing_cap']);
/** After this many failures in a row, the whole number waits (the Cloud API is likely down). */
const NUMBER_STREAK = 3;

/**
 * Sends one outbox entry to the contact, as many times as it takes: through the pace, with the
 * send policy asked again for business-initiated messages, within the cap on calls in flight.
 * 429, 5xx, network errors and timeouts are tried again after a growing, capped, jittered wait
 * (or the `Retry-After` asked), for as long as the message is younger than `maxAgeMs`; the
 * pacing errors 130429 and 131056 hold the number or the customer back and try again; any other
 * refusal is the outcome (131050 also suppresses marketing). Resolves with the outcome, or
 * `undefined` when stopped first (the entry stays in the outbox).
 */
export async function deliverEntry(
  deps: DeliveryDeps,
  contact: ContactRecord,
  entry: OutboundEntry,
  control: DeliveryControl,
): Promise<Delivery | undefined> {
  const { client, pacer, clock, logger } = deps;
  let attempts = 0;
  let lastError: ChannelError | undefined;
  const failed = (title: string, error: Error | undefined, errorCode?: number): Delivery => ({
    outcome: {
      ...entry,
      status: 'failed',
      errorTitle: title.slice(0, 300),
      ...(errorCode === undefined ? {} : { errorCode }),
      attempts,
      updatedAt: clock.now(),
    },
    ...(error ? { error } : {}),
  });

  const number = entry.businessNumberId ?? deps.defaultNumberId;
  if (client && number === undefined) {
    return failed(
      'not sent: no WhatsApp phone-number id to send from; set WHATSAPP_PHONE_NUMBER_ID',
      undefined,
    );
  }
  let cloud: CloudMessage;
  try {
    cloud = renderEntry(entry, contact);
  } catch (error) {
    return failed(`not sent: ${messageOf(error)}`, asError(error));
  }
  const customers = customerIds(contact);

  for (;;) {
    if (control.stop.stopped) return undefined;
    const expired = lastError && expiredWhileFailing(deps, contact, entry);
    if (lastError && expired) {
      logger.error(
        { contact: describeRef(contact), attempts, err: lastError },
        'message given up: the Cloud API kept failing',
      );
      return failed(
        `not sent: still failing after ${attempts} attempts, ${expired}: ${lastError.message}`,
        lastError,
      );
    }
    // Most sends may go at once: no wait, so no lease to keep meanwhile.
    if (client && number !== undefined && !pacer.tryAcquire(number, customers)) {
      const granted = await control.hold(pacer.acquire(number, customers, control.stop.signal));
      if (!granted) return undefined;
    }
    // The policy once more, as late as possible: the message may have waited behind the
    // customer's earlier messages and pacing, and a STOP stored meanwhile wins (PRODUCT.md).
    if (entry.recheck && deps.recheck) {
      const refusal = await deps.recheck(entry, contact);
      if (refusal) {
        logger.info(
          { contact: describeRef(contact), code: refusal.code },
          'send refused at the moment of sending',
        );
        return failed(
          `refused at the moment of sending (${refusal.code}): ${refusal.message}`,
          refusal,
        );
      }
    }
    await deps.limit.acquire();
    attempts += 1;
    try {
      const waMessageId =
        client && number !== undefined
          ? (
              await client.send(
                number,
                { ...cloud, biz_opaque_callback_data: entry.id },
                { signal: deps.calls },
              )
            ).waMessageId
          : dryRun(deps, contact, entry);
      if (number !== undefined) deps.streaks.delete(number);
      return {
        outcome: { ...entry, status: 'sent', waMessageId, attempts, updatedAt: clock.now() },
      };
    } catch (error) {
      // Cut by a stop past its deadline: it stays in the outbox, whatever the call did.
      if (deps.calls.aborted) return undefined;
      if (!(error instanceof ChannelError)) {
        return failed(`not sent: ${messageOf(error)}`, asError(error));
      }
      deps.metrics.cloudApiErrors.inc({
        code: String(error.whatsappCode ?? error.status ?? 'network'),
      });
      const kind = classifyWhatsAppError(error.whatsappCode);
      if (number !== undefined && kind === 'rate_limited_number') {
        pacer.pauseNumber(number);
        continue;
      }
      if (number !== undefined && kind === 'rate_limited_pair') {
        pacer.pauseCustomer(number, customers);
        continue;
      }
      if (!error.retryable || number === undefined) {
        await recordContactFact(deps, contact, error);
        return failed(error.message, error, error.whatsappCode);
      }
      lastError = error;
      const wait = retryWait(deps, attempts, error, number, contact);
      await control.hold(deps.scheduler.sleep(wait, control.stop.signal));
    } finally {
      deps.limit.release();
    }
  }
}

/** How long to wait before trying again, and the number held back when it fails for everyone. */
function retryWait(
  deps: DeliveryDeps,
  attempts: number,
  error: ChannelError,
  number: string,
  contact: ContactRecord,
): number {
  const { minDelayMs, maxDelayMs } = deps.retry;
  // A Retry-After is honoured, capped like any wait: an hour asked is a minute, and another try.
  const delay = Math.min(
    maxDelayMs,
    Math.max(
      error.retryAfterMs ?? 0,
      backoffDelay(attempts, { minDelayMs, maxDelayMs }, deps.random),
    ),
  );
  const streak = (deps.streaks.get(number) ?? 0) + 1;
  deps.streaks.set(number, streak);
  // Everyone's sends fail: the whole number waits this message's wait too, so an outage costs
  // about one try per wait, not one per customer.
  if (streak >= NUMBER_STREAK) deps.pacer.pauseNumber(number, delay);
  // Once, then every tenth try: an outage must not flood the log.
  if (attempts === 1 || attempts % 10 === 0) {
    deps.logger.warn(
      { contact: describeRef(contact), attempts, retryInMs: delay, err: error },
      'WhatsApp Cloud API send failed; it stays in the outbox and is tried again',
    );
  }
  return delay;
}

/**
 * Why a message that keeps failing may not be tried any more, if it may not: a reply's
 * customer-service window closed (WhatsApp would refuse it, 131047), or any message is older
 * than `maxAgeMs`.
 */
function expiredWhileFailing(
  deps: DeliveryDeps,
  contact: ContactRecord,
  entry: OutboundEntry,
): string | undefined {
  const now = deps.clock.now();
  if (entry.kind !== 'template' && !windowState(contact.lastInboundAt, now).open) {
    return "the customer's 24-hour window has closed";
  }
  if (now - entry.createdAt >= deps.retry.maxAgeMs) {
    return `${duration(deps.retry.maxAgeMs)} after it was queued`;
  }
  return undefined;
}

/** A duration in words: `24 h`, `10 min`, `45 s`. */
function duration(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}

async function recordContactFact(deps: DeliveryDeps, contact: ContactRecord, error: ChannelError) {
  const code = error.whatsappCode;
  const kind = classifyWhatsAppError(code);
  const where = { contact: describeRef(contact), code, kind };
  if (kind === 'marketing_stopped') {
    deps.logger.info(
      where,
      'WhatsApp says the customer stopped marketing messages; suppressing marketing',
    );
    await recordMarketingStopped(deps, contact, { occurredAt: deps.clock.now() });
  } else if (CONTACT_FACTS.has(kind)) {
    deps.logger.warn(where, 'WhatsApp refused the message for this contact; recorded, not retried');
  } else {
    deps.logger.error({ ...where, err: error }, 'WhatsApp Cloud API send failed');
  }
}

function dryRun(deps: DeliveryDeps, contact: ContactRecord, entry: OutboundEntry): string {
  deps.logger.info(
    { contact: describeRef(contact), kind: entry.kind, body: entry.body ?? entry.template },
    'dry run: reply not sent',
  );
  return `dryrun.${randomUUID()}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A message not sent because an earlier one of its batch could not be. */
export function skippedInBatch(entry: OutboundEntry, now: number): Delivery {
  return {
    outcome: {
      ...entry,
      status: 'failed',
      errorTitle: 'not sent: an earlier message of the same batch could not be sent',
      attempts: 0,
      updatedAt: now,
    },
  };
}
