import type { ConversationIntent } from '../conversation/events.js';
import type { InboundContent } from '../conversation/inbound.js';
import type { HandoverChange, HandoverMessage, HandoverPhase, HandoverRecord } from './handover.js';
import { keepCustomerMessage, startHandover } from './handover.js';

/** A customer message as the hand-over keeps it. */
export interface CustomerMessage {
  readonly messageId: string;
  /** The customer's message time, epoch ms. */
  readonly timestamp: number;
  readonly content: InboundContent;
}

/**
 * The hand-over after a customer message (the rule of `handover.ts`): while it runs, the
 * message is kept for the agent; the message that comes after the idle limit or after an agent
 * gave the conversation back ends it (the bot took the conversation back with it); a turn that
 * entered a hand-over state of the flow (`handOverToAgent`) starts one. `record` is `null` when
 * the hand-over goes, `undefined` when nothing changes.
 * @example const { record, change } = handoverAfterTurn(contact.handover, phase, message, intents);
 */
export function handoverAfterTurn(
  current: HandoverRecord | undefined,
  phase: HandoverPhase | undefined,
  message: CustomerMessage,
  intents: readonly ConversationIntent[],
): { readonly record?: HandoverRecord | null; readonly change?: HandoverChange } {
  if (phase === 'active' && current) {
    const kept = keptMessage(message);
    const record = keepCustomerMessage(current, kept);
    return { record, change: { kind: 'message', record, message: kept } };
  }
  const started = intents.find((i) => i.type === 'handover');
  if (started) {
    const record = startHandover(message.timestamp, 'flow', started.state);
    return { record, change: { kind: 'started', record } };
  }
  if (phase === 'idle' && current) {
    return { record: null, change: { kind: 'ended', reason: 'idle', record: current } };
  }
  // Given back earlier (the contact centre was told then): the greeting back is done.
  if (phase === 'released') return { record: null };
  return {};
}

/** The message as the agent will read it. */
function keptMessage(message: CustomerMessage): HandoverMessage {
  const base = { messageId: message.messageId, at: message.timestamp };
  const content = message.content;
  switch (content.kind) {
    case 'text':
      return { ...base, type: 'text', text: content.text };
    case 'choice':
      return { ...base, type: 'choice', text: content.title };
    case 'quick_reply':
      return { ...base, type: 'button', text: content.text || content.payload };
    case 'other':
      return { ...base, type: content.type };
  }
}
