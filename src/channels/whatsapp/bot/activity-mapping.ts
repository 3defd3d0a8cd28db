import { randomUUID } from 'node:crypto';
import { ActionTypes, ActivityTypes, CardFactory } from 'botbuilder';
import type { Activity, CardAction } from 'botbuilder';
import type { Clock } from '../../../core/clock.js';
import type { InboundContent, InboundMessage, Reply } from '../../../core/conversation/inbound.js';
import type { ContactRef } from '../../../core/identity.js';

/** The Bot Framework channel id of WhatsApp activities. */
export const WHATSAPP_CHANNEL_ID = 'whatsapp';

/**
 * Prefix of the contact id given to a Bot Framework Emulator user: `EM.<from.id>`. It is
 * stored as the contact's business-scoped user id, shaped like WhatsApp's `US.…` ids, so an
 * Emulator tester is a contact like any other and can never collide with a phone number.
 */
export const EMULATOR_USER_PREFIX = 'EM.';

/** What an outbound activity carries for WhatsApp: the reply exactly as the flow wrote it. */
export interface ReplyChannelData {
  readonly reply: Reply;
  /** The outbox entry the turn saved it as: the WhatsApp adapter does not send it again. */
  readonly queuedAs?: string;
}

/**
 * Turns a WhatsApp message into a Bot Framework message activity. The InboundMessage rides in
 * `channelData`, so the bot needs nothing else; `text` and `value` are what any Bot Framework
 * middleware would expect (the button's id and title for a tapped reply button).
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

/**
 * The InboundMessage behind an activity: WhatsApp's own (from `channelData`), or one built
 * from a plain Bot Framework activity (the Emulator): `value.id` of a tapped button, else the
 * text; the user becomes the contact `EM.<from.id>`; the time is the bot's clock, so a
 * tester who moved the clock sees the rules follow.
 */
export function activityToInbound(activity: Partial<Activity>, clock: Clock): InboundMessage {
  if (activity.channelId === WHATSAPP_CHANNEL_ID && isInboundMessage(activity.channelData)) {
    return activity.channelData;
  }
  const contact: ContactRef = {
    userId: `${EMULATOR_USER_PREFIX}${activity.from?.id ?? 'anonymous'}`,
  };
  return {
    messageId: `${activity.channelId ?? 'botframework'}.${activity.id ?? randomUUID()}`,
    contact,
    ...(activity.from?.name ? { profileName: activity.from.name } : {}),
    timestamp: clock.now(),
    content: plainContent(activity),
  };
}

function plainContent(activity: Partial<Activity>): InboundContent {
  const value: unknown = activity.value;
  const text = activity.text?.trim() ?? '';
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string'
  ) {
    const id = (value as { id: string }).id;
    return { kind: 'choice', id, title: text || id };
  }
  if (text) return { kind: 'text', text };
  return { kind: 'other', type: activity.attachments?.[0]?.contentType ?? 'unsupported' };
}

function isInboundMessage(data: unknown): data is InboundMessage {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as Partial<InboundMessage>;
  return typeof candidate.messageId === 'string' && typeof candidate.content === 'object';
}

/**
 * Turns a flow reply into an outbound activity. WhatsApp reads `channelData.reply`; any other
 * channel (the Emulator) gets the same reply as Bot Framework UI: reply buttons as suggested
 * actions, a list as a hero card. Both send `messageBack` with `value.id`, which
 * {@link activityToInbound} reads back as the choice.
 */
export function replyToActivity(
  reply: Reply,
  channelId: string | undefined,
  queuedAs?: string,
): Partial<Activity> {
  const channelData: ReplyChannelData = { reply, ...(queuedAs ? { queuedAs } : {}) };
  const base: Partial<Activity> = { type: ActivityTypes.Message, text: reply.text, channelData };
  if (channelId === WHATSAPP_CHANNEL_ID || reply.type === 'text') return base;
  if (reply.type === 'buttons') {
    return { ...base, suggestedActions: { to: [], actions: reply.buttons.map(toAction) } };
  }
  return {
    ...base,
    text: '',
    attachments: [
      CardFactory.heroCard(reply.button, reply.text, undefined, reply.rows.map(toAction)),
    ],
  };
}

function toAction(choice: { readonly id: string; readonly title: string }): CardAction {
  return {
    type: ActionTypes.MessageBack,
    title: choice.title,
    text: choice.title,
    displayText: choice.title,
    value: { id: choice.id },
  };
}

/** The outbox entry an outbound activity's reply was saved as by its turn, if it was. */
export function queuedEntryOf(activity: Partial<Activity>): string | undefined {
  const data: unknown = activity.channelData;
  if (typeof data !== 'object' || data === null || !('queuedAs' in data)) return undefined;
  const id = (data as ReplyChannelData).queuedAs;
  return typeof id === 'string' ? id : undefined;
}

/** The reply an outbound activity carries, or a text reply made of its text. */
export function activityToReply(activity: Partial<Activity>): Reply | undefined {
  const data: unknown = activity.channelData;
  if (typeof data === 'object' && data !== null && 'reply' in data) {
    return (data as ReplyChannelData).reply;
  }
  return activity.text ? { type: 'text', text: activity.text } : undefined;
}
