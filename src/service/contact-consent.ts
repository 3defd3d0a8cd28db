import type { ConsentState } from '../core/consent/state.js';
import { UNKNOWN_CONSENT } from '../core/consent/state.js';
import type { FlowCategory } from '../core/flow/definition.js';
import type { ContactRef } from '../core/identity.js';
import type { ContactRecord, Store } from '../store/port.js';
import { findKeptSuppression, suppressionDecides } from './kept-suppression.js';
import type { KeptSuppression } from './kept-suppression.js';

/** A contact as the API and the send gate see it: the record (if any) and the consent in force. */
export interface ContactConsent {
  /** Absent for a number never seen, or erased. */
  readonly contact: ContactRecord | null;
  readonly consent: ConsentState;
  /** The suppression that decided `consent`, when an erased contact's opt-out is in force. */
  readonly suppression?: KeptSuppression;
}

/**
 * Loads a contact's consent without creating the contact. When an identifier of the person (the
 * one asked about, or any the stored contact has) was erased, the kept suppression goes on
 * deciding until the contact makes a decision of its own after the erasure (latest by time
 * wins, as in the ledger).
 * @example const { contact, consent } = await loadContactConsent(store, ref, flow.categories, config.identifierHashKey);
 */
export async function loadContactConsent(
  store: Store,
  ref: ContactRef,
  categories: readonly FlowCategory[],
  identifierHashKey: string,
): Promise<ContactConsent> {
  const contact = await store.findContact(ref);
  const own = withAllCategories(contact?.consent, categories);
  const suppression = await findKeptSuppression(
    store,
    contact ? [contact, ref] : [ref],
    identifierHashKey,
  );
  if (!suppression || !suppressionDecides(own, suppression)) return { contact, consent: own };
  return { contact, consent: applySuppression(own, suppression, categories), suppression };
}

function applySuppression(
  own: ConsentState,
  suppression: KeptSuppression,
  categories: readonly FlowCategory[],
): ConsentState {
  const marketingSuppressed = own.marketingSuppressed || suppression.marketingSuppressed;
  const allowed = (category: FlowCategory): boolean =>
    !suppression.optedOut &&
    (own.categories[category.id] ?? false) &&
    !(marketingSuppressed && category.whatsappCategory === 'MARKETING');
  return {
    ...own,
    status: suppression.optedOut ? 'opted_out' : own.status,
    categories: Object.fromEntries(categories.map((c) => [c.id, allowed(c)])),
    marketingSuppressed,
    ...(suppression.optedOut ? { optedOutAt: suppression.erasedAt } : {}),
  };
}

/** The state with one boolean per flow category (a new contact's record is empty). */
function withAllCategories(
  state: ConsentState | undefined,
  categories: readonly FlowCategory[],
): ConsentState {
  const base = state ?? UNKNOWN_CONSENT;
  return {
    ...base,
    categories: Object.fromEntries(categories.map((c) => [c.id, base.categories[c.id] ?? false])),
  };
}
