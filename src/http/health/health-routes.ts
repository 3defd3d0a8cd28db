import type { Next, Request, Response, Server } from 'restify';
import type { ServerDeps } from '../server-deps.js';

/**
 * `GET /healthz` (the process answers), `GET /readyz` (the store answers a ping; 503
 * `store_unavailable` otherwise), both also as `HEAD`, and `GET /metrics` (Prometheus text).
 */
export function registerHealthRoutes(
  server: Server,
  deps: Pick<ServerDeps, 'store' | 'metrics'>,
): void {
  const healthz = (_req: Request, res: Response, next: Next) => {
    res.send(200, { status: 'ok' });
    next();
  };
  const readyz = async (_req: Request, res: Response) => {
    // A StoreUnavailableError goes to the error sink: 503 { code: 'store_unavailable' }.
    await deps.store.ping();
    res.send(200, { status: 'ready' });
  };
  // HEAD too: load balancers and uptime checks often probe without a body.
  server.get('/healthz', healthz);
  server.head('/healthz', healthz);
  server.get('/readyz', readyz);
  server.head('/readyz', readyz);

  server.get('/metrics', async (_req: Request, res: Response) => {
    const text = await deps.metrics.registry.metrics();
    res.writeHead(200, {
      'Content-Type': deps.metrics.registry.contentType,
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  });
}
