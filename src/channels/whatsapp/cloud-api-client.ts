import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { ChannelError, ValidationError } from '../../errors.js';
import { backoffDelay, DEFAULT_RETRY, type RetryOptions } from './backoff-delay.js';
import { classifyWhatsAppError } from './classify-error.js';
import type { CloudMessage } from './cloud-message.js';
import { createHttpPost, postWithFetch } from './http-post.js';
import type { PostAnswer } from './http-post.js';

export interface CloudApiClientOptions {
  /** Cloud API base including the version, e.g. `https://graph.facebook.com/v23.0`. */
  readonly graphUrl: string;
  readonly accessToken: string;
  /** Injected for tests; by default `node:http(s)` over keep-alive connections (`http-post.ts`). */
  readonly fetch?: typeof fetch;
  /** Connections to the Cloud API host at most (the default transport's pool); default 64. */
  readonly maxConnections?: number;
  readonly retry?: RetryOptions;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Numbers in [0, 1) for the backoff jitter; `Math.random` by default. */
  readonly random?: () => number;
  /** Abort one attempt after this long (it is then retried); default 10 s. */
  readonly timeoutMs?: number;
  /** Reads "now" to honour a `Retry-After` given as an HTTP date. */
  readonly clock?: Clock;
  /** A `Retry-After` longer than this is not waited for; the error goes to the caller. */
  readonly maxRetryAfterMs?: number;
}

/** What a successful send returns. */
export interface SendResult {
  /** The `wamid.…` that status webhooks will refer to. */
  readonly waMessageId: string;
  /** How many HTTP attempts it took (1 when the first one succeeded). */
  readonly attempts: number;
}

/** Sends messages through the WhatsApp Cloud API. */
export interface CloudApiClient {
  /**
   * Sends one message from the business number `phoneNumberId`.
   * @throws {ChannelError} with the HTTP status and WhatsApp code; `retryable` says whether
   *   trying again later may succeed (never for 131047, 131026, 131049, 131050).
   */
  send(phoneNumberId: string, message: CloudMessage): Promise<SendResult>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

const successSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const errorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    code: z.number().int().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});

type Attempt =
  | { readonly ok: true; readonly waMessageId: string }
  | {
      readonly ok: false;
      readonly error: ChannelError;
      /** Whether this client tries again itself (429, 5xx, network, timeout). */
      readonly retry: boolean;
      readonly retryAfterMs?: number;
    };

/**
 * Creates a Cloud API client that POSTs to `{graphUrl}/{phoneNumberId}/messages`.
 *
 * It retries what may pass on a second try (HTTP 429, 5xx, network errors, timeouts) with
 * exponential backoff and full jitter, honouring `Retry-After`. It never retries a refusal
 * about the message or the contact (131047, 131026, 131049, 131050…): those are facts to
 * record, not glitches. The pacing errors 130429 and 131056 are handed straight back, marked
 * retryable, because the outbound queue owns pacing and backs off the number or the customer.
 *
 * @example
 * const client = createCloudApiClient({ graphUrl: config.graphUrl, accessToken: config.accessToken });
 * const { waMessageId } = await client.send(phoneNumberId, renderReply(reply, contact));
 */
export function createCloudApiClient(options: CloudApiClientOptions): CloudApiClient {
  const post = options.fetch
    ? postWithFetch(options.fetch)
    : createHttpPost(
        options.maxConnections === undefined ? {} : { maxSockets: options.maxConnections },
      );
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const baseUrl = options.graphUrl.replace(/\/+$/, '');
  const headers = {
    Authorization: `Bearer ${options.accessToken}`,
    'Content-Type': 'application/json',
  };

  async function attempt(url: string, body: string): Promise<Attempt> {
    let response: PostAnswer;
    try {
      response = await post(url, headers, body, timeoutMs);
    } catch (cause) {
      const what = isTimeout(cause)
        ? `did not answer within ${timeoutMs} ms`
        : `could not be reached (${describeCause(cause)})`;
      const error = new ChannelError(`WhatsApp Cloud API ${what}`, undefined, undefined, true, {
        cause,
      });
      return { ok: false, error, retry: true };
    }

    const { status, text } = response;
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      const success = successSchema.safeParse(json);
      if (success.success) return { ok: true, waMessageId: success.data.messages[0]!.id };
      // Not retried: the message may well have been accepted, and a retry would send it twice.
      const error = new ChannelError(
        `WhatsApp Cloud API answered HTTP ${status} without a message id`,
        status,
        undefined,
        false,
      );
      return { ok: false, error, retry: false };
    }

    const detail = errorSchema.safeParse(json);
    const apiError = detail.success ? detail.data.error : undefined;
    const code = apiError?.code;
    const pacing = ['rate_limited_number', 'rate_limited_pair'].includes(
      classifyWhatsAppError(code),
    );
    const transient = status === 429 || status >= 500;
    const error = new ChannelError(
      describeApiError(status, apiError, text),
      status,
      code,
      transient || pacing,
    );
    const retryAfterMs = parseRetryAfter(response.header('retry-after'), clock.now());
    return {
      ok: false,
      error,
      retry: transient && !pacing,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }

  return {
    async send(phoneNumberId, message) {
      if (!/^[\w.-]+$/.test(phoneNumberId)) {
        throw new ValidationError(
          'invalid_phone_number_id',
          'The WhatsApp phone-number id must be the numeric id from the webhook metadata or WHATSAPP_PHONE_NUMBER_ID',
        );
      }
      const url = `${baseUrl}/${phoneNumberId}/messages`;
      const body = JSON.stringify(message);
      for (let attempts = 1; ; attempts += 1) {
        const outcome = await attempt(url, body);
        if (outcome.ok) return { waMessageId: outcome.waMessageId, attempts };
        if (!outcome.retry) throw outcome.error;
        const tooLong =
          outcome.retryAfterMs !== undefined && outcome.retryAfterMs > maxRetryAfterMs;
        if (attempts > retry.retries || tooLong) {
          throw exhausted(outcome.error, attempts, outcome.retryAfterMs);
        }
        await sleep(outcome.retryAfterMs ?? backoffDelay(attempts, retry, random));
      }
    },
  };
}

function exhausted(last: ChannelError, attempts: number, retryAfterMs?: number): ChannelError {
  return new ChannelError(
    `${last.message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
    last.status,
    last.whatsappCode,
    true,
    { cause: last, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
  );
}

function describeApiError(
  status: number,
  apiError: z.infer<typeof errorSchema>['error'] | undefined,
  text: string,
): string {
  const code = apiError?.code === undefined ? '' : `, code ${apiError.code}`;
  const summary = apiError?.message ?? (text.slice(0, 200) || 'no error body');
  const details = apiError?.error_data?.details ? `: ${apiError.error_data.details}` : '';
  const trace = apiError?.fbtrace_id ? ` (fbtrace_id ${apiError.fbtrace_id})` : '';
  return `WhatsApp Cloud API refused the message (HTTP ${status}${code}): ${summary}${details}${trace}`;
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // Not JSON (a proxy's HTML error page): described from the raw text.
  }
}

function isTimeout(cause: unknown): boolean {
  const name = cause instanceof Error || cause instanceof DOMException ? cause.name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
