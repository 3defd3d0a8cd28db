/**
 * The replies of small talk and of the hand-over (issue 10), in a language: the flow's own text,
 * else the product's built-in one (`small-talk/builtin`). The compliance check makes sure every
 * language of a flow has each of them.
 */
import type { Reply } from '../conversation/inbound.js';
import { SERVICE_CHOICE_PREFIX } from '../conversation/events.js';
import type { EffectiveReplies } from '../small-talk/index.js';
import { smallTalkReplies } from '../small-talk/index.js';
import type { PersonOffer } from './ask-moments.js';
import type { FlowDefinition } from './definition.js';
import { joinList, renderFlowText } from './render-text.js';

/** A small-talk reply as a text message. */
export function smallTalkTextReply(
  flow: FlowDefinition,
  language: string,
  key: keyof EffectiveReplies,
): Reply {
  return { type: 'text', text: renderFlowText(flow, language, replyText(flow, language, key)) };
}

/**
 * "Sorry, I still didn't understand: would you like to talk to a person?", with a button to the
 * flow's hand-over when the menu that follows does not offer one. `undefined` when the flow has
 * no way to a person: the menu alone follows, without a second apology.
 */
export function notUnderstoodReply(
  flow: FlowDefinition,
  language: string,
  person: PersonOffer | undefined,
): Reply | undefined {
  if (!person) return undefined;
  const text = renderFlowText(flow, language, replyText(flow, language, 'notUnderstoodAgain'));
  if (person.inMenu) return { type: 'text', text };
  const { choice } = person;
  const title = choice.title[language] ?? choice.title[flow.defaultLanguage] ?? choice.id;
  return {
    type: 'buttons',
    text,
    buttons: [{ id: `${SERVICE_CHOICE_PREFIX}${choice.id}`, title }],
  };
}

/** What the bot says when it takes the conversation back from a person; the menu follows. */
export function backReply(
  flow: FlowDefinition,
  language: string,
  reason: 'released' | 'idle' | 'active',
): Reply {
  return smallTalkTextReply(flow, language, reason === 'idle' ? 'handoverIdle' : 'handoverEnded');
}

/**
 * What a customer gets now, said after the answer to HELP: the kinds `sent` ("Right now you get
 * order updates."), or that none come.
 */
export function youGetText(
  flow: FlowDefinition,
  language: string,
  sent: readonly string[],
): string {
  if (sent.length === 0) {
    return renderFlowText(flow, language, replyText(flow, language, 'youGetNone'));
  }
  const labels = flow.categories
    .filter((category) => sent.includes(category.id))
    .map((category) => category.label[language] ?? category.id);
  return renderFlowText(flow, language, replyText(flow, language, 'youGet'), {
    categories: joinList(labels, language),
  });
}

function replyText(flow: FlowDefinition, language: string, key: keyof EffectiveReplies): string {
  return (
    smallTalkReplies(flow, language)[key] ??
    smallTalkReplies(flow, flow.defaultLanguage)[key] ??
    smallTalkReplies(flow, 'en')[key] ??
    ''
  );
}
