/**
 * The fake WhatsApp Cloud API of `npm run bench`, in a worker thread of its own so that its work
 * is not counted as the bot's: every request is read and answered 200 like a successful send.
 * It counts the sends in a shared counter the main thread reads without a message round trip.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

/** What the main thread gives the worker: the counter it reads (`Int32Array` over it, index 0). */
export interface CloudApiWorkerData {
  readonly sends: SharedArrayBuffer;
}

/** What the worker posts once listening. */
export interface CloudApiReady {
  readonly port: number;
}

const sends = new Int32Array((workerData as CloudApiWorkerData).sends);
const ANSWER_HEAD = '{"messaging_product":"whatsapp","messages":[{"id":"wamid.BENCH';

const server = createServer((req, res) => {
  req.resume(); // The body is not needed, only consumed so the connection can be reused.
  req.on('end', () => {
    const n =
      req.method === 'POST' && req.url?.endsWith('/messages') ? Atomics.add(sends, 0, 1) : 0;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(`${ANSWER_HEAD}${String(n).padStart(10, '0')}"}]}`);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  parentPort?.postMessage({ port } satisfies CloudApiReady);
});
parentPort?.on('message', (message) => {
  if (message === 'close') {
    server.closeAllConnections();
    server.close(() => parentPort?.close());
  }
});
