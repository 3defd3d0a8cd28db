import type { z } from 'zod';
import type { InboundContent, InboundMessage } from '../../core/conversation/inbound.js';
import type { ContactRef } from '../../core/identity.js';
import { ValidationError } from '../../errors.js';
import { formatPath as formatIssuePath, plainWords } from '../../zod-issues.js';
import { waIdToE164 } from './wa-id.js';
import { readChangeValueFast, readEnvelopeFast } from './webhook-fast-path.js';
import {
  changeValueSchema,
  webhookEnvelopeSchema,
  type WebhookChangeValue,
  type WebhookContact,
  type WebhookMessage,
  type WebhookStatus,
  type WebhookUserPreference,
} from './webhook-schema.js';
import type {
  ParsedWebhook,
  PreferenceUpdate,
  RejectedItem,
  StatusUpdate,
} from './webhook-types.js';

/** Change fields the bot reads; others (template status, account updates…) are skipped. */
const READ_FIELDS = new Set(['messages', 'user_preferences']);
const RECORDED_STATUSES = new Set<StatusUpdate['status']>(['sent', 'delivered', 'read', 'failed']);
const MAX_LISTED_ISSUES = 5;

type PathPart = string | number;
interface Issue {
  readonly path: string;
  readonly message: string;
}
interface ChangeContext {
  readonly path: PathPart[];
  readonly value: WebhookChangeValue;
}

/**
 * Turns a WhatsApp Cloud API webhook body into the messages, delivery statuses and marketing
 * preference changes it carries, for every entry and change of the batch.
 *
 * A body that is not a WhatsApp Business Account webhook, or whose fields we read have the
 * wrong shape, is refused as a whole (the HTTP layer answers 400). A well-formed item we
 * cannot use (a message with no sender id, a status we do not record) is listed in
 * `rejected` and the rest of the batch still counts.
 *
 * @throws {ValidationError} `invalid_webhook`, naming the path that is wrong.
 * @example
 * const { messages, statuses, preferences } = parseWebhook(JSON.parse(rawBody.toString('utf8')));
 */
export function parseWebhook(body: unknown): ParsedWebhook {
  const changes = readChanges(body);
  const messages: InboundMessage[] = [];
  const statuses: StatusUpdate[] = [];
  const preferences: PreferenceUpdate[] = [];
  const rejected: RejectedItem[] = [];
  const counters = { message: 0, status: 0, preference: 0 };
  const reject = (kind: RejectedItem['kind'], path: PathPart[], reason: string): void => {
    rejected.push({ kind, index: counters[kind] - 1, path: formatPath(path), reason });
  };

  for (const { path, value } of changes) {
    const businessNumberId = value.metadata.phone_number_id;
    const contacts = value.contacts ?? [];
    value.messages?.forEach((message, i) => {
      counters.message += 1;
      const result = toInboundMessage(message, contacts, businessNumberId);
      if (typeof result === 'string') reject('message', [...path, 'messages', i], result);
      else messages.push(result);
    });
    value.statuses?.forEach((status, i) => {
      counters.status += 1;
      const result = toStatusUpdate(status, contacts, businessNumberId);
      if (typeof result === 'string') reject('status', [...path, 'statuses', i], result);
      else statuses.push(result);
    });
    value.user_preferences?.forEach((preference, i) => {
      counters.preference += 1;
      const result = toPreferenceUpdate(preference, contacts, businessNumberId);
      if (typeof result === 'string')
        reject('preference', [...path, 'user_preferences', i], result);
      else preferences.push(result);
    });
  }

  // A batch may hold one customer's messages out of order; the turn service relies on this
  // order (PRODUCT.md "One contact, one order"). Array.prototype.sort is stable.
  messages.sort((a, b) => a.timestamp - b.timestamp);
  return { messages, statuses, preferences, rejected };
}

/**
 * The changes the bot reads, each validated: first by the hand-written fast path, which only
 * ever accepts; whatever it is not sure of goes through the zod schema, which decides and names
 * what is wrong.
 */
function readChanges(body: unknown): ChangeContext[] {
  let entries = readEnvelopeFast(body)?.entry;
  if (!entries) {
    const envelope = webhookEnvelopeSchema.safeParse(body, { error: plainWords });
    if (!envelope.success) throw invalidWebhook(toIssues(envelope.error, []));
    entries = envelope.data.entry;
  }

  const issues: Issue[] = [];
  const changes: ChangeContext[] = [];
  entries.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      if (!READ_FIELDS.has(change.field)) return;
      const path: PathPart[] = ['entry', e, 'changes', c, 'value'];
      const fast = readChangeValueFast(change.value);
      if (fast) {
        changes.push({ path, value: fast });
        return;
      }
      const value = changeValueSchema.safeParse(change.value, { error: plainWords });
      if (value.success) changes.push({ path, value: value.data });
      else issues.push(...toIssues(value.error, path));
    });
  });
  if (issues.length > 0) throw invalidWebhook(issues);
  return changes;
}

function toInboundMessage(
  message: WebhookMessage,
  contacts: readonly WebhookContact[],
  businessNumberId: string,
): InboundMessage | string {
  if (message.group_id) return 'group messages are not handled by the bot';
  const identity = resolveContact(message.from, message.from_user_id, contacts);
  if (typeof identity === 'string') return identity;
  const profileName = identity.contact?.profile?.name;
  return {
    messageId: message.id,
    contact: identity.ref,
    ...(profileName ? { profileName } : {}),
    timestamp: message.timestamp,
    businessNumberId,
    ...(message.context?.id ? { replyTo: message.context.id } : {}),
    content: toContent(message),
  };
}

function toContent(message: WebhookMessage): InboundContent {
  if (message.type === 'text' && message.text) return { kind: 'text', text: message.text.body };
  if (message.type === 'button' && message.button) {
    const { payload, text } = message.button;
    return { kind: 'quick_reply', payload: payload ?? text, text };
  }
  const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
  const replyType = message.interactive?.type;
  if (reply && (replyType === 'button_reply' || replyType === 'list_reply')) {
    return { kind: 'choice', id: reply.id, title: reply.title };
  }
  return { kind: 'other', type: message.type };
}

function toStatusUpdate(
  status: WebhookStatus,
  contacts: readonly WebhookContact[],
  businessNumberId: string,
): StatusUpdate | string {
  if (!isRecordedStatus(status.status)) return `status "${status.status}" is not recorded`;
  if (status.recipient_type === 'group') return 'statuses of group messages are not recorded';
  const identity = resolveContact(status.recipient_id, status.recipient_user_id, contacts);
  if (typeof identity === 'string') return identity;
  return {
    waMessageId: status.id,
    status: status.status,
    timestamp: status.timestamp,
    recipient: identity.ref,
    businessNumberId,
    errors: (status.errors ?? []).map(({ code, title }) => ({ code, title })),
  };
}

function toPreferenceUpdate(
  preference: WebhookUserPreference,
  contacts: readonly WebhookContact[],
  businessNumberId: string,
): PreferenceUpdate | string {
  if (preference.category !== 'marketing_messages') {
    return `preference category "${preference.category}" is not understood`;
  }
  if (preference.value !== 'stop' && preference.value !== 'resume') {
    return `preference value "${preference.value}" is neither "stop" nor "resume"`;
  }
  const identity = resolveContact(preference.wa_id, preference.user_id, contacts);
  if (typeof identity === 'string') return identity;
  return {
    contact: identity.ref,
    businessNumberId,
    category: 'marketing_messages',
    value: preference.value,
    timestamp: preference.timestamp,
  };
}

function isRecordedStatus(status: string): status is StatusUpdate['status'] {
  return RECORDED_STATUSES.has(status as StatusUpdate['status']);
}

/**
 * Builds the contact from the item's own ids, completed by the matching `contacts[]` entry:
 * since 2026 either the phone (`wa_id`/`from`) or the business-scoped id may be missing.
 */
function resolveContact(
  waId: string | undefined,
  userId: string | undefined,
  contacts: readonly WebhookContact[],
): { ref: ContactRef; contact: WebhookContact | undefined } | string {
  const contact = findContact(waId, userId, contacts);
  const rawPhone = waId ?? contact?.wa_id;
  const resolvedUserId = userId ?? contact?.user_id;
  const phone = rawPhone === undefined ? undefined : waIdToE164(rawPhone);
  if (rawPhone !== undefined && phone === undefined) {
    return 'the sender phone id is not a phone number (expected 6 to 15 digits)';
  }
  if (!phone && !resolvedUserId) {
    return 'carries neither a phone id nor a business-scoped user id, so the contact is unknown';
  }
  const ref: ContactRef = {
    ...(phone ? { phone } : {}),
    ...(resolvedUserId ? { userId: resolvedUserId } : {}),
  };
  return { ref, contact };
}

function findContact(
  waId: string | undefined,
  userId: string | undefined,
  contacts: readonly WebhookContact[],
): WebhookContact | undefined {
  const matched = contacts.find(
    (c) => (waId && c.wa_id === waId) || (userId && c.user_id === userId),
  );
  if (matched || contacts.length !== 1) return matched;
  // A single contact that names nobody else is the sender (WhatsApp's usual one-to-one batch).
  const only = contacts[0];
  const conflicts =
    (waId && only?.wa_id && only.wa_id !== waId) ||
    (userId && only?.user_id && only.user_id !== userId);
  return conflicts ? undefined : only;
}

function toIssues(error: z.ZodError, prefix: readonly PathPart[]): Issue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const message =
      path.length === 1 && path[0] === 'object'
        ? 'must be "whatsapp_business_account"; this is not a WhatsApp Business Account webhook'
        : issue.message;
    return { path: formatPath(path), message };
  });
}

function invalidWebhook(issues: readonly Issue[]): ValidationError {
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((i) => `${i.path} ${i.message}`)
    .join('; ');
  const more =
    issues.length > MAX_LISTED_ISSUES ? ` (and ${issues.length - MAX_LISTED_ISSUES} more)` : '';
  return new ValidationError('invalid_webhook', `Invalid WhatsApp webhook: ${listed}${more}`, {
    issues,
  });
}

/** `['entry', 0, 'changes', 1]` → `entry[0].changes[1]`; the body itself is `(body)`. */
function formatPath(path: readonly PathPart[]): string {
  return path.length === 0 ? '(body)' : formatIssuePath(path);
}
