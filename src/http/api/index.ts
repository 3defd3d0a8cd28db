/**
 * The REST API (PRODUCT.md, HTTP): consent read and write for CRMs and agents, the DPO's export
 * and erasure, business-initiated sends through the send gate, hand-overs to people, the
 * consent report, and its OpenAPI document.
 */
import type { Server } from 'restify';
import type { ServerDeps } from '../server-deps.js';
import { createApiGuard, type ApiGuard } from './api-guard.js';
import { registerConsentRoutes } from './consent-routes.js';
import { registerHandoverRoutes } from './handover-routes.js';
import { registerMessageRoutes } from './message-routes.js';
import { registerOpenApiRoute } from './openapi-route.js';
import { registerPrivacyRoutes } from './privacy-routes.js';
import { registerReportRoutes } from './report-routes.js';

/**
 * Registers `/v1/*` and `GET /openapi.json` on `server`. Errors are thrown as the classes of
 * `src/errors.ts`; the server's error handler maps them with `toHttpError`.
 * @example
 * const server = restify.createServer();
 * registerApiRoutes(server, deps);
 */
export function registerApiRoutes(
  server: Server,
  deps: ServerDeps,
  guard: ApiGuard = createApiGuard(deps),
): void {
  registerConsentRoutes(server, deps, guard);
  registerPrivacyRoutes(server, deps, guard);
  registerMessageRoutes(server, deps, guard);
  registerHandoverRoutes(server, deps, guard);
  registerReportRoutes(server, deps, guard);
  registerOpenApiRoute(server);
}
