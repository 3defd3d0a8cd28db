import type { ConsentPolicy } from '../flow/definition.js';
import { DAY } from '../clock.js';
import type { ConsentState } from './state.js';

/**
 * When the bot may ask for consent on its own initiative. One rule, in one place:
 * never after an opt-out, never inside a decline cool-down, never more often than the flow's
 * limit per customer-service window, never when the customer has a valid opt-in. A customer
 * who asks (START and the flow's opt-in keywords) is always answered: that is not this rule.
 */
export interface AskFacts {
  readonly consent: ConsentState;
  /** The customer's message time: "now" for this turn. */
  readonly now: number;
  /** When the current customer-service window began. */
  readonly windowStartedAt: number;
  /** Times the question was shown before (message timestamps), newest last. */
  readonly askTimes: readonly number[];
  /** How many customer messages the conversation had before this one. */
  readonly previousMessages: number;
}

/** Counts the questions shown since the current window began. */
export function asksInWindow(facts: Pick<AskFacts, 'askTimes' | 'windowStartedAt'>): number {
  return facts.askTimes.filter((t) => t >= facts.windowStartedAt).length;
}

/** True when an opt-in exists and has not lapsed under the flow's `expiryDays`. */
export function hasValidOptIn(consent: ConsentState, policy: ConsentPolicy, now: number): boolean {
  if (consent.status !== 'opted_in') return false;
  if (policy.expiryDays === undefined || consent.grantedAt === undefined) return true;
  return now < consent.grantedAt + policy.expiryDays * DAY;
}

/** True while a decline's cool-down has not passed. */
export function inDeclineCooldown(
  consent: ConsentState,
  policy: ConsentPolicy,
  now: number,
): boolean {
  if (consent.status !== 'declined' || consent.declinedAt === undefined) return false;
  return now < consent.declinedAt + policy.declineCooldownDays * DAY;
}

/** May the question be shown again while it is still unanswered (a re-ask)? */
export function mayReask(policy: ConsentPolicy, facts: AskFacts): boolean {
  if (policy.ask === 'never') return false;
  if (facts.consent.status === 'opted_out') return false;
  if (hasValidOptIn(facts.consent, policy, facts.now)) return false;
  if (inDeclineCooldown(facts.consent, policy, facts.now)) return false;
  return asksInWindow(facts) < policy.maxAsksPerWindow;
}

/** May the bot ask the opt-in question now, unprompted? */
export function mayAsk(policy: ConsentPolicy, facts: AskFacts): boolean {
  if (policy.ask === 'after_first_answer' && facts.previousMessages === 0) return false;
  return mayReask(policy, facts);
}

/**
 * May the bot ask a customer who said yes about categories the flow gained since (once)? The
 * same policy as the question: not when the flow never asks in the chat, only while the opt-in
 * is valid (never after an opt-out or a decline), and within the asks per window.
 */
export function mayAskNewCategories(policy: ConsentPolicy, facts: AskFacts): boolean {
  if (policy.ask === 'never') return false;
  if (!hasValidOptIn(facts.consent, policy, facts.now)) return false;
  return asksInWindow(facts) < policy.maxAsksPerWindow;
}
