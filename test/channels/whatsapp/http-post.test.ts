import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCloudApiClient, renderReply } from '../../../src/channels/whatsapp/index.js';
import { createHttpPost } from '../../../src/channels/whatsapp/http-post.js';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

type Handler = (request: Received, res: ServerResponse) => void;

/** A local HTTP server answering with `handler`, recording requests and connections. */
let server: Server;
let base: string;
let handler: Handler;
let received: Received[];
let connections: number;

beforeEach(async () => {
  received = [];
  connections = 0;
  handler = (_request, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      handler(request, res);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createHttpPost', () => {
  it('opens at most `maxSockets` connections to a host, the other requests waiting for one', async () => {
    const answers: (() => void)[] = [];
    handler = (_request, res) => {
      answers.push(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      });
    };
    const post = createHttpPost({ maxSockets: 2 });
    const posts = Array.from({ length: 5 }, () =>
      post(`${base}/v23.0/123/messages`, {}, '{}', 5_000),
    );
    while (received.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Two under way, three waiting in the pool: none of them on a connection of its own.
    expect(received).toHaveLength(2);
    while (received.length < 5 || answers.length > 0) {
      answers.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await Promise.all(posts)).map((answer) => answer.status)).toEqual([
      200, 200, 200, 200, 200,
    ]);
    expect(connections).toBe(2);
  });

  it('posts the body with its headers and reads status, text and headers back', async () => {
    handler = (_request, res) => {
      res.writeHead(429, { 'Retry-After': '7', 'Content-Type': 'application/json' });
      res.end('{"error":{"message":"slow down – ¡despacio!"}}');
    };
    const post = createHttpPost();
    const answer = await post(
      `${base}/v23.0/123/messages`,
      { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
      '{"text":"olá"}',
      1_000,
    );
    expect(received).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v23.0/123/messages',
        body: '{"text":"olá"}',
        headers: expect.objectContaining({
          authorization: 'Bearer t',
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength('{"text":"olá"}')),
        }) as unknown,
      }),
    ]);
    expect(answer.status).toBe(429);
    expect(answer.text).toBe('{"error":{"message":"slow down – ¡despacio!"}}');
    expect(answer.header('retry-after')).toBe('7');
    expect(answer.header('Retry-After')).toBe('7');
    expect(answer.header('x-missing')).toBeNull();
  });

  it('keeps its connections for the next requests', async () => {
    const post = createHttpPost();
    for (let i = 0; i < 6; i += 1) await post(`${base}/x`, {}, '{}', 1_000);
    expect(received).toHaveLength(6);
    // undici's pool opens a second connection for a request made while the first connection
    // is still finishing the answer before it (the caller resumes from inside it); after that
    // every request goes on one of the two.
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('rejects with a TimeoutError when no answer comes in time', async () => {
    handler = () => undefined;
    const post = createHttpPost();
    await expect(post(`${base}/x`, {}, '{}', 50)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('rejects with a TimeoutError when the body stops half-way', async () => {
    handler = (_request, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"messages":');
    };
    const post = createHttpPost();
    await expect(post(`${base}/x`, {}, '{}', 50)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('listens once to a long-lived signal, however many requests, and an abort cuts all under way', async () => {
    const post = createHttpPost();
    const sender = new AbortController();
    for (let i = 0; i < 3; i += 1) await post(`${base}/x`, {}, '{}', 1_000, sender.signal);
    expect(getEventListeners(sender.signal, 'abort')).toHaveLength(1);

    handler = () => undefined;
    const hanging = [0, 1, 2].map(() => post(`${base}/x`, {}, '{}', 5_000, sender.signal));
    while (received.length < 6) await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(sender.signal, 'abort')).toHaveLength(1);
    sender.abort();
    for (const request of hanging) {
      await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    }
    await expect(post(`${base}/x`, {}, '{}', 1_000, sender.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('rejects when the connection is dropped', async () => {
    handler = (_request, res) => res.socket?.destroy();
    const post = createHttpPost();
    await expect(post(`${base}/x`, {}, '{}', 1_000)).rejects.toThrow(/other side closed/);
  });
});

describe('createCloudApiClient over HTTP', () => {
  const message = renderReply({ type: 'text', text: 'Thanks!' }, { phone: '+14155550101' });

  it('sends over HTTP and returns the message id', async () => {
    handler = (_request, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"messaging_product":"whatsapp","messages":[{"id":"wamid.HTTP1"}]}');
    };
    const client = createCloudApiClient({ graphUrl: `${base}/v23.0/`, accessToken: 'secret' });
    await expect(client.send('106540352242922', message)).resolves.toEqual({
      waMessageId: 'wamid.HTTP1',
    });
    expect(received[0]).toMatchObject({
      path: '/v23.0/106540352242922/messages',
      headers: { authorization: 'Bearer secret' },
    });
    expect(JSON.parse(received[0]!.body)).toEqual(message);
  });

  it('reports a timeout as retryable, after one request', async () => {
    handler = () => undefined;
    // The client's own 30 ms timer is caught and run by hand once the request is in: on a busy
    // machine a real 30 ms can run out before the request is even written.
    const realSetTimeout = globalThis.setTimeout;
    let runOut: (() => void) | undefined;
    const timers = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      callback: (...args: unknown[]) => void,
      ms?: number,
      ...rest: unknown[]
    ) => {
      if (ms !== 30) return realSetTimeout(() => callback(...rest), ms);
      runOut = callback;
      return realSetTimeout(() => undefined, 0);
    }) as typeof setTimeout);
    try {
      const client = createCloudApiClient({
        graphUrl: `${base}/v23.0`,
        accessToken: 'secret',
        timeoutMs: 30,
      });
      const failure = client.send('106540352242922', message);
      const settled = failure.then(
        () => 'answered',
        () => 'failed',
      );
      await vi.waitFor(() => expect(received).toHaveLength(1));
      expect(await Promise.race([settled, Promise.resolve('pending')])).toBe('pending');
      runOut!();
      await expect(failure).rejects.toMatchObject({ retryable: true });
      await expect(failure).rejects.toThrow(/did not answer within 30 ms/);
      expect(received).toHaveLength(1);
    } finally {
      timers.mockRestore();
    }
  });

  it('tears down a request under way when its signal aborts (a shutdown past its deadline)', async () => {
    handler = () => undefined;
    const client = createCloudApiClient({ graphUrl: `${base}/v23.0`, accessToken: 'secret' });
    const shutdown = new AbortController();
    const reason = new Error('abandoned');
    const sending = client.send('106540352242922', message, { signal: shutdown.signal });
    while (received.length === 0) await new Promise((resolve) => setImmediate(resolve));
    shutdown.abort(reason);
    await expect(sending).rejects.toBe(reason);
  });
});
