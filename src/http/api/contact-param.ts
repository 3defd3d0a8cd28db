import type { Request } from 'restify';
import type { ContactRef } from '../../core/identity.js';
import { resolveIdentifier } from '../../service/resolve-identifier.js';
import type { IdentifierLookup } from '../../service/resolve-identifier.js';

/**
 * The `:identifier` path parameter (`{phone}` in the OpenAPI document's URL templates) as a
 * contact: E.164 with or without `+` (restify decodes `%2B`), a WhatsApp business-scoped user
 * id, or an identifier a webhook stored as it came (see `resolveIdentifier`). Throws `ValidationError('invalid_phone')` (400).
 */
export function contactParam(req: Request, lookup: IdentifierLookup): Promise<ContactRef> {
  const raw: unknown = (req.params as Record<string, unknown> | undefined)?.['identifier'];
  return resolveIdentifier(lookup, typeof raw === 'string' ? raw : '');
}
