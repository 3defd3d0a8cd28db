/**
 * The Bot Framework's own hand-off (botbuilder's `EventFactory`): when a turn hands the
 * conversation over to a person, the bot sends a `handoff.initiate` event carrying the
 * transcript so far; when nobody answered within the idle limit, a `handoff.status` event
 * (`failed`, `idle`). The WhatsApp adapter turns these into the product's hand-over events
 * (`HANDOVER_WEBHOOK_URL`); the Emulator shows them in its log.
 */
// Imported from its own file: the whole `botbuilder` package costs start-up time (issue 13).
import { EventFactory } from 'botbuilder/lib/eventFactory.js';
import type { Activity, TurnContext } from 'botbuilder';
import type { InboundMessage, Reply } from '../../../core/conversation/inbound.js';
import type { TranscriptLine } from '../../../core/handover/index.js';
import { replyTextOf } from '../../../service/consent-from-intents.js';
import type { TurnResult } from '../../../service/turn-service.js';

/** The names botbuilder gives the hand-off events. */
export const HANDOFF_EVENTS = { initiate: 'handoff.initiate', status: 'handoff.status' } as const;

/** What the bot tells the agent hub in a `handoff.initiate` event, besides the transcript. */
export interface HandoffContext {
  readonly flow: { readonly id: string; readonly version: number };
  /** The flow state that handed over (`agent`). */
  readonly state?: string;
}

/** The hand-off events of a turn: none, its initiation, or its end for want of an agent. */
export function handoffActivities(
  context: TurnContext,
  result: TurnResult,
  message: InboundMessage,
): Partial<Activity>[] {
  const change = result.handover;
  if (change?.kind === 'started') {
    const { id, version } = result.flow.definition;
    const handoff: HandoffContext = {
      flow: { id, version },
      ...(change.record.state === undefined ? {} : { state: change.record.state }),
    };
    const lines = [...(result.contact.transcript ?? []), ...turnLines(message, result.replies)];
    return [
      EventFactory.createHandoffInitiation(context, handoff, {
        // A transcript activity needs only what a reader of the transcript looks at.
        activities: lines.map((line) => lineActivity(context, line) as Activity),
      }),
    ];
  }
  if (change?.kind === 'ended' && change.reason === 'idle') {
    return [EventFactory.createHandoffStatus(context.activity.conversation, 'failed', 'idle')];
  }
  return [];
}

/** The lines of one turn: the customer's message, then the bot's replies. */
export function turnLines(message: InboundMessage, replies: readonly Reply[]): TranscriptLine[] {
  return [
    { from: 'customer', at: message.timestamp, text: replyTextOf(message) },
    ...replies.map((reply) => replyLine(reply, message.timestamp)),
  ];
}

/** A reply as a transcript line: its text and the titles of its buttons or rows. */
export function replyLine(reply: Reply, at: number): TranscriptLine {
  const choices =
    reply.type === 'buttons'
      ? reply.buttons.map((b) => b.title)
      : reply.type === 'list'
        ? reply.rows.map((r) => r.title)
        : [];
  return { from: 'bot', at, text: reply.text, ...(choices.length > 0 ? { choices } : {}) };
}

/** The transcript an initiation event carries, back as lines (the customer is the `user`). */
export function transcriptOfHandoff(activity: Partial<Activity>): TranscriptLine[] {
  const attachment = activity.attachments?.find((a) => a.name === 'Transcript');
  const content: unknown = attachment?.content;
  const activities =
    typeof content === 'object' && content !== null && 'activities' in content
      ? content.activities
      : [];
  if (!Array.isArray(activities)) return [];
  return (activities as Partial<Activity>[]).flatMap((a) => {
    if (typeof a.text !== 'string') return [];
    const at = a.timestamp ? new Date(a.timestamp).getTime() : 0;
    const choices = a.suggestedActions?.actions.map((action) => action.title) ?? [];
    return [
      {
        from: a.from?.role === 'user' ? 'customer' : 'bot',
        at,
        text: a.text,
        ...(choices.length > 0 ? { choices } : {}),
      } satisfies TranscriptLine,
    ];
  });
}

function lineActivity(context: TurnContext, line: TranscriptLine): Partial<Activity> {
  const { from, recipient, conversation, channelId } = context.activity;
  const customer = { ...from, role: 'user' };
  const bot = { ...recipient, role: 'bot' };
  return {
    type: 'message',
    channelId,
    conversation,
    from: line.from === 'customer' ? customer : bot,
    recipient: line.from === 'customer' ? bot : customer,
    timestamp: new Date(line.at),
    text: line.text,
    ...(line.choices
      ? {
          suggestedActions: {
            to: [],
            actions: line.choices.map((title) => ({ type: 'imBack', title, value: title })),
          },
        }
      : {}),
  };
}
