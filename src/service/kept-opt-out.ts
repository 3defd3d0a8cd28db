import { applyConsentEvent } from '../core/consent/project-consent.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type { FlowCategory } from '../core/flow/definition.js';
import type { ContactRecord, Store } from '../store/port.js';
import { findKeptSuppression, suppressionDecides } from './kept-suppression.js';

/**
 * The opt-out an erased contact left behind (`DELETE /v1/contacts/{phone}` keeps it under a keyed
 * hash of each of its identifiers), for a contact's first conversation turn, found by any
 * identifier it has: the events that restore it, and the contact as the turn must see it, so
 * that the question is not asked of someone who opted out. The same rule as the API's
 * (`contact-consent.ts`): it decides unless the contact made a decision of its own after the
 * erasure, even when the contact was re-created by an API call before writing.
 * Returns no events after the first turn (the ledger then holds them), or for identifiers
 * never suppressed.
 */
export async function keptOptOut(
  store: Store,
  contact: ContactRecord,
  categories: readonly FlowCategory[],
  phoneHashKey: string,
  recordedAt: number,
): Promise<{ contact: ContactRecord; events: NewConsentEvent[] }> {
  const firstTurn = contact.snapshot === undefined;
  const suppression = firstTurn ? await findKeptSuppression(store, [contact], phoneHashKey) : null;
  if (!suppression || !suppressionDecides(contact.consent, suppression)) {
    return { contact, events: [] };
  }
  const base = {
    occurredAt: suppression.erasedAt,
    recordedAt,
    source: 'api',
    evidence: { note: 'opt-out kept after the erasure of this number' },
  } as const;
  const events: NewConsentEvent[] = [
    ...(suppression.optedOut ? [{ ...base, type: 'consent.revoked' as const }] : []),
    ...(suppression.marketingSuppressed
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
