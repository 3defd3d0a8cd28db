import type { Reply } from '../../core/conversation/inbound.js';
import type { ContactRef } from '../../core/identity.js';
import { describeRef } from '../../core/identity.js';
import { ValidationError } from '../../errors.js';
import type { CloudAddressing, CloudMessage } from './cloud-message.js';
import { e164ToWaId } from './wa-id.js';

/** The Cloud API's limits, in characters (Unicode code points). */
export const WHATSAPP_LIMITS = Object.freeze({
  textBody: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listRows: 10,
  listRowTitle: 24,
  listRowId: 200,
  listButton: 20,
});

/** A template to send outside the customer-service window. */
export interface TemplateMessage {
  readonly name: string;
  /** WhatsApp language code of the approved translation, e.g. `en_US`, `es`, `pt_BR`. */
  readonly language: string;
  /** Header/body/button parameters, passed through as the Cloud API expects them. */
  readonly components?: readonly unknown[];
}

/**
 * Renders one bot reply as the Cloud API message body: text, interactive reply buttons or an
 * interactive list, addressed by phone when known, else by business-scoped user id.
 *
 * @throws {ValidationError} `invalid_reply` when the reply breaks a WhatsApp limit
 *   (more than 3 buttons, a title over 20 characters…): WhatsApp would refuse it anyway.
 * @example
 * renderReply({ type: 'text', text: 'Hi!' }, { phone: '+14155550101' });
 * // → { messaging_product: 'whatsapp', recipient_type: 'individual', to: '14155550101', type: 'text', text: { body: 'Hi!' } }
 */
export function renderReply(reply: Reply, to: ContactRef): CloudMessage {
  const addressing = addressTo(to);
  switch (reply.type) {
    case 'text':
      checkLength('text', reply.text, WHATSAPP_LIMITS.textBody);
      return { ...addressing, type: 'text', text: { body: reply.text } };
    case 'buttons':
      checkLength('text', reply.text, WHATSAPP_LIMITS.interactiveBody);
      checkCount('buttons', reply.buttons.length, WHATSAPP_LIMITS.buttons);
      checkChoices('buttons', reply.buttons, WHATSAPP_LIMITS.buttonTitle, WHATSAPP_LIMITS.buttonId);
      return {
        ...addressing,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: reply.text },
          action: {
            buttons: reply.buttons.map(({ id, title }) => ({
              type: 'reply',
              reply: { id, title },
            })),
          },
        },
      };
    case 'list':
      checkLength('text', reply.text, WHATSAPP_LIMITS.interactiveBody);
      checkLength('button', reply.button, WHATSAPP_LIMITS.listButton);
      checkCount('rows', reply.rows.length, WHATSAPP_LIMITS.listRows);
      checkChoices('rows', reply.rows, WHATSAPP_LIMITS.listRowTitle, WHATSAPP_LIMITS.listRowId);
      return {
        ...addressing,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: reply.text },
          action: {
            button: reply.button,
            sections: [{ rows: reply.rows.map(({ id, title }) => ({ id, title })) }],
          },
        },
      };
  }
}

/**
 * Renders an approved template message (the only kind allowed outside the 24-hour window).
 *
 * @throws {ValidationError} `invalid_reply` when the name or language is empty.
 * @example renderTemplate({ name: 'order_update', language: 'en_US' }, { userId: 'US.13491208655302741918' });
 */
export function renderTemplate(template: TemplateMessage, to: ContactRef): CloudMessage {
  const addressing = addressTo(to);
  checkLength('template.name', template.name, 512);
  checkLength('template.language', template.language, 16);
  return {
    ...addressing,
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      ...(template.components ? { components: template.components } : {}),
    },
  };
}

/** `to` with the phone's digits when the phone is known, else `recipient` with the user id. */
function addressTo(contact: ContactRef): CloudAddressing {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual' } as const;
  if (contact.phone) return { ...base, to: e164ToWaId(contact.phone) };
  if (contact.userId) return { ...base, recipient: contact.userId };
  throw new ValidationError(
    'invalid_recipient',
    `Cannot address a WhatsApp message to ${describeRef(contact)}: it needs a phone number or a business-scoped user id`,
  );
}

function checkChoices(
  field: string,
  choices: readonly { readonly id: string; readonly title: string }[],
  maxTitle: number,
  maxId: number,
): void {
  const ids = new Set<string>();
  const titles = new Set<string>();
  choices.forEach(({ id, title }, i) => {
    checkLength(`${field}[${i}].title`, title, maxTitle);
    checkLength(`${field}[${i}].id`, id, maxId);
    // WhatsApp cannot tell two choices apart by id, nor the customer by title.
    if (ids.has(id))
      throw invalidReply(`${field}[${i}].id "${id}" is used twice; ids must be unique`);
    if (titles.has(title)) {
      throw invalidReply(`${field}[${i}].title "${title}" is used twice; titles must be unique`);
    }
    ids.add(id);
    titles.add(title);
  });
}

function checkCount(field: string, count: number, max: number): void {
  if (count < 1 || count > max) {
    throw invalidReply(`${field} has ${count} entries; WhatsApp allows 1 to ${max}`);
  }
}

function checkLength(field: string, value: string, max: number): void {
  if (value.trim().length === 0) throw invalidReply(`${field} is empty; WhatsApp needs a text`);
  // Characters are code points; a string has no more of them than UTF-16 units, so only a
  // string longer than `max` units needs counting (no array of its characters per reply).
  if (value.length <= max) return;
  const length = [...value].length;
  if (length > max) {
    throw invalidReply(`${field} has ${length} characters; WhatsApp allows at most ${max}`);
  }
}

function invalidReply(message: string): ValidationError {
  return new ValidationError('invalid_reply', `Cannot send this reply on WhatsApp: ${message}`);
}
