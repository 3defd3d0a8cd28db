import { applyConsentEvent } from '../core/consent/project-consent.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type { FlowCategory } from '../core/flow/definition.js';
import type { ContactRecord, Store } from '../store/port.js';
import { findKeptSuppression } from './kept-suppression.js';

/**
 * The opt-out an erased contact left behind (`DELETE /v1/contacts/{phone}` keeps it under a keyed
 * hash of each of its identifiers), for a contact writing for the first time, found by any
 * identifier it has: the events that restore it, and the contact as the turn must see it, so
 * that the question is not asked of someone who opted out.
 * Returns no events for a contact that already has a history, or identifiers never suppressed.
 */
export async function keptOptOut(
  store: Store,
  contact: ContactRecord,
  categories: readonly FlowCategory[],
  phoneHashKey: string,
  recordedAt: number,
): Promise<{ contact: ContactRecord; events: NewConsentEvent[] }> {
  const isNew = contact.snapshot === undefined && contact.consent.updatedAt === undefined;
  const suppression = isNew ? await findKeptSuppression(store, [contact], phoneHashKey) : null;
  if (!suppression) return { contact, events: [] };
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
