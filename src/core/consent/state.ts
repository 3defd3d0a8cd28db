import type { ConsentSource } from './events.js';

/**
 * The current consent of one contact, as projected from its ledger.
 */
export const CONSENT_STATUSES = ['unknown', 'opted_in', 'opted_out', 'declined'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export interface ConsentState {
  readonly status: ConsentStatus;
  /** Per flow category: may proactive messages of this category be sent? */
  readonly categories: Readonly<Record<string, boolean>>;
  /**
   * Per flow category: the customer's own grant, before WhatsApp's marketing suppression.
   * `categories` is this with MARKETING categories turned off while `marketingSuppressed`;
   * kept so that a marketing resume restores them. Absent in states not built by the projection.
   */
  readonly granted?: Readonly<Record<string, boolean>>;
  /**
   * Per flow category: the customer withdrew it and has not granted it again, so a send is
   * refused as `opted_out` rather than `not_opted_in`. Absent in states not built by the projection.
   */
  readonly revoked?: Readonly<Record<string, boolean>>;
  /** WhatsApp's own marketing opt-out is in force (Stop promotions, user_preferences, 131050). */
  readonly marketingSuppressed: boolean;
  /** Time of the last event that changed anything, epoch ms; absent when there is none. */
  readonly updatedAt?: number;
  readonly source?: ConsentSource;
  /** When the customer last declined / opted out, for the re-ask cool-down. */
  readonly declinedAt?: number;
  readonly optedOutAt?: number;
  /**
   * When the customer last opted out of everything, a repeated STOP included (which changes
   * nothing else): an opt-in keyword older than it (a webhook arriving late) reopens nothing.
   */
  readonly lastOptOutAt?: number;
  /** When the current opt-in was given, for consent expiry. */
  readonly grantedAt?: number;
}

/** The state of a contact nobody has asked yet. */
export const UNKNOWN_CONSENT: ConsentState = {
  status: 'unknown',
  categories: {},
  marketingSuppressed: false,
};

/**
 * Whether the customer has given `id` their yes (their own grant, WhatsApp's marketing
 * suppression aside: see `ConsentState.granted`).
 */
export function grantedTo(consent: ConsentState, id: string): boolean {
  return (consent.granted?.[id] ?? consent.categories[id]) === true;
}
