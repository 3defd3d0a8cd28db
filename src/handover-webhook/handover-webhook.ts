import { setTimeout as sleepFor } from 'node:timers/promises';
import type { BackoffOptions } from '../channels/whatsapp/index.js';
import { backoffDelay, signBody } from '../channels/whatsapp/index.js';
import type { Clock } from '../core/clock.js';
import { describeRef } from '../core/identity.js';
import type { Logger } from '../logger.js';
import type { HandoverNotice, HandoverNotifier } from '../service/handover-notifier.js';
import { handoverPayload } from './handover-payload.js';

export interface HandoverWebhookOptions {
  /** `HANDOVER_WEBHOOK_URL`. */
  readonly url: string;
  /** `HANDOVER_WEBHOOK_SECRET`: the key of the `X-Signature-256` HMAC. */
  readonly secret: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The HTTP client; the global `fetch` by default (tests give their own). */
  readonly fetch?: typeof fetch;
  /** Waits between attempts; injected so tests move time themselves. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Numbers in [0, 1) for the backoff jitter; `Math.random` by default. */
  readonly random?: () => number;
  /** Waits between attempts: 1 s doubling up to 5 minutes by default. */
  readonly backoff?: BackoffOptions;
  /** Attempts in all before an event is given up (logged at error); 10 by default (~25 min). */
  readonly attempts?: number;
  /** How long one attempt may take; 10 s by default. */
  readonly timeoutMs?: number;
}

const DEFAULT_WEBHOOK_BACKOFF: BackoffOptions = { minDelayMs: 1000, maxDelayMs: 300_000 };

/** Answers that another attempt may change: a timeout, too many requests, a server error. */
const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * The hand-over webhook (PRODUCT.md, `HANDOVER_WEBHOOK_URL`): each hand-over started, customer
 * message during it and hand-over ended is POSTed as JSON, signed with HMAC-SHA256 of the exact
 * body in `X-Signature-256: sha256=<hex>` (as WhatsApp signs its own webhooks), the event type
 * in `X-Handover-Event`. Delivery never blocks the customer's turn: `notify` queues and returns.
 * One contact's events go out in order; a failed delivery (network error, timeout, 408, 429,
 * 5xx) is retried with backoff (a `Retry-After` is honoured), another 4xx is given up at once.
 * What is given up is logged at error level, never with the body (it quotes the customer).
 * @example
 * const notifier = createHandoverWebhook({ url, secret, clock, logger });
 * notifier.notify({ type: 'handover.started', contact, record, transcript: [] });
 */
export function createHandoverWebhook(options: HandoverWebhookOptions): HandoverNotifier {
  const send = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms));
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? DEFAULT_WEBHOOK_BACKOFF;
  const attempts = options.attempts ?? 10;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const { logger } = options;
  /** Per contact, the delivery of its latest event: the next one waits for it. */
  const chains = new Map<string, Promise<void>>();

  async function deliver(notice: HandoverNotice, body: string): Promise<void> {
    const contact = describeRef(notice.contact);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      let retryAfterMs: number | undefined;
      let why: string;
      try {
        const response = await send(options.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Signature-256': signBody(body, options.secret),
            'X-Handover-Event': notice.type,
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) {
          logger.debug({ contact, event: notice.type, attempt }, 'hand-over event delivered');
          return;
        }
        why = `HTTP ${response.status}`;
        if (!RETRYABLE(response.status)) {
          logger.error(
            { contact, event: notice.type, status: response.status },
            'hand-over event refused by HANDOVER_WEBHOOK_URL; not retried',
          );
          return;
        }
        retryAfterMs = retryAfter(response.headers.get('retry-after'), options.clock.now());
      } catch (error) {
        why = error instanceof Error ? error.name : 'network error';
      }
      if (attempt === attempts) {
        logger.error(
          { contact, event: notice.type, attempts, reason: why },
          'hand-over event not delivered to HANDOVER_WEBHOOK_URL; given up',
        );
        return;
      }
      const wait = Math.min(
        backoff.maxDelayMs,
        Math.max(retryAfterMs ?? 0, backoffDelay(attempt, backoff, random)),
      );
      logger.warn(
        { contact, event: notice.type, attempt, reason: why, retryInMs: wait },
        'hand-over event delivery failed; retrying',
      );
      await sleep(wait);
    }
  }

  return {
    notify(notice) {
      const body = JSON.stringify(handoverPayload(notice, options.clock.now()));
      const key = notice.contact.id;
      const previous = chains.get(key) ?? Promise.resolve();
      const next = previous.then(() => deliver(notice, body));
      chains.set(key, next);
      void next.finally(() => {
        if (chains.get(key) === next) chains.delete(key);
      });
    },
    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}

/** `Retry-After` in seconds (or an HTTP date), as ms; `undefined` when absent or unreadable. */
function retryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
