import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.js';
import type { HandoverRecord } from '../../src/core/handover/index.js';
import { UNKNOWN_CONSENT } from '../../src/core/consent/state.js';
import { createHandoverWebhook } from '../../src/handover-webhook/index.js';
import type { HandoverNotice } from '../../src/service/handover-notifier.js';
import type { ContactRecord } from '../../src/store/port.js';
import { createRecordingLogger } from '../support/test-server.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const SECRET = 'handover-secret-0123456789';
const URL = 'https://contact-centre.example/hooks/handover';

const contact = (id: string, phone: string): ContactRecord => ({
  id,
  phone,
  consent: UNKNOWN_CONSENT,
  recentMessageIds: [],
  version: 3,
  createdAt: T0,
  updatedAt: T0,
  lastInboundAt: T0 + 60_000,
});
const record: HandoverRecord = {
  since: T0 + 60_000,
  startedBy: 'flow',
  state: 'agent',
  lastCustomerAt: T0 + 120_000,
  messages: [{ messageId: 'wamid.M1', at: T0 + 120_000, type: 'text', text: 'Hello?' }],
};
const ana = contact('c1', '+14155550101');
const started: HandoverNotice = {
  type: 'handover.started',
  contact: ana,
  record,
  transcript: [
    { from: 'customer', at: T0, text: 'hi' },
    { from: 'bot', at: T0, text: 'How can we help?', choices: ['Track an order'] },
  ],
  flow: { id: 'default', version: 3 },
};
const message: HandoverNotice = {
  type: 'handover.message',
  contact: ana,
  record,
  message: record.messages[0]!,
};
const ended: HandoverNotice = {
  type: 'handover.ended',
  contact: ana,
  record,
  reason: 'idle',
  at: T0 + 4_000_000,
};

interface Call {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A fetch that answers with the given statuses in order (then 200) and records the calls. */
function fakeFetch(statuses: (number | Error | [number, Record<string, string>])[] = []) {
  const calls: Call[] = [];
  const fetch = (url: string, init?: RequestInit): Promise<Response> => {
    calls.push({
      url,
      headers: init?.headers as Record<string, string>,
      body: typeof init?.body === 'string' ? init.body : '',
    });
    const next = statuses.shift() ?? 200;
    if (next instanceof Error) return Promise.reject(next);
    const [status, headers] = Array.isArray(next) ? next : [next, {}];
    return Promise.resolve(new Response(status === 204 ? null : '{}', { status, headers }));
  };
  // The webhook calls fetch(url: string, init): the fake takes just that.
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch };
}

function webhook(statuses?: Parameters<typeof fakeFetch>[0], attempts = 4) {
  const { calls, fetch } = fakeFetch(statuses);
  const waits: number[] = [];
  const { logger, lines } = createRecordingLogger('debug');
  const notifier = createHandoverWebhook({
    url: URL,
    secret: SECRET,
    clock: createManualClock(T0 + 5_000_000),
    logger,
    fetch,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    backoff: { minDelayMs: 1000, maxDelayMs: 60_000 },
    attempts,
  });
  return { notifier, calls, waits, lines };
}

const bodyOf = (call: Call | undefined) =>
  JSON.parse(call?.body ?? '{}') as Record<string, unknown>;

describe('hand-over webhook', () => {
  it('POSTs each event as JSON signed with HMAC-SHA256 of the exact body in X-Signature-256', async () => {
    const { notifier, calls } = webhook();
    notifier.notify(started);
    await notifier.idle();
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe(URL);
    const signature = `sha256=${createHmac('sha256', SECRET).update(call!.body).digest('hex')}`;
    expect(call?.headers['X-Signature-256']).toBe(signature);
    expect(call?.headers['X-Handover-Event']).toBe('handover.started');
    expect(call?.headers['Content-Type']).toBe('application/json');
  });

  it('describes the hand-over, the transcript, the message and why it ended', async () => {
    const { notifier, calls } = webhook();
    notifier.notify(started);
    notifier.notify(message);
    notifier.notify(ended);
    await notifier.idle();
    const [first, second, third] = calls.map(bodyOf);
    expect(first).toEqual({
      id: expect.any(String) as unknown,
      type: 'handover.started',
      occurredAt: new Date(T0 + 5_000_000).toISOString(),
      contact: { phone: '+14155550101' },
      handover: {
        since: '2026-03-02T09:01:00.000Z',
        startedBy: 'flow',
        lastMessageAt: '2026-03-02T09:02:00.000Z',
        waiting: true,
        window: { open: true, expiresAt: '2026-03-03T09:01:00.000Z' },
      },
      flow: { id: 'default', version: 3 },
      transcript: [
        { from: 'customer', at: '2026-03-02T09:00:00.000Z', text: 'hi' },
        {
          from: 'bot',
          at: '2026-03-02T09:00:00.000Z',
          text: 'How can we help?',
          choices: ['Track an order'],
        },
      ],
    });
    expect(second).toMatchObject({
      type: 'handover.message',
      message: { id: 'wamid.M1', at: '2026-03-02T09:02:00.000Z', type: 'text', text: 'Hello?' },
    });
    expect(third).toMatchObject({
      type: 'handover.ended',
      reason: 'idle',
      occurredAt: new Date(T0 + 4_000_000).toISOString(),
    });
    expect(new Set(calls.map((c) => bodyOf(c)['id'])).size).toBe(3);
  });

  it('retries a 5xx, a 429 and a network error with backoff, in order, honouring Retry-After', async () => {
    const { notifier, calls, waits } = webhook([
      503,
      [429, { 'Retry-After': '7' }],
      new TypeError('fetch failed'),
    ]);
    notifier.notify(started);
    notifier.notify(message);
    await notifier.idle();
    expect(calls.map((c) => c.headers['X-Handover-Event'])).toEqual([
      'handover.started',
      'handover.started',
      'handover.started',
      'handover.started',
      'handover.message',
    ]);
    // 1 s doubling (half of the ceiling with the jitter fixed at 0.5), 7 s asked by Retry-After.
    expect(waits).toEqual([1000, 7000, 2500]);
  });

  it('gives up a refused event at once, and a failing one after its attempts, saying so without the body', async () => {
    const refused = webhook([400]);
    refused.notifier.notify(message);
    await refused.notifier.idle();
    expect(refused.calls).toHaveLength(1);
    expect(refused.lines()).toContain('refused by HANDOVER_WEBHOOK_URL');

    const failing = webhook([500, 500, 500, 500], 4);
    failing.notifier.notify(message);
    await failing.notifier.idle();
    expect(failing.calls).toHaveLength(4);
    expect(failing.lines()).toContain('given up');
    expect(failing.lines()).not.toContain('Hello?');
    expect(failing.lines()).not.toContain('+14155550101');
  });

  it('never makes the caller wait: notify returns before the delivery', () => {
    const { notifier, calls } = webhook();
    notifier.notify(started);
    expect(calls).toHaveLength(0);
  });
});
