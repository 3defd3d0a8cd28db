import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { ChannelError, ValidationError } from '../../errors.js';
import { classifyWhatsAppError } from './classify-error.js';
import type { CloudMessage } from './cloud-message.js';
import { createHttpPost, postWithFetch } from './http-post.js';
import type { PostAnswer } from './http-post.js';

export interface CloudApiClientOptions {
  /** Cloud API base including the version, e.g. `https://graph.facebook.com/v23.0`. */
  readonly graphUrl: string;
  readonly accessToken: string;
  /** Injected for tests; by default undici connection pools, keep-alive (`http-post.ts`). */
  readonly fetch?: typeof fetch;
  /** Connections to the Cloud API host at most (the default transport's pool); default 64. */
  readonly maxConnections?: number;
  /** Abort one attempt after this long (a retryable error); default 10 s. */
  readonly timeoutMs?: number;
  /** Reads "now" to turn a `Retry-After` given as an HTTP date into a wait. */
  readonly clock?: Clock;
}

/** What a successful send returns. */
export interface SendResult {
  /** The `wamid.…` that status webhooks will refer to. */
  readonly waMessageId: string;
}

/** How one send is made, beyond what and from where. */
export interface SendOptions {
  /** Aborts the request under way (a shutdown past its deadline); rejects with its reason. */
  readonly signal?: AbortSignal;
}

/** Sends messages through the WhatsApp Cloud API. */
export interface CloudApiClient {
  /**
   * Sends one message from the business number `phoneNumberId`: one HTTP request.
   * @throws {ChannelError} with the HTTP status, the WhatsApp code and `Retry-After`;
   *   `retryable` says whether trying again later may succeed (never for 131047, 131026,
   *   131049, 131050). Trying again is the outbox sender's, inside the sending budget.
   */
  send(phoneNumberId: string, message: CloudMessage, options?: SendOptions): Promise<SendResult>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

const successSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const errorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    code: z.number().int().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/**
 * Creates a Cloud API client that POSTs to `{graphUrl}/{phoneNumberId}/messages`.
 *
 * Each call is one request: it never retries by itself, so every attempt of a message goes
 * through the outbox sender's pace (a retry storm after an outage stays within the
 * per-number throughput). It classifies the answer: what may pass on another try (HTTP 429,
 * 5xx, network errors, timeouts, and the pacing errors 130429 and 131056) is `retryable`, with
 * the `Retry-After` the API gave; a refusal about the message or the contact (131047, 131026,
 * 131049, 131050…) is a fact to record, never retried.
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
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  const baseUrl = options.graphUrl.replace(/\/+$/, '');
  const headers = {
    Authorization: `Bearer ${options.accessToken}`,
    'Content-Type': 'application/json',
  };

  async function attempt(url: string, body: string, signal?: AbortSignal): Promise<SendResult> {
    let response: PostAnswer;
    try {
      response = await post(url, headers, body, timeoutMs, signal);
    } catch (cause) {
      // Abandoned by the caller (shutdown): its reason, not a Cloud API failure.
      if (signal?.aborted) throw signal.reason;
      const what = isTimeout(cause)
        ? `did not answer within ${timeoutMs} ms`
        : `could not be reached (${describeCause(cause)})`;
      throw new ChannelError(`WhatsApp Cloud API ${what}`, undefined, undefined, true, { cause });
    }

    const { status, text } = response;
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      const waMessageId = messageIdOf(json);
      if (waMessageId !== undefined) return { waMessageId };
      // Not retryable: the message may well have been accepted, and a retry would send it twice.
      throw new ChannelError(
        `WhatsApp Cloud API answered HTTP ${status} without a message id`,
        status,
        undefined,
        false,
      );
    }

    const detail = errorSchema.safeParse(json);
    const apiError = detail.success ? detail.data.error : undefined;
    const code = apiError?.code;
    const pacing = ['rate_limited_number', 'rate_limited_pair'].includes(
      classifyWhatsAppError(code),
    );
    const transient = status === 429 || status >= 500;
    const retryAfterMs = parseRetryAfter(response.header('retry-after'), clock.now());
    throw new ChannelError(
      describeApiError(status, apiError, text),
      status,
      code,
      transient || pacing,
      {
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    );
  }

  return {
    send(phoneNumberId, message, sendOptions) {
      if (!/^[\w.-]+$/.test(phoneNumberId)) {
        return Promise.reject(
          new ValidationError(
            'invalid_phone_number_id',
            'The WhatsApp phone-number id must be the numeric id from the webhook metadata or WHATSAPP_PHONE_NUMBER_ID',
          ),
        );
      }
      const url = `${baseUrl}/${phoneNumberId}/messages`;
      return attempt(url, JSON.stringify(message), sendOptions?.signal);
    },
  };
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

/**
 * The id of the message sent, from an answer `successSchema` accepts; checked by hand first
 * (the answer of nearly every send), zod deciding anything else.
 */
function messageIdOf(json: unknown): string | undefined {
  const messages = (json as { messages?: unknown } | null | undefined)?.messages;
  if (typeof json === 'object' && !Array.isArray(json) && Array.isArray(messages)) {
    const ids = messages.map((m: unknown) =>
      typeof m === 'object' && m !== null && !Array.isArray(m)
        ? (m as { id?: unknown }).id
        : undefined,
    );
    if (ids.length > 0 && ids.every((id) => typeof id === 'string' && id.length > 0)) {
      return ids[0] as string;
    }
  }
  const success = successSchema.safeParse(json);
  return success.success ? success.data.messages[0]!.id : undefined;
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
