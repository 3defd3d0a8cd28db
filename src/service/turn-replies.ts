import { isInForce } from '../core/consent/in-force.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type { ConsentState } from '../core/consent/state.js';
import type { ConversationIntent } from '../core/conversation/events.js';
import type { Reply } from '../core/conversation/inbound.js';
import type { FlowCategory } from '../core/flow/definition.js';

/** What a turn's machine said: its intents, and the consent events they made. */
export interface TurnReplies {
  readonly intents: readonly ConversationIntent[];
  readonly consentEvents: readonly NewConsentEvent[];
}

/**
 * The turn's consent events that a later decision overrides: a late message (a STOP redelivered
 * after the customer's later START and "Yes") stays in the ledger as proof, but its
 * confirmation would tell the customer something untrue.
 */
export function overriddenEvents(
  decision: TurnReplies,
  consent: ConsentState,
  categories: readonly FlowCategory[],
): NewConsentEvent[] {
  return decision.consentEvents.filter((e) => !isInForce(consent, e, categories));
}

/** The replies to send: all, but the consent region's when a later decision overrides them. */
export function repliesInForce(
  decision: TurnReplies,
  consent: ConsentState,
  categories: readonly FlowCategory[],
): Reply[] {
  const overridden = overriddenEvents(decision, consent, categories).length > 0;
  return orderReplies(
    overridden
      ? decision.intents.filter((i) => !(i.type === 'reply' && i.from === 'consent'))
      : decision.intents,
  );
}

/**
 * The service answer goes out before any consent prompt: asking for opt-in must never delay
 * the reply to what the customer asked (PRODUCT.md, reactive replies). Order within each
 * region is kept.
 */
function orderReplies(intents: readonly ConversationIntent[]): Reply[] {
  const service: Reply[] = [];
  const consent: Reply[] = [];
  for (const intent of intents) {
    if (intent.type === 'reply') (intent.from === 'service' ? service : consent).push(intent.reply);
  }
  return [...service, ...consent];
}
