import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'restify';
import type { ApiRole } from '../../config.js';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import { checkHandler } from './check-handler.js';

/** Who is calling: the role of the API key, and a stable id of the key that is not the key. */
export interface ApiPrincipal {
  readonly role: ApiRole;
  /** `role#n`, the key's position in API_KEYS: safe to use as a map key or a log field. */
  readonly keyId: string;
}

const principals = new WeakMap<Request, ApiPrincipal>();

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** SHA-256 first, so that keys of any length compare in constant time and no length leaks. */
const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <key>` against API_KEYS (PRODUCT.md, HTTP). Every configured
 * key is compared, in constant time, whatever matched first. Throws `UnauthorizedError` (401)
 * without a valid key, and always when API_KEYS is empty: the REST API is then closed.
 */
export function authenticate(
  apiKeys: readonly { readonly role: ApiRole; readonly key: string }[],
): RequestHandler {
  const known = apiKeys.map((k, index) => ({
    digest: digest(k.key),
    principal: { role: k.role, keyId: `${k.role}#${index + 1}` },
  }));
  return checkHandler((req) => {
    if (known.length === 0) {
      throw new UnauthorizedError(
        'The REST API is closed because API_KEYS is not set; set API_KEYS to comma-separated role:key pairs (roles dpo, crm, agent) and restart the server.',
      );
    }
    const match = BEARER.exec(req.header('authorization') ?? '');
    if (!match?.[1]) {
      throw new UnauthorizedError(
        'Send the header "Authorization: Bearer <key>" with a key from API_KEYS.',
      );
    }
    const presented = digest(match[1]);
    let found: ApiPrincipal | undefined;
    for (const candidate of known) {
      // No early exit: the time taken does not say which key, if any, matched.
      if (timingSafeEqual(candidate.digest, presented)) found ??= candidate.principal;
    }
    if (!found) {
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
