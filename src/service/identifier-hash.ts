import { createHmac } from 'node:crypto';
import type { ContactRef } from '../core/identity.js';
import { numberAliases } from '../core/phone.js';

/**
 * Keyed hashes of a contact's identifiers: what erasure keeps so an opt-out goes on being
 * honoured once the phone number and the user id themselves are gone (PRODUCT.md,
 * `DELETE /v1/contacts/{phone}`). Keyed (HMAC-SHA256 with `PHONE_HASH_KEY`) because the space
 * of phone numbers is small enough to hash exhaustively.
 */

/** User ids are hashed under this prefix; a phone (E.164) always starts with `+`, so never collides. */
const USER_ID_PREFIX = 'user:';

/**
 * The hashes a contact's suppression is kept under: one per identifier it has, the phone as its
 * E.164 number and the user id under its prefix.
 * @example identifierHashes({ phone: '+14155550123', userId: 'US.13491208655302741918' }, config.identifierHashKey) // two hashes
 */
export function identifierHashes(ref: ContactRef, key: string): string[] {
  return [
    ...(ref.phone ? [keyedHash(ref.phone, key)] : []),
    ...(ref.userId ? [keyedHash(`${USER_ID_PREFIX}${ref.userId}`, key)] : []),
  ];
}

/**
 * The hashes to look a person's suppression up by: {@link identifierHashes} of every reference
 * (the stored contact and the identifier asked about may each know more) and of the other form
 * of its number (`numberAliases`: a Mexican `+52 1 …` erased is kept for `+52 …` too), each once.
 */
export function suppressionLookupHashes(refs: readonly ContactRef[], key: string): string[] {
  const phones = refs.flatMap((ref) => (ref.phone ? numberAliases(ref.phone) : []));
  return [
    ...new Set([
      ...refs.flatMap((ref) => identifierHashes(ref, key)),
      ...phones.flatMap((phone) => identifierHashes({ phone }, key)),
    ]),
  ];
}

function keyedHash(value: string, key: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}
