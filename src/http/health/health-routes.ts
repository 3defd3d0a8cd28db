import { timingSafeEqual } from 'node:crypto';
import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import { UnauthorizedError } from '../../errors.js';
import { bearerToken, secretDigest } from '../bearer.js';
import type { ServerDeps } from '../server-deps.js';

/**
 * `GET /healthz` (the process answers), `GET /readyz` (the store answers a ping; 503
 * `store_unavailable` otherwise), both also as `HEAD`, and `GET /metrics` (Prometheus text),
 * which asks for `Authorization: Bearer <METRICS_TOKEN>` when that is set (401 otherwise).
 */
export function registerHealthRoutes(
  server: Server,
  deps: Pick<ServerDeps, 'store' | 'metrics'> & {
    readonly config: Pick<ServerDeps['config'], 'metricsToken'>;
  },
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

  server.get(
    '/metrics',
    requireToken(deps.config.metricsToken),
    async (_req: Request, res: Response) => {
      const text = await deps.metrics.registry.metrics();
      res.writeHead(200, {
        'Content-Type': deps.metrics.registry.contentType,
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    },
  );
}

/** Lets through `Authorization: Bearer <token>` (compared in constant time), or all without a token. */
function requireToken(token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : secretDigest(token);
  return (req, _res, next) => {
    if (!expected) {
      next();
      return;
    }
    const presented = bearerToken(req);
    const valid = presented !== undefined && timingSafeEqual(secretDigest(presented), expected);
    next(
      valid
        ? undefined
        : new UnauthorizedError(
            'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"; give your Prometheus scrape job that token (authorization.credentials).',
          ),
    );
  };
}
