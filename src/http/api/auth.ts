import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'restify';
import type { ApiRole } from '../../config.js';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import { bearerToken, secretDigest } from '../bearer.js';
import type { AuthFailureLimit } from './auth-failures.js';
import { checkHandler } from './check-handler.js';

/** Who is calling: the role of the API key, and a stable id of the key that is not the key. */
export interface ApiPrincipal {
  readonly role: ApiRole;
  /** `role#n`, the key's position in API_KEYS: safe to use as a map key or a log field. */
  readonly keyId: string;
}

const principals = new WeakMap<Request, ApiPrincipal>();

/**
 * Checks `Authorization: Bearer <key>` against API_KEYS (PRODUCT.md, HTTP). Every configured
 * key is compared, in constant time, whatever matched first. Throws `UnauthorizedError` (401)
 * without a valid key, and always when API_KEYS is empty: the REST API is then closed. A
 * refused key counts against the caller's address (`failures`), which answers 429 once the
 * address sent too many. It runs before the body is read.
 */
export function authenticate(
  apiKeys: readonly { readonly role: ApiRole; readonly key: string }[],
  failures: AuthFailureLimit,
): RequestHandler {
  const known = apiKeys.map((k, index) => ({
    digest: secretDigest(k.key),
    principal: { role: k.role, keyId: `${k.role}#${index + 1}` },
  }));
  return checkHandler((req, res) => {
    if (known.length === 0) {
      throw new UnauthorizedError(
        'The REST API is closed because API_KEYS is not set; set API_KEYS to comma-separated role:key pairs (roles dpo, crm, agent) and restart the server.',
      );
    }
    failures.check(req, res);
    const key = bearerToken(req);
    if (!key) {
      failures.record(req, 'no bearer key');
      throw new UnauthorizedError(
        'Send the header "Authorization: Bearer <key>" with a key from API_KEYS.',
      );
    }
    const presented = secretDigest(key);
    let found: ApiPrincipal | undefined;
    for (const candidate of known) {
      // No early exit: the time taken does not say which key, if any, matched.
      if (timingSafeEqual(candidate.digest, presented)) found ??= candidate.principal;
    }
    if (!found) {
      failures.record(req, 'unknown key');
      throw new UnauthorizedError('The API key is not valid; use a key listed in API_KEYS.');
    }
    principals.set(req, found);
  });
}

/** The caller that {@link authenticate} let in; it must run first on the route. */
export function principalOf(req: Request): ApiPrincipal {
  const principal = principals.get(req);
  if (!principal) throw new UnauthorizedError('The request was not authenticated.');
  return principal;
}

/** Lets only the given roles through; others get `ForbiddenError` (403). */
export function allowRoles(roles: readonly ApiRole[]): RequestHandler {
  return checkHandler((req) => {
    const { role } = principalOf(req);
    if (!roles.includes(role)) {
      throw new ForbiddenError(
        `An API key with role "${role}" may not do this; it needs role ${roles.join(' or ')}.`,
        { role, allowed: roles },
      );
    }
  });
}
