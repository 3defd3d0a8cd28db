/**
 * The consent projection moved forward by new events, without reading the ledger again: the
 * common case of a turn, whose events are newer than anything the contact's ledger holds.
 */
import type { FlowCategory } from '../flow/definition.js';
import type { ConsentEvent } from './events.js';
import { applyConsentEvent, inLedgerOrder } from './project-consent.js';
import type { ConsentState } from './state.js';

/** A projection and the time of the latest ledger event it folded (0: the ledger is empty). */
export interface ProjectedConsent {
  readonly consent: ConsentState;
  readonly through: number;
}

/**
 * The projection of the ledger plus `events`, from the projection of the ledger alone, when
 * that gives exactly what projecting everything would: every new event occurred after
 * `through` (so each sorts after the whole ledger; a tie or an older event could sort before
 * one already folded and change its effect), and the flow has the categories the projection
 * was made with (a category added since would change what a past STOP revoked). Otherwise
 * `undefined`: project the whole ledger (`projectConsent`).
 * @example advanceConsent({ consent: contact.consent, through: contact.consentThrough }, [stop], flow.categories)
 */
export function advanceConsent(
  projected: { readonly consent: ConsentState; readonly through: number | undefined },
  events: readonly ConsentEvent[],
  categories: readonly FlowCategory[],
): ProjectedConsent | undefined {
  const { consent, through } = projected;
  if (through === undefined || !madeWith(consent, categories)) return undefined;
  if (events.some((event) => event.occurredAt <= through)) return undefined;
  let state = consent;
  for (const event of inLedgerOrder(events)) state = applyConsentEvent(state, event, categories);
  return { consent: state, through: latestOf(events, through) };
}

/** The latest `occurredAt` among `events`, or `since` when none is later. */
export function latestOf(events: readonly ConsentEvent[], since: number): number {
  return events.reduce((latest, event) => Math.max(latest, event.occurredAt), since);
}

/**
 * True when `consent` was projected with exactly these categories (the projection keeps one
 * own grant per category), or is the untouched state of a contact with an empty ledger.
 */
function madeWith(consent: ConsentState, categories: readonly FlowCategory[]): boolean {
  const granted = consent.granted;
  if (granted === undefined) {
    return (
      consent.status === 'unknown' &&
      !consent.marketingSuppressed &&
      consent.updatedAt === undefined
    );
  }
  const ids = Object.keys(granted);
  return ids.length === categories.length && categories.every((c) => Object.hasOwn(granted, c.id));
}
