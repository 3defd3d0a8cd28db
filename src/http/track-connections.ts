import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The open connections of an HTTP server, and whether each has a request being answered. */
export interface ConnectionTracker {
  /** Connections open now. */
  readonly open: number;
  /** Requests being answered now (their handler runs, or their response is being written). */
  readonly answering: number;
  /**
   * Closes every connection that has no request being answered: idle keep-alive connections,
   * and connections whose request is not even complete (a client that sent half its headers or
   * body and waits). Each other one closes as soon as its response is written.
   */
  closeWhenAnswered(): void;
  /** Destroys every connection now, answered or not. */
  destroyAll(): void;
}

/**
 * Follows the connections of `server` from now on: attach it before `listen`. Node's own
 * `closeIdleConnections` leaves alone a connection whose request is half sent, so a single
 * client could hold a shutdown open for as long as it likes; this one tells them apart.
 * @example const connections = trackConnections(server.server);
 */
export function trackConnections(server: Server): ConnectionTracker {
  /** Each open connection, with the number of its requests being answered. */
  const sockets = new Map<Socket, number>();
  let closing = false;

  server.on('connection', (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    sockets.set(socket, 0);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (sockets.get(socket) ?? 1) - 1;
      if (!sockets.has(socket)) return;
      sockets.set(socket, left);
      // The answer is written: while shutting down, the connection has nothing left to do.
      if (closing && left === 0) socket.end(() => socket.destroy());
    });
  });

  return {
    get open() {
      return sockets.size;
    },
    get answering() {
      let count = 0;
      for (const requests of sockets.values()) count += requests;
      return count;
    },
    closeWhenAnswered() {
      closing = true;
      for (const [socket, requests] of sockets) if (requests === 0) socket.destroy();
    },
    destroyAll() {
      closing = true;
      for (const socket of sockets.keys()) socket.destroy();
    },
  };
}
