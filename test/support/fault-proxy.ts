import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real `mongod` that injects the network faults a store must
 * survive, byte for byte otherwise: the server and the driver are the real ones, only the
 * connection between them fails.
 */
export interface FaultProxy {
  /** Connection string through the proxy (direct connection: replica-set members are not followed). */
  readonly uri: string;
  /**
   * The next request whose bytes contain `commandName` reaches the server, which runs it;
   * its answer is then thrown away and the connection cut: "committed, reply lost".
   */
  cutReplyTo(commandName: string): void;
  /** The next request containing `commandName` never reaches the server: the connection is cut. */
  cutRequest(commandName: string): void;
  /** Holds every answer from now on until `release()`: the connections in use stay busy. */
  holdReplies(): void;
  release(): void;
  /** How many connections a fault cut so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

/** The host and port of a plain single-host `mongodb://` URI, or why it cannot be proxied. */
export function proxyTarget(uri: string): { host: string; port: number } | { reason: string } {
  if (!uri) return { reason: 'no MongoDB server' };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { reason: 'the MongoDB URI names several hosts' };
  }
  if (url.protocol !== 'mongodb:') return { reason: `a ${url.protocol} URI cannot be proxied` };
  if (url.username || /tls=true|ssl=true/i.test(url.search)) {
    return { reason: 'the MongoDB URI uses credentials or TLS' };
  }
  return { host: url.hostname, port: Number(url.port || 27017) };
}

/** Starts a fault proxy on 127.0.0.1 in front of `target`. */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let cutReplyTo: string | undefined;
  let cutRequest: string | undefined;
  let holding = false;
  const held: (() => void)[] = [];
  let cuts = 0;
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let cutNextReply = false;
    const cut = () => {
      cuts += 1;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (cutRequest && chunk.includes(cutRequest)) {
        cutRequest = undefined;
        cut();
        return;
      }
      if (cutReplyTo && chunk.includes(cutReplyTo)) {
        cutReplyTo = undefined;
        cutNextReply = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cutNextReply) {
        cut();
        return;
      }
      if (holding) held.push(() => client.write(chunk));
      else client.write(chunk);
    });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.on('error', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    cutReplyTo: (commandName) => {
      cutReplyTo = commandName;
    },
    cutRequest: (commandName) => {
      cutRequest = commandName;
    },
    holdReplies: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const send of held.splice(0)) send();
    },
    get cuts() {
      return cuts;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
