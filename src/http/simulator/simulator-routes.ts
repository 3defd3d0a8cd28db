import type { Next, Request, Response, Server } from 'restify';
import { NotFoundError } from '../../errors.js';
import { readBody, readJsonBody } from '../body/index.js';
import type { ServerDeps } from '../server-deps.js';
import { createSimulatorApi } from './simulator-api.js';
import { loadSimulatorAssets } from './simulator-assets.js';
import type { StaticAsset } from './simulator-assets.js';

// The page runs only its own script and mermaid's; mermaid styles its SVG inline.
const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
    "frame-ancestors 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Adds the testers' page `GET /simulator`, its files under `/simulator/assets/`, and the JSON
 * API it calls under `/simulator/api/`. Call it only when `config.simulatorEnabled`: the page
 * moves the server's clock and writes real consent, so production servers never register it.
 * @example if (deps.config.simulatorEnabled) registerSimulatorRoutes(server, deps);
 */
export function registerSimulatorRoutes(server: Server, deps: ServerDeps): void {
  const api = createSimulatorApi(deps);
  const assets = loadSimulatorAssets();
  const asset = (name: string): StaticAsset => assets.get(name)!;

  server.get('/simulator', (_req: Request, res: Response, next: Next) => {
    sendAsset(res, asset('simulator.html'));
    next();
  });
  // The address as people type it, with a trailing slash, leads to the page.
  server.get('/simulator/', (_req: Request, res: Response, next: Next) => {
    res.writeHead(301, { location: '/simulator' });
    res.end();
    next();
  });
  server.get('/simulator/assets/:file', (req: Request, res: Response, next: Next) => {
    const name = pathParam(req, 'file');
    const file = assets.get(name);
    if (!file || name.endsWith('.html')) {
      next(new NotFoundError('not_found', `The simulator has no file "${name}".`));
      return;
    }
    sendAsset(res, file);
    next();
  });

  // Handlers throw; the server's error sink answers with `toHttpError`'s `{ code, message }`.
  const body = readBody();
  const json =
    (handle: (req: Request) => unknown) =>
    async (req: Request, res: Response): Promise<void> => {
      res.send(200, await handle(req));
    };

  server.post(
    '/simulator/api/messages',
    body,
    json((req) => api.sendMessage(readJsonBody(req))),
  );
  server.get(
    '/simulator/api/contacts/:identifier',
    json((req) => api.readContact(pathParam(req, 'identifier'), queryParam(req, 'flow'))),
  );
  server.post(
    '/simulator/api/agent',
    body,
    json((req) => api.agentMessage(readJsonBody(req))),
  );
  server.post(
    '/simulator/api/handover',
    body,
    json((req) => api.startHandover(readJsonBody(req))),
  );
  server.post(
    '/simulator/api/release',
    body,
    json((req) => api.releaseHandover(readJsonBody(req))),
  );
  server.get(
    '/simulator/api/clock',
    json(() => api.readClock()),
  );
  server.post(
    '/simulator/api/clock',
    body,
    json((req) => api.advanceClock(readJsonBody(req))),
  );
  server.get(
    '/simulator/api/flows',
    json(() => api.listFlows()),
  );
  server.get(
    '/simulator/api/flows/:id/diagram',
    json((req) => api.flowDiagram(pathParam(req, 'id'))),
  );
  server.post(
    '/simulator/api/transcript',
    body,
    json((req) => api.exportTranscript(readJsonBody(req))),
  );
}

function sendAsset(res: Response, file: StaticAsset): void {
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': file.body.length,
    // Revalidated on every load so a changed page is never stale during development.
    'cache-control': 'no-cache',
    ...(file.contentType.startsWith('text/html') ? PAGE_SECURITY_HEADERS : {}),
  });
  res.end(file.body);
}

/** A query parameter given once, else `undefined`. */
function queryParam(req: Request, name: string): string | undefined {
  const value: unknown = new URL(req.url ?? '/', 'http://simulator').searchParams.get(name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function pathParam(req: Request, name: string): string {
  const value: unknown = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
