import type { RequestHandler, Server } from 'restify';
import openapi from '../../../openapi/openapi.json' with { type: 'json' };

/** The OpenAPI 3.1 description of the REST API, kept in `openapi/openapi.json`. */
export const OPENAPI_DOCUMENT: unknown = openapi;

/** `GET /openapi.json`: the document, public (it holds no data). */
export function registerOpenApiRoute(server: Server): void {
  const serve: RequestHandler = (_req, res, next) => {
    res.send(200, OPENAPI_DOCUMENT);
    next();
  };
  server.get({ path: '/openapi.json', name: 'getOpenApi' }, serve);
}
