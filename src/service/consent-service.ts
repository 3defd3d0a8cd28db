import type { Clock } from '../core/clock.js';
import type { ConsentEvidence, ConsentSource, NewConsentEvent } from '../core/consent/events.js';
import type { ContactRef } from '../core/identity.js';
import type { ContactRecord, Store } from '../store/port.js';
import type { FlowCatalog } from './flow-catalog.js';
import { updateContact } from './update-contact.js';

/** A consent decision gathered outside the WhatsApp conversation (web, SMS, IVR, CRM, agent). */
export interface ConsentRecordRequest {
  readonly contact: ContactRef;
  readonly status: 'opted_in' | 'opted_out';
  /** Categories concerned; absent means all of the flow's. */
  readonly categories?: readonly string[];
  readonly source: ConsentSource;
  readonly evidence: ConsentEvidence;
  /**
   * When the customer decided; defaults to now. A time ahead of our clock (the caller's clock
   * runs fast; the API allows a few minutes) is recorded as now, so a STOP the customer types
   * after this call sorts after it and wins, as its confirmation says.
   */
  readonly occurredAt?: number;
}

export interface ConsentServiceOptions {
  readonly store: Store;
  readonly flows: FlowCatalog;
  readonly clock: Clock;
}

/**
 * Writes consent that does not come from a conversation turn: other channels through the REST
 * API, WhatsApp's `user_preferences` webhook and send errors such as 131050. Every change is a
 * ledger event; the projection is recomputed with the same optimistic version check as turns.
 */
export interface ConsentService {
  record(request: ConsentRecordRequest): Promise<ContactRecord>;
  /** WhatsApp's marketing opt-out or resume (user_preferences, 131050): MARKETING categories only. */
  recordMarketingPreference(
    contact: ContactRef,
    value: 'stop' | 'resume',
    occurredAt: number,
    evidence: ConsentEvidence,
  ): Promise<ContactRecord>;
}

export function createConsentService(options: ConsentServiceOptions): ConsentService {
  const { store, flows, clock } = options;
  const categories = () => flows.defaultFlow().definition.categories;
  const append = async (ref: ContactRef, event: NewConsentEvent) => {
    const outcome = await updateContact(
      { store, now: () => clock.now(), categories: categories() },
      ref,
      () => ({ events: [event], result: undefined }),
    );
    return outcome.contact;
  };
  return {
    record(request) {
      const now = clock.now();
      const base = {
        occurredAt: Math.min(request.occurredAt ?? now, now),
        recordedAt: now,
        source: request.source,
        evidence: request.evidence,
      };
      const all = categories().map((c) => c.id);
      const event: NewConsentEvent =
        request.status === 'opted_in'
          ? { ...base, type: 'consent.granted', categories: [...(request.categories ?? all)] }
          : {
              ...base,
              type: 'consent.revoked',
              ...(request.categories ? { categories: [...request.categories] } : {}),
            };
      return append(request.contact, event);
    },
    recordMarketingPreference(contact, value, occurredAt, evidence) {
      return append(contact, {
        type: value === 'stop' ? 'consent.marketing_suppressed' : 'consent.marketing_resumed',
        occurredAt,
        recordedAt: clock.now(),
        source: 'whatsapp',
        evidence,
      });
    },
  };
}
