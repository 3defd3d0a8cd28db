/**
 * The bot's latest message, as far as typed answers go (PRODUCT.md, "What counts as a yes"):
 * every reply a flow machine makes moves it, and a typed number picks from it.
 */
import type { ConversationEvent, ConversationIntent } from '../conversation/events.js';
import { promptOf, SERVICE_CHOICE_PREFIX } from '../conversation/events.js';
import type { Reply } from '../conversation/inbound.js';
import type { LastSaid } from './flow-context.js';

/**
 * The bot's latest message after these intents. In one turn the service answer goes out before
 * any consent reply (`turn-service.ts`, orderReplies), so a consent reply of this turn stays the
 * latest whatever order the regions' actions run in.
 */
export function saidAfter(
  said: LastSaid | undefined,
  event: ConversationEvent,
  intents: readonly ConversationIntent[],
): LastSaid | undefined {
  const turn = event.facts.messageId;
  const at = event.facts.now;
  let latest = said;
  // A consent reply that is no prompt, in a turn that recorded a yes: the thanks for it; a no:
  // what acknowledged it; a STOP of everything: its confirmation.
  const acknowledged = intents.some((intent) => intent.type === 'consent.grant')
    ? { granted: true as const }
    : intents.some((intent) => intent.type === 'consent.decline')
      ? { declined: true as const }
      : intents.some((i) => i.type === 'consent.revoke' && !i.categories && i.repeated !== true)
        ? { optedOut: true as const }
        : {};
  for (const intent of intents) {
    if (intent.type !== 'reply') continue;
    const sameTurn = latest?.turn === turn ? latest : undefined;
    if (intent.from === 'consent') {
      const prompt = promptOf(intent.reply);
      // The service reply of this turn, if it went out first: its menu is numbered before the
      // prompt, and what it said (an answer, a person offered) stays in view.
      const service = sameTurn?.by === 'service' ? sameTurn : undefined;
      latest = {
        turn,
        at,
        by: 'consent',
        ...(prompt ? { prompt } : acknowledged),
        ...(service?.choices ? { menuBefore: service.choices } : {}),
        ...marksOf(service),
      };
    } else if (sameTurn?.by === 'consent') {
      // The service answer goes out first: its choices are numbered before the prompt's.
      const choices = serviceChoicesOf(intent.reply);
      latest = {
        ...sameTurn,
        ...(choices.length > 0 ? { menuBefore: choices } : {}),
        ...roleMark(intent.role),
      };
    } else {
      // A service message; one of two in the turn ("didn't understand", then the menu) keeps
      // what the first said.
      const choices = serviceChoicesOf(intent.reply);
      latest = {
        turn,
        at,
        by: 'service',
        ...(choices.length > 0 ? { choices } : {}),
        ...marksOf(sameTurn),
        ...roleMark(intent.role),
      };
    }
  }
  return latest;
}

/** What a service reply of the turn said that typed answers must know. */
function marksOf(said: LastSaid | undefined): Pick<LastSaid, 'answered' | 'personOffered'> {
  return {
    ...(said?.answered ? { answered: true as const } : {}),
    ...(said?.personOffered ? { personOffered: true as const } : {}),
  };
}

function roleMark(role: 'answer' | 'personOffer' | undefined) {
  return role === 'answer'
    ? { answered: true as const }
    : role === 'personOffer'
      ? { personOffered: true as const }
      : {};
}

/** The service choices a reply offers, in order. */
function serviceChoicesOf(reply: Reply): string[] {
  const options =
    reply.type === 'buttons' ? reply.buttons : reply.type === 'list' ? reply.rows : [];
  return options
    .filter((o) => o.id.startsWith(SERVICE_CHOICE_PREFIX))
    .map((o) => o.id.slice(SERVICE_CHOICE_PREFIX.length));
}

/**
 * The service choice a typed number picks, when the bot's latest message offered choices, or
 * the menu shown before a consent prompt in the same turn did (its numbers come first).
 */
export function numberedChoice(
  said: LastSaid | undefined,
  event: ConversationEvent,
): string | undefined {
  const choices = said?.by === 'service' ? said.choices : said?.menuBefore;
  if (!said || !choices || event.facts.now < said.at) return undefined;
  const text = 'text' in event ? event.text : undefined;
  if (text === undefined || !/^[1-9][0-9]?$/u.test(text)) return undefined;
  return choices[Number(text) - 1];
}
