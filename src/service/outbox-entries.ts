import { randomUUID } from 'node:crypto';
import type { Reply } from '../core/conversation/inbound.js';
import type { OutboundMessage } from '../core/conversation/outbound.js';
import type { OutboundEntry } from '../store/port.js';

/** Where and how a batch of messages is queued. */
export interface QueueOptions {
  readonly contactId: string;
  /** The business number they go from (absent: the sender's default number). */
  readonly businessNumberId?: string | undefined;
  readonly now: number;
  /** Business-initiated: the send policy decides again right before each goes. */
  readonly recheck?: boolean;
}

/**
 * The outbox entries of one batch of messages, in order, under one batch id: they go one after
 * the other, and the rest of the batch is not sent when one cannot be.
 * @example store.saveTurn({ ..., outbox: queuedEntries(replies.map(asReply), { contactId, now }) })
 */
export function queuedEntries(
  messages: readonly OutboundMessage[],
  options: QueueOptions,
): OutboundEntry[] {
  const batchId = randomUUID();
  return messages.map((message) => ({
    id: outboxId(options.now),
    contactId: options.contactId,
    ...describeMessage(message),
    status: 'queued',
    ...(options.businessNumberId === undefined
      ? {}
      : { businessNumberId: options.businessNumberId }),
    batchId,
    message,
    ...(options.recheck ? { recheck: true } : {}),
    createdAt: options.now,
    updatedAt: options.now,
  }));
}

let sequence = 0;

/**
 * A new entry id that sorts after the ids made before it (by this process, or earlier by any):
 * the time in base 36, a sequence within this process, then randomness. Listings ordered by
 * creation time and id then show one batch in its order.
 */
export function outboxId(now: number): string {
  sequence = (sequence + 1) % 36 ** 4;
  const time = Math.max(0, Math.floor(now)).toString(36).padStart(9, '0');
  return `${time}-${sequence.toString(36).padStart(4, '0')}-${randomHex16()}`;
}

/**
 * 64 random bits as 16 hex digits, from the random parts of a v4 UUID: `randomUUID` draws from
 * a buffer it refills now and then, where `randomBytes` asks the system on every call.
 */
function randomHex16(): string {
  const uuid = randomUUID(); // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx
  return uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(24, 28);
}

/** A reply of the conversation as an outbound message. */
export function asReply(reply: Reply): OutboundMessage {
  return { kind: 'reply', reply };
}

/** What the outbound log shows of a message: its kind, its text or template, its category. */
function describeMessage(
  message: OutboundMessage,
): Pick<OutboundEntry, 'kind' | 'body' | 'template' | 'category'> {
  if (message.kind === 'template') {
    return { kind: 'template', template: message.name, category: message.category };
  }
  const kind = message.reply.type === 'text' ? 'text' : message.reply.type;
  return { kind, body: message.reply.text };
}
