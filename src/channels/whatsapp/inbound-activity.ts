import { ActivityTypes } from 'botbuilder-core';
import type { Activity } from 'botbuilder-core';
import { WHATSAPP_CHANNEL_ID } from '../../bot/activity-mapping.js';
import type { InboundContent, InboundMessage } from '../../core/conversation/inbound.js';

/**
 * Turns a WhatsApp message into a Bot Framework message activity: `text` and `value` are what
 * any Bot Framework middleware would expect (the button's id and title for a tapped reply
 * button), `channelData` the message for middleware to read. The bot itself takes the message
 * from the turn state (`INBOUND_MESSAGE_KEY`), which only this process writes.
 */
export function inboundToActivity(message: InboundMessage): Partial<Activity> {
  const customer = message.contact.phone ?? message.contact.userId ?? 'unknown';
  const business = message.businessNumberId ?? WHATSAPP_CHANNEL_ID;
  return {
    type: ActivityTypes.Message,
    channelId: WHATSAPP_CHANNEL_ID,
    id: message.messageId,
    timestamp: new Date(message.timestamp),
    serviceUrl: `${WHATSAPP_CHANNEL_ID}://${business}`,
    from: { id: customer, name: message.profileName ?? '', role: 'user' },
    recipient: { id: business, name: business, role: 'bot' },
    conversation: {
      id: `${business}:${customer}`,
      name: '',
      isGroup: false,
      conversationType: 'personal',
    },
    ...contentFields(message.content),
    channelData: message,
  };
}

function contentFields(content: InboundContent): Pick<Partial<Activity>, 'text' | 'value'> {
  switch (content.kind) {
    case 'text':
      return { text: content.text };
    case 'choice':
      return { text: content.title, value: { id: content.id, title: content.title } };
    case 'quick_reply':
      return { text: content.text, value: { payload: content.payload, text: content.text } };
    case 'other':
      return {};
  }
}
