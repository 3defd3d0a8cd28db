import { DAY } from '../core/clock.js';
import { omit } from './omit.js';
import type { LeaseRequest, OutboundEntry, OutboxLease } from './port.js';

/**
 * The outbox rules both store adapters share: who may take a contact's outbox lease, what an
 * entry keeps once it leaves the outbox for the outbound log, and how two outboxes become one.
 */

/** How long the outbound log keeps an entry after its outcome, by default (as a TTL would). */
export const DEFAULT_OUTBOUND_RETENTION_MS = 90 * DAY;

/**
 * True when the request may take the lease: nobody holds it, it expired, or it is the
 * requester's already (a sender extending its own).
 */
export function leaseOpenTo(lease: OutboxLease | undefined, request: LeaseRequest): boolean {
  return lease === undefined || lease.until <= request.now || lease.owner === request.owner;
}

/** The lease a request stores: owner and expiry, not the time it was asked at. */
export function storedLease(request: LeaseRequest): OutboxLease {
  return { owner: request.owner, until: request.until };
}

/** The entry as the outbound log keeps it: what to send is no longer needed once it is done. */
export function toLogEntry(entry: OutboundEntry): OutboundEntry {
  return omit(entry, ['message', 'recheck']);
}

/** An entry that will never be sent because its contact was erased first: no text is kept. */
export function erasedBeforeSending(entry: OutboundEntry, now: number): OutboundEntry {
  return {
    ...omit(toLogEntry(entry), ['body']),
    status: 'failed',
    errorTitle: 'not sent: the contact was erased before it could be sent',
    updatedAt: now,
  };
}

/** The fields a completion writes onto a log entry (the rest stays as first filed). */
export function outcomeOf(
  entry: OutboundEntry,
): Pick<
  OutboundEntry,
  'status' | 'waMessageId' | 'errorCode' | 'errorTitle' | 'attempts' | 'updatedAt'
> {
  return {
    status: entry.status,
    updatedAt: entry.updatedAt,
    ...(entry.waMessageId === undefined ? {} : { waMessageId: entry.waMessageId }),
    ...(entry.errorCode === undefined ? {} : { errorCode: entry.errorCode }),
    ...(entry.errorTitle === undefined ? {} : { errorTitle: entry.errorTitle }),
    ...(entry.attempts === undefined ? {} : { attempts: entry.attempts }),
  };
}

/**
 * The lease of two outboxes merged into one: the kept contact's, else the absorbed one's (its
 * sender goes on, now with the merged outbox). A sender that held the other lease finds out at
 * its next completion and stops; one expired lease is taken over like any other.
 */
export function mergedLease(
  kept: OutboxLease | undefined,
  absorbed: OutboxLease | undefined,
): OutboxLease | undefined {
  if (kept && absorbed && kept.owner === absorbed.owner) {
    return { owner: kept.owner, until: Math.max(kept.until, absorbed.until) };
  }
  return kept ?? absorbed;
}

/**
 * The latest time among `entries` the business queued of its own accord (`recheck`: a
 * `POST /v1/messages` send, an agent's text), not the bot's replies: what `queueOutbound`
 * records as `ContactRecord.businessWroteAt`. Undefined when there is none.
 */
export function businessWroteAt(entries: readonly OutboundEntry[]): number | undefined {
  let latest: number | undefined;
  for (const entry of entries) {
    if (entry.recheck === true && entry.createdAt > (latest ?? -Infinity)) {
      latest = entry.createdAt;
    }
  }
  return latest;
}
