import type { ConsentState } from '../core/consent/state.js';
import type { ContactRef } from '../core/identity.js';
import { numberAliases } from '../core/phone.js';
import type { ContactRecord, Store, Suppression } from '../store/port.js';
import { identifierHashes, suppressionLookupHashes } from './identifier-hash.js';

/**
 * What erased contacts left in force for one person, whichever of their identifiers (phone,
 * user id) a later message or API call carries (PRODUCT.md, Identity: consent follows the
 * person). A suppression only ever takes permissions away, so those found under several
 * identifiers add up: STOP is obeyed until the person opts back in themselves.
 */
export interface KeptSuppression {
  readonly optedOut: boolean;
  readonly marketingSuppressed: boolean;
  /** The latest erasure that left a restriction: the person's own decisions after it win. */
  readonly erasedAt: number;
}

/**
 * Erases a contact and keeps its suppression under the keyed hash of every identifier it has.
 * @example await eraseKeepingSuppression(store, contact.id, config.identifierHashKey, clock.now());
 */
export function eraseKeepingSuppression(
  store: Store,
  contactId: string,
  identifierHashKey: string,
  now: number,
): Promise<void> {
  return store.eraseContact(contactId, (ids) => identifierHashes(ids, identifierHashKey), now);
}

/**
 * The restrictions kept for the identifiers of `refs` (all of them, each with every identifier
 * it has), or null when none restricts anything.
 * @example const kept = await findKeptSuppression(store, [contact, ref], config.identifierHashKey);
 */
export async function findKeptSuppression(
  store: Store,
  refs: readonly ContactRef[],
  identifierHashKey: string,
): Promise<KeptSuppression | null> {
  const hashes = suppressionLookupHashes(refs, identifierHashKey);
  if (hashes.length === 0) return null;
  return mergeSuppressions(await store.findSuppressions(hashes));
}

/**
 * True when a kept suppression decides over the contact's own consent: it restricts something
 * and the contact has made no decision of its own since the erasure (latest by time wins).
 */
export function suppressionDecides(own: ConsentState, suppression: KeptSuppression): boolean {
  if (!suppression.optedOut && !suppression.marketingSuppressed) return false;
  return own.updatedAt === undefined || own.updatedAt < suppression.erasedAt;
}

/**
 * What a contact stored under the other form of the number (`numberAliases`) restricts: two
 * contacts of one person made before the forms were known as one, or by a CRM call and a first
 * message at the same instant. Its opt-out or WhatsApp marketing stop, dated by its latest
 * decision (in `erasedAt`), decides as an erased contact's would: until the contact decides
 * anew (latest by time wins). Its grants give nothing.
 */
export async function otherFormRestriction(
  store: Store,
  contact: ContactRecord | null,
  ref: ContactRef,
): Promise<KeptSuppression | null> {
  for (const twin of await storedApart(store, contact, ref)) {
    const { status, marketingSuppressed, updatedAt } = twin.consent;
    if (status !== 'opted_out' && !marketingSuppressed) continue;
    return { optedOut: status === 'opted_out', marketingSuppressed, erasedAt: updatedAt ?? 0 };
  }
  return null;
}

/**
 * The contacts of the same person stored apart from `contact` under the other form of its
 * number (`numberAliases`: Mexico's `+52 1 …`, Brazil's mobiles without the ninth digit,
 * Argentina's `+54 9 …`); none for a number without another form (and no store call then).
 */
export async function storedApart(
  store: Store,
  contact: ContactRecord | null,
  ref: ContactRef = {},
): Promise<ContactRecord[]> {
  const phone = contact?.phone ?? ref.phone;
  const twins: ContactRecord[] = [];
  for (const other of phone === undefined ? [] : numberAliases(phone)) {
    const twin = await store.findContact({ phone: other });
    if (twin && twin.id !== contact?.id) twins.push(twin);
  }
  return twins;
}

function mergeSuppressions(found: readonly Suppression[]): KeptSuppression | null {
  const restricting = found.filter((s) => s.optedOut || s.marketingSuppressed);
  if (restricting.length === 0) return null;
  return {
    optedOut: restricting.some((s) => s.optedOut),
    marketingSuppressed: restricting.some((s) => s.marketingSuppressed),
    erasedAt: Math.max(...restricting.map((s) => s.erasedAt)),
  };
}
