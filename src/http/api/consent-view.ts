import type { ConsentEvent, ConsentEvidence } from '../../core/consent/events.js';
import type { ConsentState } from '../../core/consent/state.js';
import type { ContactRef } from '../../core/identity.js';
import { windowState } from '../../core/window.js';
import type { ContactRecord } from '../../store/port.js';

/** Epoch ms as ISO 8601, `null` when absent: every time the API returns looks the same. */
export function isoTime(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** The identifiers to show: the stored ones, else the one the caller used. */
export function contactJson(ref: ContactRef, contact: ContactRecord | null): ContactRef {
  const phone = contact?.phone ?? ref.phone;
  const userId = contact?.userId ?? ref.userId;
  return { ...(phone ? { phone } : {}), ...(userId ? { userId } : {}) };
}

/** The body of `GET` and `PUT /v1/contacts/{phone}/consent`. */
export function consentJson(
  ref: ContactRef,
  contact: ContactRecord | null,
  consent: ConsentState,
  now: number,
) {
  const window = windowState(contact?.lastInboundAt, now);
  return {
    contact: contactJson(ref, contact),
    status: consent.status,
    categories: consent.categories,
    marketingSuppressed: consent.marketingSuppressed,
    updatedAt: isoTime(consent.updatedAt),
    source: consent.source ?? null,
    window: { open: window.open, expiresAt: isoTime(window.expiresAt) },
  };
}

/** One ledger event as the history shows it: ISO times, evidence as recorded. */
export function eventJson(event: ConsentEvent) {
  return {
    id: event.id,
    type: event.type,
    occurredAt: isoTime(event.occurredAt),
    recordedAt: isoTime(event.recordedAt),
    source: event.source,
    ...('categories' in event && event.categories ? { categories: event.categories } : {}),
    evidence: evidenceJson(event.evidence),
  };
}

/**
 * Evidence as the caller who recorded it sent it: another channel's own fields (kept apart in
 * the ledger, under `fields`) are given back beside the documented ones, verbatim.
 */
export function evidenceJson(evidence: ConsentEvidence): Record<string, unknown> {
  const { fields, ...typed } = evidence;
  return fields ? { ...typed, ...fields } : typed;
}

/** A stored object with its `…At` epoch-ms fields as ISO 8601, for the subject-access export. */
export function withIsoTimes<T extends object>(value: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key.endsWith('At') && typeof v === 'number' ? isoTime(v) : v,
    ]),
  );
}
