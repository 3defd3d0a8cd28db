/**
 * THE HAND-OVER RULE (issue 10; PRODUCT.md, "Hand-over to people"): while a contact is handed
 * over to a person, the bot says nothing on its own: the customer's messages are kept for the
 * agent, STOP, START and HELP still work and are confirmed, and consent is never asked. It ends
 * when an agent gives the conversation back, or when no agent wrote for the flow's idle limit:
 * computed from stored times on the customer's next message, never by a timer.
 */

/** Who started a hand-over: the flow (the customer chose "Talk to a person") or an agent (API). */
export type HandoverStarter = 'flow' | 'agent';

/** A customer message kept for the agent. */
export interface HandoverMessage {
  /** The channel's message id (`wamid.…`). */
  readonly messageId: string;
  /** The customer's message time, epoch ms. */
  readonly at: number;
  /** `text`, `choice` (a tapped button: its title), or the media type (`image`, `sticker`…). */
  readonly type: string;
  /** What the customer wrote or tapped; absent for media. */
  readonly text?: string;
}

/** A hand-over as stored with the contact. */
export interface HandoverRecord {
  /** When it began, epoch ms (the customer's message time, or the agent's request time). */
  readonly since: number;
  readonly startedBy: HandoverStarter;
  /** The state of the flow that handed over, when the flow did. */
  readonly state?: string;
  /** The customer's latest message during the hand-over, epoch ms. */
  readonly lastCustomerAt?: number;
  /** The latest message an agent sent the customer, epoch ms: the idle limit counts from it. */
  readonly lastAgentAt?: number;
  /** The customer's messages since it began, oldest first (at most {@link HANDOVER_MESSAGES_KEPT}). */
  readonly messages: readonly HandoverMessage[];
  /**
   * Set when an agent gave the conversation back without greeting the customer at once: the bot
   * greets them back with the menu on their next message, then the record goes.
   */
  readonly endedAt?: number;
}

/** How many customer messages a hand-over keeps for the agent; older ones drop off. */
export const HANDOVER_MESSAGES_KEPT = 200;

/**
 * Where a customer message stands in a hand-over:
 * - `active`: handed over; the bot keeps it for the agent and says nothing on its own;
 * - `idle`: it was handed over, but no agent wrote within the idle limit: the bot says so and
 *   takes the conversation back with this message;
 * - `released`: an agent gave the conversation back: the bot greets the customer back with
 *   the menu;
 * - `undefined`: no hand-over.
 */
export type HandoverPhase = 'active' | 'idle' | 'released';

/**
 * The phase of a customer message sent at `at` (epoch ms) for the stored hand-over.
 * A message older than the hand-over (a webhook arriving late) is not part of it.
 * @example handoverPhase(record, message.timestamp, 60 * MINUTE) // 'active'
 */
export function handoverPhase(
  record: HandoverRecord | undefined,
  at: number,
  idleMs: number,
): HandoverPhase | undefined {
  if (!record) return undefined;
  if (record.endedAt !== undefined) return 'released';
  if (at < record.since) return undefined;
  return at - (record.lastAgentAt ?? record.since) >= idleMs ? 'idle' : 'active';
}

/** True when the hand-over is under way (not given back yet). */
export function isHandedOver(record: HandoverRecord | undefined): record is HandoverRecord {
  return record !== undefined && record.endedAt === undefined;
}

/**
 * True when the customer waits for an answer: they wrote during the hand-over and no agent wrote
 * since, or nobody wrote yet.
 */
export function isWaiting(record: HandoverRecord): boolean {
  if (record.lastAgentAt === undefined) return true;
  return record.lastCustomerAt !== undefined && record.lastCustomerAt > record.lastAgentAt;
}

/** When the last message of the hand-over was written, by either side. */
export function lastMessageAt(record: HandoverRecord): number {
  return Math.max(record.since, record.lastCustomerAt ?? 0, record.lastAgentAt ?? 0);
}

/** A new hand-over. */
export function startHandover(
  at: number,
  startedBy: HandoverStarter,
  state?: string,
): HandoverRecord {
  return { since: at, startedBy, ...(state === undefined ? {} : { state }), messages: [] };
}

/** The hand-over with one more customer message kept (bounded, oldest dropped). */
export function keepCustomerMessage(
  record: HandoverRecord,
  message: HandoverMessage,
): HandoverRecord {
  return {
    ...record,
    lastCustomerAt: Math.max(record.lastCustomerAt ?? 0, message.at),
    messages: [...record.messages, message].slice(-HANDOVER_MESSAGES_KEPT),
  };
}

/** The hand-over after an agent wrote to the customer at `at`. */
export function agentWrote(record: HandoverRecord, at: number): HandoverRecord {
  return { ...record, lastAgentAt: Math.max(record.lastAgentAt ?? 0, at) };
}

/** What a turn or a request did to a contact's hand-over, for the notifications and the metrics. */
export type HandoverChange =
  | { readonly kind: 'started'; readonly record: HandoverRecord }
  | {
      readonly kind: 'message';
      readonly record: HandoverRecord;
      readonly message: HandoverMessage;
    }
  | {
      readonly kind: 'ended';
      /** `released`: an agent gave it back; `idle`: nobody answered within the idle limit. */
      readonly reason: 'released' | 'idle';
      readonly record: HandoverRecord;
    };
