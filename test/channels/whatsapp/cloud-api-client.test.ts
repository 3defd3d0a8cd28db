import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  classifyWhatsAppError,
  createCloudApiClient,
  renderReply,
  type CloudApiClientOptions,
} from '../../../src/channels/whatsapp/index.js';
import { createManualClock } from '../../../src/core/clock.js';
import { ChannelError } from '../../../src/errors.js';

const GRAPH = 'https://graph.facebook.com/v23.0';
const NUMBER_ID = '106540352242922';
const MESSAGE = renderReply({ type: 'text', text: 'Thanks!' }, { phone: '+14155550101' });

interface Call {
  readonly url: string;
  readonly init: RequestInit;
}

type Respond = (call: Call) => Response | Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const accepted = (id = 'wamid.SENT1') =>
  json(200, {
    messaging_product: 'whatsapp',
    contacts: [{ input: '14155550101', wa_id: '14155550101' }],
    messages: [{ id }],
  });

function apiError(status: number, code: number, message: string, details?: string): Response {
  return json(status, {
    error: {
      message: `(#${code}) ${message}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', ...(details ? { details } : {}) },
      fbtrace_id: 'AbCdEf123',
    },
  });
}

/** A fake `fetch` answering from a script, one response per call, recording the calls. */
function setup(script: Respond[], options: Partial<CloudApiClientOptions> = {}) {
  const calls: Call[] = [];
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input.toString();
    const call = { url, init: init ?? {} };
    calls.push(call);
    const respond = script[calls.length - 1];
    if (!respond) throw new Error(`unexpected call #${calls.length}`);
    return respond(call);
  }) as typeof fetch;
  const client = createCloudApiClient({
    graphUrl: GRAPH,
    accessToken: 'test-token',
    fetch: fakeFetch,
    ...options,
  });
  return { client, calls };
}

async function sendError(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChannelError) return error;
    throw error;
  }
  throw new Error('expected a ChannelError');
}

const timeout = () =>
  Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));

describe('createCloudApiClient', () => {
  it('POSTs the message as JSON to {graphUrl}/{phoneNumberId}/messages with the bearer token', async () => {
    const { client, calls } = setup([() => accepted('wamid.OK')]);

    const result = await client.send(NUMBER_ID, MESSAGE);

    expect(result).toEqual({ waMessageId: 'wamid.OK' });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe(`${GRAPH}/${NUMBER_ID}/messages`);
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers).toMatchObject({
      Authorization: 'Bearer test-token',
      'Content-Type': 'application/json',
    });
    expect(typeof call?.init.body).toBe('string');
    expect(JSON.parse(call?.init.body as string)).toEqual(MESSAGE);
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('tolerates a trailing slash in the graph URL', async () => {
    const { client, calls } = setup([() => accepted()], { graphUrl: `${GRAPH}/` });
    await client.send(NUMBER_ID, MESSAGE);
    expect(calls[0]?.url).toBe(`${GRAPH}/${NUMBER_ID}/messages`);
  });

  it('makes one request per call: a 500 comes back retryable, for the queue to try again in its budget', async () => {
    const { client, calls } = setup([() => apiError(500, 131000, 'Something went wrong')]);
    const error = await sendError(client.send(NUMBER_ID, MESSAGE));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 500, whatsappCode: 131000, retryable: true });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('passes on Retry-After in seconds of a 429', async () => {
    const { client, calls } = setup([
      () => json(429, { error: { message: 'Too many calls', code: 4 } }, { 'retry-after': '7' }),
    ]);
    const error = await sendError(client.send(NUMBER_ID, MESSAGE));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 7_000 });
  });

  it('passes on Retry-After given as an HTTP date, read against the injected clock', async () => {
    const clock = createManualClock(Date.parse('2026-01-01T10:00:00Z'));
    const { client } = setup(
      [
        () =>
          new Response('busy', {
            status: 503,
            headers: { 'retry-after': 'Thu, 01 Jan 2026 10:00:03 GMT' },
          }),
      ],
      { clock },
    );
    const error = await sendError(client.send(NUMBER_ID, MESSAGE));
    expect(error).toMatchObject({ status: 503, retryable: true, retryAfterMs: 3_000 });
  });

  it.each([
    [131047, 'Re-engagement message', 'outside_window'],
    [131026, 'Message undeliverable', 'undeliverable'],
    [
      131049,
      'This message was not delivered to maintain healthy ecosystem engagement.',
      'marketing_cap',
    ],
    [
      131050,
      'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business',
      'marketing_stopped',
    ],
  ])('throws error %i as not retryable', async (code, title, kind) => {
    const { client, calls } = setup([() => apiError(400, code, title, 'details from Meta')]);

    const error = await sendError(client.send(NUMBER_ID, MESSAGE));

    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({
      status: 400,
      whatsappCode: code,
      retryable: false,
      code: 'channel_error',
    });
    expect(error.message).toContain(`HTTP 400, code ${code}`);
    expect(error.message).toContain('details from Meta');
    expect(error.message).toContain('fbtrace_id AbCdEf123');
    expect(error.message).not.toContain('test-token');
    expect(classifyWhatsAppError(error.whatsappCode)).toBe(kind);
  });

  it('marks other 4xx errors (a bad parameter) not retryable', async () => {
    const { client, calls } = setup([() => apiError(400, 100, 'Invalid parameter')]);
    const error = await sendError(client.send(NUMBER_ID, MESSAGE));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 400, whatsappCode: 100, retryable: false });
  });

  it.each([
    [130429, 400],
    [131056, 400],
    [131056, 429],
  ])(
    'hands pacing error %i (HTTP %i) straight to the queue, marked retryable',
    async (code, status) => {
      const { client, calls } = setup([() => apiError(status, code, 'Rate limit hit')]);
      const error = await sendError(client.send(NUMBER_ID, MESSAGE));
      expect(calls).toHaveLength(1);
      expect(error).toMatchObject({ status, whatsappCode: code, retryable: true });
    },
  );

  it('reports a timeout as retryable, without an HTTP status', async () => {
    const { client } = setup([timeout], { timeoutMs: 2_000 });
    const error = await sendError(client.send(NUMBER_ID, MESSAGE));
    expect(error).toMatchObject({ status: undefined, whatsappCode: undefined, retryable: true });
    expect(error.message).toMatch(/did not answer within 2000 ms/);
  });

  it('passes a real timeout signal to fetch', async () => {
    const { client } = setup(
      [
        ({ init }) =>
          new Promise<Response>((_, reject) => {
            const signal = init.signal;
            signal?.addEventListener('abort', () => reject(signal.reason as Error));
          }),
      ],
      { timeoutMs: 5 },
    );
    const error = await sendError(client.send(NUMBER_ID, MESSAGE));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/did not answer within 5 ms/);
  });

  it('reports a network error as retryable', async () => {
    const { client } = setup([() => Promise.reject(new TypeError('fetch failed'))]);
    const error = await sendError(client.send(NUMBER_ID, MESSAGE));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toContain('fetch failed');
  });

  it('rejects with the reason of an aborted signal, not a Cloud API error', async () => {
    const shutdown = new AbortController();
    const { client } = setup([
      ({ init }) =>
        new Promise<Response>((_, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
        }),
    ]);
    const reason = new Error('shut down');
    const sending = client.send(NUMBER_ID, MESSAGE, { signal: shutdown.signal });
    shutdown.abort(reason);
    await expect(sending).rejects.toBe(reason);
  });

  it('describes a non-JSON error body from its text', async () => {
    const { client } = setup([() => new Response('<html>Bad gateway</html>', { status: 400 })]);
    const error = await sendError(client.send(NUMBER_ID, MESSAGE));
    expect(error.message).toContain('<html>Bad gateway</html>');
    expect(error.whatsappCode).toBeUndefined();
  });

  it('does not retry a 200 without a message id (it may have been sent)', async () => {
    const { client, calls } = setup([() => json(200, { messaging_product: 'whatsapp' })]);
    const error = await sendError(client.send(NUMBER_ID, MESSAGE));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 200, retryable: false });
  });

  it('takes the id of the first message only when every message of a 200 has one', async () => {
    for (const [body, outcome] of [
      [{ messages: [{ id: 'wamid.A' }, { id: 'wamid.B' }] }, 'wamid.A'],
      [{ messages: [{ id: 'wamid.A', message_status: 'accepted' }] }, 'wamid.A'],
      [{ messages: [] }, undefined],
      [{ messages: [{ id: '' }] }, undefined],
      [{ messages: [{ id: 'wamid.A' }, { id: 7 }] }, undefined],
      [{ messages: [null] }, undefined],
      [{ messages: { id: 'wamid.A' } }, undefined],
      [[{ id: 'wamid.A' }], undefined],
      [null, undefined],
    ] as const) {
      const { client } = setup([() => json(200, body)]);
      const sending = client.send(NUMBER_ID, MESSAGE);
      if (outcome) await expect(sending).resolves.toEqual({ waMessageId: outcome });
      else await expect(sending).rejects.toMatchObject({ status: 200, retryable: false });
    }
  });

  it('refuses a phone-number id that would change the URL path', async () => {
    const { client, calls } = setup([]);
    await expect(client.send('../me', MESSAGE)).rejects.toMatchObject({
      code: 'invalid_phone_number_id',
    });
    expect(calls).toHaveLength(0);
  });
});

describe('backoffDelay', () => {
  const options = { minDelayMs: 100, maxDelayMs: 1_000 };

  it('grows exponentially from minDelayMs up to maxDelayMs', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, options, () => 1));
    expect(ceilings).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('jitters between minDelayMs and the ceiling', () => {
    expect(backoffDelay(4, options, () => 0)).toBe(100);
    expect(backoffDelay(4, options, () => 0.5)).toBe(450);
  });

  it('stays within bounds for any attempt and random value', () => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      for (const r of [0, 0.25, 0.999999, 1, -1, 2]) {
        const delay = backoffDelay(attempt, options, () => r);
        expect(delay).toBeGreaterThanOrEqual(100);
        expect(delay).toBeLessThanOrEqual(1_000);
      }
    }
  });
});

describe('classifyWhatsAppError', () => {
  it.each([
    [131047, 'outside_window'],
    [131026, 'undeliverable'],
    [131049, 'marketing_cap'],
    [131050, 'marketing_stopped'],
    [130429, 'rate_limited_number'],
    [131056, 'rate_limited_pair'],
    [131000, 'other'],
    [undefined, 'other'],
  ])('classifies %s as %s', (code, kind) => {
    expect(classifyWhatsAppError(code)).toBe(kind);
  });
});
