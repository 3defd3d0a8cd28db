import type { ContactRef } from '../core/identity.js';
import { isEmulatorUserId } from '../core/identity.js';
import { numberAliases, readContactIdentifier } from '../core/phone.js';
import { ValidationError } from '../errors.js';
import type { Store } from '../store/port.js';
import { suppressionLookupHashes } from './identifier-hash.js';

export interface IdentifierLookup {
  readonly store: Store;
  /** Key of the erased identifiers' hashes: an erased id is still "one we stored". */
  readonly identifierHashKey: string;
}

/**
 * The contact a REST caller names (`{phone}` of a path, `to` of a send). Whatever a webhook
 * stored is reachable (PRODUCT.md, DPO requests): a WhatsApp `wa_id` is kept as its digits, so
 * a number written with those digits finds its contact, or what its erasure kept, even
 * where our phone metadata calls the number invalid (a new range, an older national form).
 * A number stored nowhere must be a valid one, so a mistyped number is still refused with 400
 * `invalid_phone` instead of being answered as a stranger or created. A number of a contact
 * stored under its other form (`numberAliases`: Mexico's `+52 1 …`, Brazil's mobiles without
 * the ninth digit, Argentina's `+54 9 …`) names that contact, so what the CRM asks for `+52 …`
 * honours a STOP given from `52 1 …`.
 * @example const ref = await resolveIdentifier({ store, identifierHashKey }, '+17771000000');
 */
export async function resolveIdentifier(
  lookup: IdentifierLookup,
  input: string,
): Promise<ContactRef> {
  const { strict, asWritten } = readContactIdentifier(input);
  if (asWritten && (await isStored(lookup, asWritten))) return asWritten;
  const named = strict instanceof ValidationError ? asWritten : strict;
  const stored = named && (await withStoredNumberForm(lookup.store, named));
  if (stored && stored !== named) return stored;
  if (strict instanceof ValidationError) throw strict;
  return strict;
}

/**
 * `ref` with the other form of its number (`numberAliases`) when a contact is stored under that
 * form and none under `ref`: a customer who first wrote from `52 1 …` is the contact of a
 * webhook or API call that names `+52 …`, and the reverse. `ref` itself otherwise (and without
 * a store call for a number that has no other form).
 * @example await withStoredNumberForm(store, { phone: '+525500000123' }) // { phone: '+5215500000123' } if stored so
 */
export async function withStoredNumberForm(store: Store, ref: ContactRef): Promise<ContactRef> {
  const { phone } = ref;
  const others = phone === undefined ? [] : numberAliases(phone);
  // By the phone alone: a contact found by the user id may lack the number, and the contact
  // under the other form then merges with it (`Store.ensureContact`).
  if (phone === undefined || others.length === 0 || (await store.findContact({ phone }))) {
    return ref;
  }
  for (const other of others) {
    if (await store.findContact({ phone: other })) return { ...ref, phone: other };
  }
  return ref;
}

/**
 * Refuses a contact of the Bot Framework endpoint where only a WhatsApp contact makes sense
 * (recording consent for WhatsApp, sending a WhatsApp message): it is kept apart on purpose.
 * Throws `ValidationError('not_whatsapp_contact')` (422).
 */
export function requireWhatsAppContact(ref: ContactRef): void {
  if (isEmulatorUserId(ref.userId)) {
    throw new ValidationError(
      'not_whatsapp_contact',
      `${ref.userId} is a contact of the Bot Framework endpoint (/api/messages), not of WhatsApp: WhatsApp consent cannot be recorded for it and nothing can be sent to it on WhatsApp. Use a phone number or a WhatsApp user id.`,
    );
  }
}

/** A contact, or what its erasure kept (whatever that says), is stored under `ref`. */
async function isStored(lookup: IdentifierLookup, ref: ContactRef): Promise<boolean> {
  if (await lookup.store.findContact(ref)) return true;
  const hashes = suppressionLookupHashes([ref], lookup.identifierHashKey);
  return (await lookup.store.findSuppressions(hashes)).length > 0;
}
