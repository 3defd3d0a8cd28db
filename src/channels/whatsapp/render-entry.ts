import type { ContactRecord, OutboundEntry } from '../../store/port.js';
import type { CloudMessage } from './cloud-message.js';
import { renderReply, renderTemplate } from './render-message.js';

/** The customer's ids for pacing: phone and user id, or the store id when it has neither. */
export function customerIds(contact: ContactRecord): string[] {
  const ids = [contact.phone, contact.userId].filter((id): id is string => id !== undefined);
  return ids.length > 0 ? ids : [contact.id];
}

/** The Cloud API message an outbox entry stands for, addressed to the contact as it is now. */
export function renderEntry(entry: OutboundEntry, contact: ContactRecord): CloudMessage {
  const to = {
    ...(contact.phone ? { phone: contact.phone } : {}),
    ...(contact.userId ? { userId: contact.userId } : {}),
  };
  const message = entry.message;
  if (!message) throw new Error('the outbox entry has no message to send');
  return message.kind === 'reply'
    ? renderReply(message.reply, to)
    : renderTemplate(
        {
          name: message.name,
          language: message.language,
          ...(message.components ? { components: message.components } : {}),
        },
        to,
      );
}
