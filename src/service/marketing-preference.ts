import type { ConsentEvidence } from '../core/consent/events.js';
import type { ContactRef } from '../core/identity.js';
import type { Metrics } from '../metrics/index.js';
import type { ContactRecord } from '../store/port.js';
import type { ConsentService } from './consent-service.js';

/** What recording WhatsApp's marketing opt-out needs. */
export interface MarketingPreferenceDeps {
  readonly consent: ConsentService;
  readonly metrics: Pick<Metrics, 'consentChanges'>;
}

/** The send error WhatsApp answers when the customer stopped marketing messages from the business. */
export const MARKETING_STOPPED_CODE = 131050;

/**
 * Records WhatsApp's own marketing opt-out or resume (the `user_preferences` webhook, send error
 * 131050) on the contact's MARKETING categories only, and counts it in
 * `optin_consent_changes_total` (PRODUCT.md, "WhatsApp's own marketing opt-out counts").
 */
export async function recordMarketingPreference(
  deps: MarketingPreferenceDeps,
  contact: ContactRef,
  value: 'stop' | 'resume',
  occurredAt: number,
  evidence: ConsentEvidence,
): Promise<ContactRecord> {
  const recorded = await deps.consent.recordMarketingPreference(
    contact,
    value,
    occurredAt,
    evidence,
  );
  deps.metrics.consentChanges.inc({
    change: value === 'stop' ? 'marketing_stop' : 'marketing_resume',
    source: 'whatsapp',
    language: 'none',
  });
  return recorded;
}

/**
 * The 131050 rule: WhatsApp refused a message because the customer stopped marketing messages
 * from the business, so marketing is suppressed, with the error code as evidence and the
 * `error_131050` trigger the consent report counts. One rule for both ways the error arrives:
 * the answer to a send (`occurredAt` is now, no message id) and a `failed` status webhook
 * (its time and the message's id).
 */
export function recordMarketingStopped(
  deps: MarketingPreferenceDeps,
  contact: ContactRef,
  at: { readonly occurredAt: number; readonly messageId?: string | undefined },
): Promise<ContactRecord> {
  return recordMarketingPreference(deps, contact, 'stop', at.occurredAt, {
    errorCode: MARKETING_STOPPED_CODE,
    ...(at.messageId === undefined ? {} : { messageId: at.messageId }),
    trigger: 'error_131050',
  });
}
