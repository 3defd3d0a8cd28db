import type { RequestHandler } from 'restify';
import type { ApiRole } from '../../config.js';
import type { ServerDeps } from '../server-deps.js';
import { allowRoles, authenticate } from './auth.js';
import { rateLimitPerKey } from './rate-limit.js';

/** The middleware every `/v1` route starts with, for the roles that may call it. */
export type ApiGuard = (roles: readonly ApiRole[]) => RequestHandler[];

/**
 * Authenticate (401), then count against the key's rate limit (429), then check the role (403).
 * One guard per server: the rate-limit buckets live as long as the server.
 */
export function createApiGuard(deps: ServerDeps): ApiGuard {
  const authenticated = authenticate(deps.config.apiKeys);
  const limited = rateLimitPerKey({
    perMinute: deps.config.apiRateLimitPerMinute,
    clock: deps.clock,
  });
  return (roles) => [authenticated, limited, allowRoles(roles)];
}
