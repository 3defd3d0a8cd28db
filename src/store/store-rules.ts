import type { ConsentEvidence, NewConsentEvent } from '../core/consent/events.js';
import { DAY } from '../core/clock.js';
import { omit } from './omit.js';
import type {
  ContactPatch,
  ContactRecord,
  HashIdentifiers,
  OutboundStatus,
  Suppression,
} from './port.js';

/**
 * Rules both store adapters share, so the memory and MongoDB stores behave the same way and
 * pass one contract suite.
 */

/** How many applied message ids a contact remembers (`ContactRecord.recentMessageIds`). */
export const RECENT_MESSAGE_IDS_LIMIT = 50;

/** How long a processed inbound message id is remembered by default: WhatsApp retries for days. */
export const DEFAULT_PROCESSED_RETENTION_MS = 30 * DAY;

/** The fields a turn may set; anything else in a patch object is ignored, never stored. */
const PATCH_FIELDS = [
  'phone',
  'userId',
  'profileName',
  'language',
  'flowId',
  'flowVersion',
  'lastInboundAt',
  'windowStartedAt',
  'consent',
  'consentThrough',
  'screened',
] as const satisfies readonly (keyof ContactPatch)[];

/** A patch ready to store: the fields it sets (absent or undefined ones left out) and the snapshot as JSON text. */
export interface StoredPatch {
  readonly fields: Omit<ContactPatch, 'snapshot'>;
  readonly snapshotJson?: string;
}

/**
 * Reads a patch the same way in every store: only {@link PATCH_FIELDS}, only defined values,
 * and the snapshot through JSON, which is what "persisted XState snapshot" means.
 */
export function toStoredPatch(patch: ContactPatch): StoredPatch {
  const fields: Record<string, unknown> = {};
  for (const key of PATCH_FIELDS) {
    if (patch[key] !== undefined) fields[key] = patch[key];
  }
  return patch.snapshot === undefined
    ? { fields }
    : { fields, snapshotJson: JSON.stringify(patch.snapshot) };
}

/**
 * Evidence fields that quote the customer or may identify them (texts, the page they were on,
 * their IP address and browser, any field of another channel's own): removed on erasure. What
 * stays (flow, version, language, keyword, form id, times) says what was agreed, not by whom.
 */
export const ERASED_EVIDENCE_FIELDS = [
  'questionText',
  'replyText',
  'note',
  'url',
  'ip',
  'userAgent',
  'fields',
] as const;

/** Evidence without the texts that {@link ERASED_EVIDENCE_FIELDS} names. */
export function stripEvidence(evidence: ConsentEvidence): ConsentEvidence {
  return omit(evidence, ERASED_EVIDENCE_FIELDS);
}

/** The ledger entry that records an erasure; it carries no personal data. */
export function erasedEvent(now: number): NewConsentEvent {
  return { type: 'contact.erased', occurredAt: now, recordedAt: now, source: 'api', evidence: {} };
}

/** What erasure keeps under one identifier's hash so an opt-out outlives the identifier. */
export function suppressionFor(
  contact: Pick<ContactRecord, 'consent'>,
  hash: string,
  now: number,
): Suppression {
  return {
    hash,
    optedOut: contact.consent.status === 'opted_out',
    marketingSuppressed: contact.consent.marketingSuppressed,
    erasedAt: now,
  };
}

/**
 * The hashes to keep an erased contact's suppression under: those of the identifiers it still
 * has (none once erased, so erasing again keeps what the first erasure wrote), each once.
 */
export function erasureHashes(
  contact: Pick<ContactRecord, 'phone' | 'userId'>,
  hashesOf: HashIdentifiers,
): string[] {
  if (contact.phone === undefined && contact.userId === undefined) return [];
  const identifiers = {
    ...(contact.phone === undefined ? {} : { phone: contact.phone }),
    ...(contact.userId === undefined ? {} : { userId: contact.userId }),
  };
  return [...new Set(hashesOf(identifiers))];
}

/**
 * Status webhooks may arrive out of order (`read` before `delivered`): a status only ever moves
 * forward, so a late `sent` does not overwrite `read`. `failed` is final.
 */
const STATUS_RANK: Readonly<Record<OutboundStatus, number>> = {
  queued: 0,
  sending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

/** The statuses an entry may be in for `next` to replace it. */
export function statusesBefore(next: OutboundStatus): OutboundStatus[] {
  return (Object.keys(STATUS_RANK) as OutboundStatus[]).filter(
    (status) => STATUS_RANK[status] <= STATUS_RANK[next],
  );
}
