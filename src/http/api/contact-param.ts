import type { Request } from 'restify';
import type { ContactRef } from '../../core/identity.js';
import { parseContactIdentifier } from '../../core/phone.js';

/**
 * The `{phone}` path parameter as a contact: E.164 with or without `+` (restify decodes `%2B`),
 * or a WhatsApp business-scoped user id. Throws `ValidationError('invalid_phone')` (400).
 */
export function contactParam(req: Request): ContactRef {
  const raw: unknown = (req.params as Record<string, unknown> | undefined)?.['phone'];
  return parseContactIdentifier(typeof raw === 'string' ? raw : '');
}
