import type { FlowCategory } from '../flow/definition.js';
import type { NewConsentEvent } from './events.js';
import { applyConsentEvent } from './project-consent.js';
import { grantedTo } from './state.js';
import type { ConsentState } from './state.js';

/**
 * True when `state`, the projection of a contact's whole ledger, reflects `event`: applied again
 * as the latest, it would change nothing. False for a late event that a later decision
 * overrode: a STOP delivered after the START and "Yes" the customer sent after it, or a "Yes"
 * delivered after a later STOP. The ledger keeps such an event as proof; the customer must not
 * be told it took effect.
 * @example isInForce(saved.consent, stopEvent, flow.categories) // false when a later opt-in wins
 */
export function isInForce(
  state: ConsentState,
  event: NewConsentEvent,
  categories: readonly FlowCategory[],
): boolean {
  // A decline may change nothing (a second no, a no while opted out), so "changes nothing" is not
  // enough. Its reply ("we won't send you these messages") is true when declined or opted out,
  // untrue when opted in (a yes given after it, its webhook first).
  if (event.type === 'consent.declined') {
    // A no to new categories alone is an answer, whatever the customer's status.
    return event.categories !== undefined || state.status !== 'opted_in';
  }
  const again = applyConsentEvent(state, { ...event, id: '', contactId: '' }, categories);
  return (
    again.status === state.status &&
    again.marketingSuppressed === state.marketingSuppressed &&
    categories.every(({ id }) => grantedTo(again, id) === grantedTo(state, id))
  );
}
