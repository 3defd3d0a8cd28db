import { randomUUID } from 'node:crypto';
import type { HandoverRecord } from '../core/handover/index.js';
import { isWaiting, lastMessageAt } from '../core/handover/index.js';
import { windowState } from '../core/window.js';
import type { HandoverNotice } from '../service/handover-notifier.js';
import type { ContactRecord } from '../store/port.js';

/** Epoch ms as ISO 8601, `null` when absent (as the REST API writes times). */
const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString();

/**
 * The JSON body of one hand-over event POSTed to `HANDOVER_WEBHOOK_URL` (documented under
 * `webhooks` in openapi/openapi.json): the event's id and type, the contact, the hand-over as
 * `GET /v1/handovers` lists it, and what the event is about (the transcript so far, the
 * customer's message, or why it ended).
 * @example handoverPayload(notice, clock.now()).type // 'handover.started'
 */
export function handoverPayload(notice: HandoverNotice, now: number): Record<string, unknown> {
  const base = {
    id: randomUUID(),
    type: notice.type,
    occurredAt: iso(now),
    contact: contactJson(notice.contact),
    handover: handoverJson(notice.contact, notice.record, now),
  };
  switch (notice.type) {
    case 'handover.started':
      return {
        ...base,
        ...(notice.flow ? { flow: notice.flow } : {}),
        transcript: notice.transcript.map((line) => ({
          from: line.from,
          at: iso(line.at),
          text: line.text,
          ...(line.choices ? { choices: line.choices } : {}),
        })),
      };
    case 'handover.message':
      return {
        ...base,
        message: {
          id: notice.message.messageId,
          at: iso(notice.message.at),
          type: notice.message.type,
          ...(notice.message.text === undefined ? {} : { text: notice.message.text }),
        },
      };
    case 'handover.ended':
      return { ...base, occurredAt: iso(notice.at), reason: notice.reason };
  }
}

/** The contact's identifiers, as the REST API writes them. */
export function contactJson(contact: Pick<ContactRecord, 'phone' | 'userId'>) {
  return {
    ...(contact.phone === undefined ? {} : { phone: contact.phone }),
    ...(contact.userId === undefined ? {} : { userId: contact.userId }),
  };
}

/** A hand-over as `GET /v1/handovers` lists it (without the contact). */
export function handoverJson(
  contact: Pick<ContactRecord, 'lastInboundAt'>,
  record: HandoverRecord,
  now: number,
) {
  const window = windowState(contact.lastInboundAt, now);
  return {
    since: iso(record.since),
    startedBy: record.startedBy,
    lastMessageAt: iso(lastMessageAt(record)),
    waiting: isWaiting(record),
    window: { open: window.open, expiresAt: iso(window.expiresAt) },
  };
}
