import type { RequestHandler } from 'restify';
import type { ApiRole } from '../../config.js';
import type { ServerDeps } from '../server-deps.js';
import { createAuthFailureLimit } from './auth-failures.js';
import { allowRoles, authenticate } from './auth.js';
import { rateLimitPerKey } from './rate-limit.js';

/** The middleware every `/v1` route starts with, for the roles that may call it. */
export type ApiGuard = (roles: readonly ApiRole[]) => RequestHandler[];

/**
 * Authenticate (401, or 429 for an address that sent too many wrong keys), then count against
 * the key's rate limit (429), then check the role (403); a route that takes a body reads it
 * only after these. One guard per server: the buckets live as long as the server.
 */
export function createApiGuard(deps: ServerDeps): ApiGuard {
  const failures = createAuthFailureLimit({
    perMinute: deps.config.apiAuthFailuresPerMinute,
    clock: deps.clock,
    logger: deps.logger,
    metrics: deps.metrics,
  });
  const authenticated = authenticate(deps.config.apiKeys, failures);
  const limited = rateLimitPerKey({
    perMinute: deps.config.apiRateLimitPerMinute,
    clock: deps.clock,
  });
  return (roles) => [authenticated, limited, allowRoles(roles)];
}
