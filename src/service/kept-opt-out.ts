import { applyConsentEvent } from '../core/consent/project-consent.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type { FlowCategory } from '../core/flow/definition.js';
import type { ContactRecord, Store } from '../store/port.js';
import {
  findKeptSuppression,
  otherFormRestriction,
  suppressionDecides,
} from './kept-suppression.js';
import type { KeptSuppression } from './kept-suppression.js';

/**
 * The opt-out an erased contact left behind (`DELETE /v1/contacts/{phone}` keeps it under a keyed
 * hash of each of its identifiers), found by any identifier the contact has now: the events that
 * restore it, and the contact as the turn must see it, so that the question is not asked of
 * someone who opted out. The same rule as the API's (`contact-consent.ts`): it decides unless
 * the contact made a decision of its own after the erasure, even when the contact was re-created
 * by an API call before writing, or had a conversation before the erased identifier was linked.
 * Returns no events once the ledger holds them, or for identifiers never suppressed.
 */
export async function keptOptOut(
  store: Store,
  contact: ContactRecord,
  categories: readonly FlowCategory[],
  identifierHashKey: string,
  recordedAt: number,
): Promise<{ contact: ContactRecord; events: NewConsentEvent[] }> {
  // Every turn, not only the first: an identifier linked to a contact that already has a
  // conversation (or a contact merged into it) may carry an erased opt-out. It applies once:
  // its events date the contact's consent at the erasure, and then it no longer decides.
  const suppression = await findKeptSuppression(store, [contact], identifierHashKey);
  if (!suppression || !suppressionDecides(contact.consent, suppression)) {
    return { contact, events: [] };
  }
  return withRestriction(contact, suppression, 'opt-out kept after the erasure of this number', {
    categories,
    recordedAt,
  });
}

/**
 * The opt-out given under the other form of the contact's number (`numberAliases`), where a
 * second contact of the person is stored (`otherFormRestriction`): the events that bring it into
 * this contact's ledger, so the question is not asked of someone who said STOP from the other
 * form. Looked at on every turn of a number that has another form; no store call otherwise.
 */
export async function otherFormOptOut(
  store: Store,
  contact: ContactRecord,
  categories: readonly FlowCategory[],
  recordedAt: number,
): Promise<{ contact: ContactRecord; events: NewConsentEvent[] }> {
  const restriction = await otherFormRestriction(store, contact, contact);
  if (!restriction || !suppressionDecides(contact.consent, restriction)) {
    return { contact, events: [] };
  }
  return withRestriction(
    contact,
    restriction,
    'opt-out given under the other form of this number',
    {
      categories,
      recordedAt,
    },
  );
}

/** The events that restore `restriction` in the contact's ledger, dated at it, and the contact after them. */
function withRestriction(
  contact: ContactRecord,
  restriction: KeptSuppression,
  note: string,
  { categories, recordedAt }: { categories: readonly FlowCategory[]; recordedAt: number },
): { contact: ContactRecord; events: NewConsentEvent[] } {
  const base = {
    occurredAt: restriction.erasedAt,
    recordedAt,
    source: 'api',
    evidence: { note },
  } as const;
  const events: NewConsentEvent[] = [
    ...(restriction.optedOut ? [{ ...base, type: 'consent.revoked' as const }] : []),
    ...(restriction.marketingSuppressed
      ? [{ ...base, type: 'consent.marketing_suppressed' as const }]
      : []),
  ];
  const consent = events.reduce(
    (state, event) =>
      applyConsentEvent(state, { ...event, id: '', contactId: contact.id }, categories),
    contact.consent,
  );
  return { contact: { ...contact, consent }, events };
}
