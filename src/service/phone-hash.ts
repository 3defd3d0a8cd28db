import { createHmac } from 'node:crypto';
import type { ContactRef } from '../core/identity.js';

/**
 * Keyed hash of a phone number: what erasure keeps so an opt-out goes on being honoured once the
 * number itself is gone (PRODUCT.md, `DELETE /v1/contacts/{phone}`). Keyed (HMAC-SHA256 with
 * `PHONE_HASH_KEY`) because the space of phone numbers is small enough to hash exhaustively.
 * @example hashPhone('+14155550123', config.phoneHashKey) // 64 hex characters
 */
export function hashPhone(phone: string, key: string): string {
  return createHmac('sha256', key).update(phone, 'utf8').digest('hex');
}

/**
 * The hash a contact's suppression is kept under: its E.164 number, or its business-scoped user
 * id when no number is known (a user id can never look like an E.164 number, so they never collide).
 */
export function suppressionHash(ref: ContactRef, key: string): string | undefined {
  const identifier = ref.phone ?? ref.userId;
  return identifier === undefined ? undefined : hashPhone(identifier, key);
}
