/**
 * The consent projection: current state is a left fold of the contact's ledger, oldest first
 * (PRODUCT.md, Proof of consent: "Current state is derivable from the events").
 */
import { DAY } from '../clock.js';
import type { FlowCategory } from '../flow/definition.js';
import type { ConsentEvent } from './events.js';
import type { ConsentState } from './state.js';
import { UNKNOWN_CONSENT } from './state.js';

/** A state whose per-category records are all present, as the fold works on it. */
type Normalized = ConsentState & {
  readonly granted: Readonly<Record<string, boolean>>;
  readonly revoked: Readonly<Record<string, boolean>>;
};

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
  let state: ConsentState = normalize(UNKNOWN_CONSENT, categories);
  for (const event of inLedgerOrder(events)) state = applyConsentEvent(state, event, categories);
  return state;
}

/**
 * The events in the order the projection applies them: by `occurredAt`, then `recordedAt`,
 * then given order. One definition, so a projection advanced by new events
 * (`advance-consent.ts`) folds them exactly as a projection of the whole ledger would.
 */
export function inLedgerOrder<E extends ConsentEvent>(events: readonly E[]): E[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        a.event.occurredAt - b.event.occurredAt ||
        a.event.recordedAt - b.event.recordedAt ||
        a.index - b.index,
    )
    .map(({ event }) => event);
}

/**
 * One step of the fold: the state after `event`. An event that changes nothing (a second STOP,
 * a decline while opted in or out, an ask, an erasure, a merge) returns `state` as it was, `updatedAt` and `source` included.
 * It assumes `event` is the latest; for a late event, project the whole ledger again.
 */
export function applyConsentEvent(
  state: ConsentState,
  event: ConsentEvent,
  categories: readonly FlowCategory[],
): ConsentState {
  const current = normalize(state, categories);
  const next = nextState(current, event);
  if (next === current) return current;
  if (sameConsent(current, next)) {
    // A repeated STOP changes no consent, but its time is remembered (see `lastOptOutAt`).
    return next.lastOptOutAt === current.lastOptOutAt
      ? current
      : { ...current, lastOptOutAt: next.lastOptOutAt };
  }
  return { ...withEffective(next, categories), updatedAt: event.occurredAt, source: event.source };
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

function nextState(state: Normalized, event: ConsentEvent): Normalized {
  const granted = { ...state.granted };
  const revoked = { ...state.revoked };
  const known = (id: string): boolean => Object.hasOwn(granted, id);
  switch (event.type) {
    case 'consent.granted':
      for (const id of event.categories.filter(known)) {
        granted[id] = true;
        revoked[id] = false;
      }
      return { ...state, status: 'opted_in', grantedAt: event.occurredAt, granted, revoked };
    case 'consent.revoked': {
      for (const id of (event.categories ?? Object.keys(granted)).filter(known)) {
        granted[id] = false;
        revoked[id] = true;
      }
      // Stopping some kinds opts out only a customer who had opted in and has none left: one who
      // never said yes (or said no) and stops the offers has stopped the offers, no more, and
      // may still be asked about the rest.
      const optedOut =
        event.categories === undefined ||
        (state.status === 'opted_in' && !Object.values(granted).some(Boolean));
      // A second STOP keeps the first opt-out's time: it changes nothing (PRODUCT.md, Opt-out).
      const firstOptOut = optedOut && state.status !== 'opted_out';
      const stopAll = event.categories === undefined;
      return {
        ...state,
        status: optedOut ? 'opted_out' : state.status,
        ...(firstOptOut ? { optedOutAt: event.occurredAt } : {}),
        ...(stopAll
          ? { lastOptOutAt: Math.max(state.lastOptOutAt ?? event.occurredAt, event.occurredAt) }
          : {}),
        granted,
        revoked,
      };
    }
    case 'consent.declined': {
      // An opt-out never weakens into a decline (one recorded through the API while the question
      // was open): the question would come back after the cool-down.
      if (state.status === 'opted_out') return state;
      // The customer's latest answer stands, also against a yes given before (asked again at
      // their own START): a no to the question takes every kind away, a no to some kinds ("Let
      // me choose" answered again) takes those away and leaves the rest. A no to new kinds alone
      // leaves the customer as they were: those were never granted.
      for (const id of (event.categories ?? Object.keys(granted)).filter(known)) {
        granted[id] = false;
      }
      const nothingLeft = !Object.values(granted).some(Boolean);
      if (event.categories !== undefined && !(state.status === 'opted_in' && nothingLeft)) {
        return { ...state, granted };
      }
      return { ...state, status: 'declined', declinedAt: event.occurredAt, granted };
    }
    case 'consent.marketing_suppressed':
      return { ...state, marketingSuppressed: true };
    case 'consent.marketing_resumed':
      return { ...state, marketingSuppressed: false };
    // Facts beside the consent: an ask, an erasure, a merge.
    case 'consent.asked':
    case 'contact.erased':
    case 'contact.merged':
      return state;
  }
}

/** `categories` as the effective permission: own grant, minus MARKETING while suppressed. */
function withEffective(state: Normalized, categories: readonly FlowCategory[]): Normalized {
  const effective: Record<string, boolean> = {};
  for (const category of categories) {
    const suppressed = state.marketingSuppressed && category.whatsappCategory === 'MARKETING';
    effective[category.id] = (state.granted[category.id] ?? false) && !suppressed;
  }
  return { ...state, categories: effective };
}

/** `state` with exactly one entry per flow category in `granted`, `revoked` and `categories`. */
function normalize(state: ConsentState, categories: readonly FlowCategory[]): Normalized {
  const own = state.granted ?? state.categories;
  const granted: Record<string, boolean> = {};
  const revoked: Record<string, boolean> = {};
  for (const { id } of categories) {
    granted[id] = own[id] ?? false;
    revoked[id] = state.revoked?.[id] ?? false;
  }
  return withEffective({ ...state, granted, revoked }, categories);
}

function sameConsent(a: Normalized, b: Normalized): boolean {
  return (
    a.status === b.status &&
    a.marketingSuppressed === b.marketingSuppressed &&
    a.declinedAt === b.declinedAt &&
    a.optedOutAt === b.optedOutAt &&
    a.grantedAt === b.grantedAt &&
    sameRecord(a.granted, b.granted) &&
    sameRecord(a.revoked, b.revoked)
  );
}

function sameRecord(
  a: Readonly<Record<string, boolean>>,
  b: Readonly<Record<string, boolean>>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}
