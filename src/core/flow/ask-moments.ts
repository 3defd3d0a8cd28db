/**
 * When the conversation around consent asks the bot to keep quiet or to offer a person
 * (issue 10): the moments it never asks on its own, and the flow's way to a person.
 */
import type { ConversationEvent } from '../conversation/events.js';
import type { FlowDefinition, ServiceChoice } from './definition.js';
import { DEFAULT_REASK_AFTER_MESSAGES } from './definition.js';
import type { FlowContext } from './flow-context.js';
import { offered } from './pick-choice.js';
import { distinctChoices } from './service-region.js';

/**
 * The moments the bot never asks on its own: during or right after a hand-over to a person,
 * and after thanks or a goodbye. A customer's very first message ("ok", "gracias", 👍) when the
 * business never wrote to them thanks nobody: it opens the conversation like a hello, and the
 * question may follow the answer.
 * @example hushed(event) // true right after "thanks"
 */
export function hushed(event: ConversationEvent): boolean {
  if (event.facts.handover !== undefined || event.type === 'handover.ended') return true;
  if (event.smallTalk === 'goodbye') return true;
  if (event.smallTalk !== 'thanks') return false;
  return !(event.facts.firstMessage && event.facts.businessWroteAt === undefined);
}

/**
 * The moments the bot does not ask the opt-in question again: those it is {@link hushed}, and
 * before the re-ask gap: an unanswered question comes back no sooner than the customer's
 * `reaskAfterMessages`-th message after the last ask in this window (never twice in a row),
 * unless the customer tapped a consent button that answers nothing (an old question's): they
 * are asking about it.
 * @example const quiet = quietMoments(flow); quiet(context, event) // true right after the ask
 */
export function quietMoments(
  flow: Pick<FlowDefinition, 'consent'>,
): (context: FlowContext, event: ConversationEvent) => boolean {
  const gap = flow.consent.reaskAfterMessages ?? DEFAULT_REASK_AFTER_MESSAGES;
  return (context, event) => {
    if (hushed(event)) return true;
    if ('prompt' in event && event.prompt !== undefined) return false;
    const lastAsk = context.askTimes.at(-1);
    if (context.askedAtTurn === undefined || lastAsk === undefined) return false;
    if (lastAsk < event.facts.windowStartedAt) return false;
    return (context.turns ?? 0) - context.askedAtTurn < gap;
  };
}

/** How the bot offers a person: the menu offers one already, or this choice does. */
export type PersonOffer =
  { readonly inMenu: true } | { readonly inMenu: false; readonly choice: ServiceChoice };

/**
 * The flow's way to a person, to offer when the bot did not understand twice in a row:
 * `undefined` when the flow has no hand-over state (or none offered now).
 */
export function personOffer(
  flow: Pick<FlowDefinition, 'service'>,
  handovers: ReadonlySet<string>,
  event: ConversationEvent,
): PersonOffer | undefined {
  const menu = flow.service.states[flow.service.initial]?.choices ?? [];
  if (menu.some((c) => handovers.has(c.target) && offered(c, event))) return { inMenu: true };
  const choice = distinctChoices(flow).find((c) => handovers.has(c.target) && offered(c, event));
  return choice ? { inMenu: false, choice } : undefined;
}
