/**
 * The consent projection: current state is a left fold of the contact's ledger, oldest first
 * (PRODUCT.md, Proof of consent: "Current state is derivable from the events").
 */
import { DAY } from '../clock.js';
import type { FlowCategory } from '../flow/definition.js';
import type { ConsentEvent } from './events.js';
import type { ConsentState } from './state.js';
import { UNKNOWN_CONSENT } from './state.js';

/**
 * The current consent from a contact's events, in any order: they are applied by `occurredAt`,
 * then `recordedAt`, then given order, so the latest event by time wins.
 * The result has one entry per flow category in `categories`; other category ids are ignored.
 * @example const consent = projectConsent(await store.listEvents(contactId), flow.categories);
 */
export function projectConsent(
  events: readonly ConsentEvent[],
  categories: readonly FlowCategory[],
): ConsentState {
  const ordered = events
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        a.event.occurredAt - b.event.occurredAt ||
        a.event.recordedAt - b.event.recordedAt ||
        a.index - b.index,
    );
  let state = withCategories(UNKNOWN_CONSENT, categories);
  for (const { event } of ordered) state = applyConsentEvent(state, event, categories);
  return state;
}

/**
 * One step of the fold: the state after `event`. An event that changes nothing (a second STOP,
 * a decline while opted in, an erasure) returns `state` as it was, `updatedAt` and `source` included.
 * It assumes `event` is the latest; for a late event, project the whole ledger again.
 */
export function applyConsentEvent(
  state: ConsentState,
  event: ConsentEvent,
  categories: readonly FlowCategory[],
): ConsentState {
  const current = withCategories(state, categories);
  const next = nextState(current, event, categories);
  if (next === current || sameConsent(current, next)) return current;
  return { ...next, updatedAt: event.occurredAt, source: event.source };
}

/**
 * True when an opt-in has lapsed: the flow sets `expiryDays` and that many days have passed since
 * the opt-in was given. Other statuses never expire.
 */
export function isConsentExpired(
  state: ConsentState,
  expiryDays: number | undefined,
  now: number,
): boolean {
  if (state.status !== 'opted_in' || expiryDays === undefined || state.grantedAt === undefined) {
    return false;
  }
  return now >= state.grantedAt + expiryDays * DAY;
}

function nextState(
  state: ConsentState,
  event: ConsentEvent,
  categories: readonly FlowCategory[],
): ConsentState {
  const granted = { ...(state.granted ?? state.categories) };
  switch (event.type) {
    case 'consent.granted': {
      for (const id of event.categories) if (Object.hasOwn(granted, id)) granted[id] = true;
      return withGrants(
        { ...state, status: 'opted_in', grantedAt: event.occurredAt },
        granted,
        categories,
      );
    }
    case 'consent.revoked': {
      const revoked = event.categories ?? Object.keys(granted);
      for (const id of revoked) if (Object.hasOwn(granted, id)) granted[id] = false;
      const optedOut = event.categories === undefined || !Object.values(granted).some(Boolean);
      // A second STOP keeps the first opt-out's time: it changes nothing (PRODUCT.md, Opt-out).
      const status = optedOut ? 'opted_out' : state.status;
      const firstOptOut = optedOut && state.status !== 'opted_out';
      return withGrants(
        { ...state, status, ...(firstOptOut ? { optedOutAt: event.occurredAt } : {}) },
        granted,
        categories,
      );
    }
    case 'consent.declined':
      // A decline while opted in (a stale question answered late) does not undo the opt-in.
      if (state.status === 'opted_in') return state;
      return { ...state, status: 'declined', declinedAt: event.occurredAt };
    case 'consent.marketing_suppressed':
      return withGrants({ ...state, marketingSuppressed: true }, granted, categories);
    case 'consent.marketing_resumed':
      return withGrants({ ...state, marketingSuppressed: false }, granted, categories);
    case 'contact.erased':
      return state;
  }
}

/** `state` with `granted` set and `categories` recomputed as the effective permission. */
function withGrants(
  state: ConsentState,
  granted: Record<string, boolean>,
  categories: readonly FlowCategory[],
): ConsentState {
  const effective: Record<string, boolean> = {};
  for (const category of categories) {
    const suppressed = state.marketingSuppressed && category.whatsappCategory === 'MARKETING';
    effective[category.id] = (granted[category.id] ?? false) && !suppressed;
  }
  return { ...state, granted, categories: effective };
}

/** `state` with exactly one grant and one effective entry per flow category. */
function withCategories(state: ConsentState, categories: readonly FlowCategory[]): ConsentState {
  const own = state.granted ?? state.categories;
  const granted: Record<string, boolean> = {};
  for (const category of categories) granted[category.id] = own[category.id] ?? false;
  return withGrants(state, granted, categories);
}

function sameConsent(a: ConsentState, b: ConsentState): boolean {
  return (
    a.status === b.status &&
    a.marketingSuppressed === b.marketingSuppressed &&
    a.declinedAt === b.declinedAt &&
    a.optedOutAt === b.optedOutAt &&
    a.grantedAt === b.grantedAt &&
    sameRecord(a.categories, b.categories) &&
    sameRecord(a.granted ?? {}, b.granted ?? {})
  );
}

function sameRecord(
  a: Readonly<Record<string, boolean>>,
  b: Readonly<Record<string, boolean>>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}
