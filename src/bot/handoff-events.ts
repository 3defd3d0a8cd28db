/**
 * The Bot Framework's own hand-off (botbuilder's `EventFactory`): when a turn hands the
 * conversation over to a person, the bot sends a `handoff.initiate` event carrying the
 * transcript so far; when nobody answered within the idle limit, a `handoff.status` event
 * (`failed`, `idle`). The WhatsApp adapter turns these into the product's hand-over events
 * (`HANDOVER_WEBHOOK_URL`); the Emulator shows them in its log.
 */
// botbuilder's own file: the `botbuilder` package as a whole costs start-up time, and the rest
// of the bot needs only `botbuilder-core`.
import { EventFactory } from 'botbuilder/lib/eventFactory.js';
import type { Activity, TurnContext } from 'botbuilder-core';
import type { TranscriptLine } from '../core/handover/index.js';
import type { TurnResult } from '../service/turn-service.js';

/** The names botbuilder gives the hand-off events. */
export const HANDOFF_EVENTS = { initiate: 'handoff.initiate', status: 'handoff.status' } as const;

/** What the bot tells the agent hub in a `handoff.initiate` event, besides the transcript. */
export interface HandoffContext {
  readonly flow: { readonly id: string; readonly version: number };
  /** The flow state that handed over (`agent`). */
  readonly state?: string;
}

/** The hand-off events of a turn: none, its initiation, or its end for want of an agent. */
export function handoffActivities(context: TurnContext, result: TurnResult): Partial<Activity>[] {
  const change = result.handover;
  if (change?.kind === 'started') {
    const { id, version } = result.flow.definition;
    const handoff: HandoffContext = {
      flow: { id, version },
      ...(change.record.state === undefined ? {} : { state: change.record.state }),
    };
    // The turn saved its own lines with it: the contact's transcript is the conversation so far.
    const lines = result.contact.transcript ?? [];
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
