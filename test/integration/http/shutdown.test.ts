/**
 * Graceful shutdown in process (issues 14 and 11): a half-sent request, a hung Cloud API and a
 * paced outbox never hold the server past its deadline, and nothing is lost: what is not sent
 * stays in the outbox, its lease given up for another instance or the next start. Time is a
 * fake scheduler: the deadline passes when the test moves it, never by waiting.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { shutDown } from '../../../src/graceful-shutdown.js';
import type { ShutdownReport } from '../../../src/graceful-shutdown.js';
import { trackConnections } from '../../../src/http/track-connections.js';
import type { ConnectionTracker } from '../../../src/http/track-connections.js';
import { createFakeScheduler } from '../../support/fake-scheduler.js';
import type { FakeScheduler } from '../../support/fake-scheduler.js';
import {
  createRecordingLogger,
  postWebhook,
  request,
  startTestServer,
  TEST_START_TIME,
} from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { textMessagePayload } from '../../support/whatsapp-payloads.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import type { Store } from '../../../src/store/port.js';

const DEADLINE_MS = 10_000;

describe('graceful shutdown', () => {
  let t: TestServer;
  let scheduler: FakeScheduler;
  let connections: ConnectionTracker;
  let closed: string[];
  const sockets: Socket[] = [];
  let recording: ReturnType<typeof createRecordingLogger>;

  const start = async (pacedByScheduler = false, store?: Store) => {
    scheduler = createFakeScheduler(TEST_START_TIME);
    t = await startTestServer({
      clock: scheduler.clock,
      ...(store ? { store } : {}),
      ...(pacedByScheduler
        ? { pacingTime: scheduler, env: { OUTBOUND_CUSTOMER_INTERVAL_MS: '6000' } }
        : {}),
    });
    connections = trackConnections(t.server.server);
    closed = [];
    recording = createRecordingLogger('info');
  };
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    t.fakeCloud.onRequest(undefined);
    await t.close();
  });

  const stop = (): Promise<ShutdownReport> =>
    shutDown({
      server: t.server.server,
      connections,
      turns: t.deps.turns,
      sender: t.deps.sender,
      close: [() => void closed.push('store')],
      deadlineMs: DEADLINE_MS,
      sleep: scheduler.sleep,
      logger: recording.logger,
    });

  /** A client that sent half a request and waits: the headers never end. */
  const halfSentRequest = async (): Promise<{ closedByServer: Promise<string> }> => {
    const { hostname, port } = new URL(t.url);
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    // The server cuts it: a reset (ECONNRESET) or a plain close, either way it is gone.
    let reset = '';
    socket.on('error', (error: NodeJS.ErrnoException) => {
      reset = error.code ?? error.message;
    });
    const closedByServer = new Promise<string>((resolve) =>
      socket.once('close', () => resolve(reset || 'closed')),
    );
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    while (connections.open === 0) await new Promise((resolve) => setImmediate(resolve));
    return { closedByServer };
  };

  it('closes a half-sent request’s connection at once and stops cleanly, long before the deadline', async () => {
    await start();
    const { closedByServer } = await halfSentRequest();
    expect(connections.answering).toBe(0);

    // No time moves in this test: the shutdown must not need the deadline to finish.
    const report = await stop();

    expect(await closedByServer).toMatch(/^(closed|ECONNRESET)$/);
    expect(report).toEqual({ clean: true, abandonedRequests: 0, sendsInFlight: 0 });
    expect(closed).toEqual(['store']);
    await expect(request(`${t.url}/healthz`)).rejects.toThrow();
  });

  it('lets a request being answered finish and the call in flight end, leaving the rest in the outbox', async () => {
    await start();
    // The Cloud API answers only once the shutdown has begun: the turn's replies are under way.
    let answer!: () => void;
    const gate = new Promise<void>((resolve) => {
      answer = resolve;
    });
    t.fakeCloud.onRequest(() => gate);
    const webhook = postWebhook(t.url, textMessagePayload({ text: 'Hello' }));
    await t.fakeCloud.waitFor((requests) => requests.length === 1);

    const stopping = stop();
    answer();
    const report = await stopping;

    expect((await webhook).status).toBe(200);
    expect(report.clean).toBe(true);
    // The menu was in flight and is recorded; the question waits in the outbox, its lease free.
    expect(t.fakeCloud.messages()).toHaveLength(1);
    const contact = await t.deps.store.findContact({ phone: '+14155550101' });
    expect((await t.deps.store.listOutbound(contact!.id)).map((e) => e.status)).toEqual([
      'sent',
      'queued',
    ]);
    expect(contact?.outboxLease).toBeUndefined();
  });

  it('leaves replies stuck on a hung Cloud API in the outbox at the deadline', async () => {
    await start(true);
    // The Cloud API takes the request and never answers.
    t.fakeCloud.onRequest(() => new Promise<void>(() => undefined));
    const webhook = await postWebhook(t.url, textMessagePayload({ text: 'Hello' }));
    expect(webhook.status).toBe(200);
    await t.fakeCloud.waitFor((requests) => requests.length === 1);

    const stopping = stop();
    await scheduler.runUntilIdle();
    const report = await stopping;

    // The call in flight may have gone: whoever takes the outbox over sends it again.
    expect(report).toEqual({ clean: false, abandonedRequests: 0, sendsInFlight: 1 });
    const contact = await t.deps.store.findContact({ phone: '+14155550101' });
    const log = await t.deps.store.listOutbound(contact!.id);
    expect(log.map((entry) => entry.status)).toEqual(['queued', 'queued']);
    expect(recording.lines()).toContain('shutdown deadline reached');
    expect(closed).toEqual(['store']);
  });

  it('cuts a request still being answered at the deadline (its turn hangs on the store), and exits anyway', async () => {
    const inner = createMemoryStore();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A store whose writes hang until the test releases them.
    const store: Store = {
      ...inner,
      saveTurn: async (input) => {
        await released;
        return inner.saveTurn(input);
      },
    };
    await start(false, store);
    const webhook = postWebhook(t.url, textMessagePayload({ text: 'Hello' })).catch(
      (e: unknown) => e,
    );
    while (connections.answering === 0) await new Promise((resolve) => setImmediate(resolve));

    const stopping = stop();
    await scheduler.runUntilIdle();
    const report = await stopping;

    expect(report).toEqual({ clean: false, abandonedRequests: 1, sendsInFlight: 0 });
    // The webhook got no answer: WhatsApp delivers it again, to the next start.
    expect(await webhook).toBeInstanceOf(Error);
    expect(recording.lines()).toContain('did not close in time');
    release();
    await t.settle();
    await inner.close();
  });

  it('stops a paced outbox at once: 30 replies to one customer, one per 6 s, the rest kept', async () => {
    await start(true);
    const webhook = await postWebhook(t.url, textMessagePayload({ text: 'Hello' }));
    expect(webhook.status).toBe(200);
    const contact = await t.deps.store.findContact({ phone: '+14155550101' });
    const replies = Array.from({ length: 30 }, (_, i) => ({
      kind: 'reply' as const,
      reply: { type: 'text' as const, text: `update ${i + 1}` },
    }));
    expect(await t.deps.outbound.send(contact!, replies)).toHaveLength(30);
    // The burst of 5 (the turn's 2 replies and 3 updates) goes at once; the 6th waits 6 s.
    await scheduler.runFor(1_000, { busy: () => t.cloudCallsInFlight() });
    expect(t.fakeCloud.messages()).toHaveLength(5);

    const stopping = stop();
    await scheduler.runUntilIdle(10_000, { busy: () => t.cloudCallsInFlight() });
    const report = await stopping;

    // The sender stops waiting for the pace at once; the 27 others stay in the outbox, its
    // lease given up, for the next start or another instance.
    expect(t.fakeCloud.messages()).toHaveLength(5);
    expect(report).toEqual({ clean: true, abandonedRequests: 0, sendsInFlight: 0 });
    const left = await t.deps.store.getContact(contact!.id);
    expect(left?.outbox).toHaveLength(27);
    expect(left?.outboxLease).toBeUndefined();
  });
});
