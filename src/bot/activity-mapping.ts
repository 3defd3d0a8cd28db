import { randomUUID } from 'node:crypto';
import { ActionTypes, ActivityTypes, CardFactory } from 'botbuilder-core';
import type { Activity, CardAction } from 'botbuilder-core';
import type { Clock } from '../core/clock.js';
import type { InboundContent, InboundMessage, Reply } from '../core/conversation/inbound.js';
import type { ContactRef } from '../core/identity.js';
import { EMULATOR_USER_PREFIX } from '../core/identity.js';

/** The Bot Framework channel id of WhatsApp activities. */
export const WHATSAPP_CHANNEL_ID = 'whatsapp';

/** What an outbound activity carries for WhatsApp: the reply exactly as the flow wrote it. */
export interface ReplyChannelData {
  readonly reply: Reply;
  /** The outbox entry the turn saved it as: the WhatsApp adapter does not send it again. */
  readonly queuedAs?: string;
}

/**
 * The InboundMessage of a plain Bot Framework activity (the `/api/messages` endpoint): `value.id`
 * of a tapped button, else the text; the user becomes the contact `EM.<from.id>`, kept apart
 * from every WhatsApp contact, and the message's channel is `emulator`, so its consent is never
 * recorded as WhatsApp's. The time is the bot's clock, so a tester who moved it sees the rules
 * follow. Nothing of the activity's `channelData` is read: it is the caller's to write.
 */
export function botFrameworkMessage(activity: Partial<Activity>, clock: Clock): InboundMessage {
  const contact: ContactRef = {
    userId: `${EMULATOR_USER_PREFIX}${activity.from?.id ?? 'anonymous'}`,
  };
  const conversation = activity.conversation?.id ?? 'none';
  return {
    messageId: `emulator.${conversation}.${activity.id ?? randomUUID()}`,
    channel: 'emulator',
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

/**
 * Turns a flow reply into an outbound activity. WhatsApp reads `channelData.reply`; any other
 * channel (the Emulator) gets the same reply as Bot Framework UI: reply buttons as suggested
 * actions, a list as a hero card. Both send `messageBack` with `value.id`, which
 * {@link botFrameworkMessage} reads back as the choice.
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
