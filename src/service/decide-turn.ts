import { MINUTE } from '../core/clock.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type {
  ConversationEvent,
  ConversationIntent,
  TurnFacts,
} from '../core/conversation/events.js';
import type { InboundMessage } from '../core/conversation/inbound.js';
import { readTurn } from '../core/conversation/interpret-turn.js';
import { carrySnapshot, hasCurrentRegions } from '../core/flow/carry-snapshot.js';
import { DEFAULT_HANDOVER_IDLE_MINUTES } from '../core/flow/definition.js';
import type { HandoverChange } from '../core/handover/index.js';
import { handoverAfterTurn, handoverPhase } from '../core/handover/index.js';
import { countryOfContact } from '../core/phone.js';
import { advanceWindow } from '../core/window.js';
import type { ContactPatch, ContactRecord } from '../store/port.js';
import { consentEventsFromIntents } from './consent-from-intents.js';
import type { CompiledFlow } from './flow-catalog.js';
import { isStopPromotions, marketingEvent } from './marketing-opt-out.js';

/** What a turn decides from the contact as read: the patch, its events and its result. */
export interface DecidedTurn {
  readonly patch: ContactPatch;
  readonly events: readonly NewConsentEvent[];
  readonly messageId: string;
  readonly result: TurnDecision;
}

/** What one turn decided, besides the contact's patch. */
export interface TurnDecision {
  readonly intents: readonly ConversationIntent[];
  readonly event: ConversationEvent['type'] | 'marketing.stop';
  readonly consentEvents: readonly NewConsentEvent[];
  /** What the turn did to a hand-over to a person, if anything. */
  readonly handover?: HandoverChange;
}

/**
 * Decides one turn from the contact as read; pure but for the machine run: the window, the
 * language, the hand-over (issue 10: a message during it is kept for the agent; the first one
 * after its idle limit or its end gives the conversation back to the bot), the flow machine and
 * the consent events with their proof.
 */
export function decideTurn(
  flow: CompiledFlow,
  contact: ContactRecord,
  message: InboundMessage,
  recordedAt: number,
  shown: string | undefined,
): DecidedTurn {
  const definition = flow.definition;
  const window = advanceWindow(contact, message.timestamp);
  const identity = {
    ...(message.contact.phone && !contact.phone ? { phone: message.contact.phone } : {}),
    ...(message.contact.userId && !contact.userId ? { userId: message.contact.userId } : {}),
    ...(message.profileName ? { profileName: message.profileName } : {}),
  };
  const basePatch = { ...identity, ...window };

  if (isStopPromotions(message.content)) {
    const consentEvents = [marketingEvent('consent.marketing_suppressed', message, recordedAt)];
    return {
      patch: basePatch,
      events: consentEvents,
      messageId: message.messageId,
      result: { intents: [], event: 'marketing.stop', consentEvents },
    };
  }

  const idleMs = (definition.handover?.idleMinutes ?? DEFAULT_HANDOVER_IDLE_MINUTES) * MINUTE;
  const phase = handoverPhase(contact.handover, message.timestamp, idleMs);
  const facts: TurnFacts = {
    now: message.timestamp,
    messageId: message.messageId,
    consent: contact.consent,
    windowStartedAt: window.windowStartedAt,
    firstMessage: contact.lastInboundAt === undefined,
    // Its first identifier: the same customer draws the same question variant in every store.
    drawKey: contact.phone ?? contact.userId ?? contact.id,
    ...(phase === undefined ? {} : { handover: phase }),
    ...(phase !== undefined && contact.handover?.lastAgentAt !== undefined
      ? { agentWroteAt: contact.handover.lastAgentAt }
      : {}),
    ...(contact.businessWroteAt === undefined ? {} : { businessWroteAt: contact.businessWroteAt }),
  };
  const country = countryOfContact({
    ...((contact.phone ?? message.contact.phone)
      ? { phone: (contact.phone ?? message.contact.phone)! }
      : {}),
    ...((contact.userId ?? message.contact.userId)
      ? { userId: (contact.userId ?? message.contact.userId)! }
      : {}),
  });
  const { event, language } = readTurn(flow, message.content, facts, {
    ...(contact.language ? { language: contact.language } : {}),
    ...(country === undefined ? {} : { country }),
    ...(shown === undefined ? {} : { shown }),
  });
  const { intents, snapshot } = runMachine(flow, contact, event, language);
  const consentEvents = consentEventsFromIntents(
    intents,
    message,
    definition,
    recordedAt,
    flow.textsHash,
  );
  const handover = handoverAfterTurn(contact.handover, phase, message, intents);
  return {
    patch: {
      ...basePatch,
      snapshot,
      flowId: definition.id,
      flowVersion: definition.version,
      language,
      ...(handover.record === undefined ? {} : { handover: handover.record }),
    },
    events: consentEvents,
    messageId: message.messageId,
    result: {
      intents,
      event: event.type,
      consentEvents,
      ...(handover.change ? { handover: handover.change } : {}),
    },
  };
}

/**
 * Restores the contact's machine (or starts one in `language`), feeds the event, collects the
 * intents. A conversation under another flow or version, or whose snapshot lacks a region the
 * compiler writes, keeps its consent part (carry-snapshot.ts).
 */
export function runMachine(
  flow: CompiledFlow,
  contact: Pick<ContactRecord, 'flowId' | 'flowVersion' | 'snapshot' | 'language'>,
  event: ConversationEvent,
  language: string | undefined,
) {
  const definition = flow.definition;
  const current =
    contact.flowId === definition.id &&
    contact.flowVersion === definition.version &&
    hasCurrentRegions(contact.snapshot);
  const snapshot = current ? contact.snapshot : carrySnapshot(contact.snapshot, definition);
  const input = language ?? contact.language;
  return flow.run(snapshot, input ? { language: input } : {}, event);
}
