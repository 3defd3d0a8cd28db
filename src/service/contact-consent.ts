import type { ConsentState } from '../core/consent/state.js';
import { UNKNOWN_CONSENT } from '../core/consent/state.js';
import type { FlowCategory } from '../core/flow/definition.js';
import type { ContactRef } from '../core/identity.js';
import type { ContactRecord, Store } from '../store/port.js';
import {
  findKeptSuppression,
  otherFormRestriction,
  suppressionDecides,
} from './kept-suppression.js';
import type { KeptSuppression } from './kept-suppression.js';

/** A contact as the API and the send gate see it: the record (if any) and the consent in force. */
export interface ContactConsent {
  /** Absent for a number never seen, or erased. */
  readonly contact: ContactRecord | null;
  readonly consent: ConsentState;
  /**
   * The restriction that decided `consent`: an erased contact's opt-out, or that of the contact
   * stored under the number's other form.
   */
  readonly suppression?: KeptSuppression;
}

/**
 * Loads a contact's consent without creating the contact. When an identifier of the person (the
 * one asked about, or any the stored contact has) was erased, the kept suppression goes on
 * deciding until the contact makes a decision of its own after the erasure (latest by time
 * wins, as in the ledger). So does the opt-out of a contact under the number's other form.
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
  const kept = await findKeptSuppression(
    store,
    contact ? [contact, ref] : [ref],
    identifierHashKey,
  );
  const twin = await otherFormRestriction(store, contact, ref);
  let consent = own;
  let suppression: KeptSuppression | undefined;
  for (const restriction of [kept, twin]) {
    if (!restriction || !suppressionDecides(own, restriction)) continue;
    consent = applySuppression(consent, restriction, categories);
    suppression = restriction;
  }
  return { contact, consent, ...(suppression ? { suppression } : {}) };
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
