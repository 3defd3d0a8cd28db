/**
 * The stop questions narrowed or added to: "just the promos" to "do you want to stop?" or to some
 * of the kinds "stop just those?" asks about, and a second wish that adds to a pending one ("no
 * more codes either", "and the codes too").
 */
import type { ConversationEvent } from '../conversation/events.js';
import { ALSO_WORDS, POSSESSIVES } from '../keywords/index.js';
import type { AnswerKey } from './answer-key.js';
import { kindsNamed, withoutGlue } from './answer-key.js';
import { promptOpen } from './answer-of.js';
import { NEGATIONS, ONLY, isNo, pastOpeners, wordsOf } from './answer-words.js';
import { BUT_NOT, saysNotOnly } from './just-those.js';
import { kindsLeftAfterNo } from './kinds-left-after-no.js';
import type { FlowContext } from './flow-context.js';
import { kindsRefusedAlone } from './kinds-in-answers.js';

/**
 * The kinds a wish to stop some offers to stop: those it names or refuses, never those it keeps
 * ("…, but keep the promos"). While "stop just those?" is asked about others (`pending`), a wish
 * that says it adds to them ("no more codes either", "and the codes too", "y tampoco códigos",
 * "e os códigos também") offers those too; any other is asked alone (it may correct the first:
 * "wait i still want the promos, no more codes").
 */
export function kindsToOfferStopping(
  key: AnswerKey,
  pending: readonly string[] | undefined,
  event: Extract<ConversationEvent, { type: 'stop.some' }>,
): string[] {
  const named = kindsRefusedAlone(key, event);
  const kept = new Set(event.kept);
  const added = addsToWish(event) ? (pending ?? []) : [];
  return [...new Set([...named, ...added])].filter((id) => !kept.has(id));
}

/**
 * The kinds a wish to stop some stops: of those {@link kindsToOfferStopping} offers (with the ones
 * `pending` when it adds to them), the ones the customer has (`had`): "stop the codes and the
 * promos" from a customer who gets the codes alone stops the codes. All of them from a customer
 * never asked, whose refusal is recorded.
 */
export function kindsWishedStopped(
  key: AnswerKey,
  pending: readonly string[] | undefined,
  event: Extract<ConversationEvent, { type: 'stop.some' }>,
  had: (ids: readonly string[]) => string[],
): string[] {
  const offered = kindsToOfferStopping(key, pending, event);
  return event.facts.consent.status === 'unknown' ? offered : had(offered);
}

/** Whether a message says it adds to the wish before it ("…too", "and…", "tampoco…"). */
function addsToWish(event: ConversationEvent): boolean {
  if (!('text' in event) || event.text === undefined) return false;
  const words = wordsOf(event.text).split(' ');
  return (
    ADDING_FIRST.has(words[0] ?? '') ||
    words.some((word) => ADDING.has(word)) ||
    / as well(?= |$)/u.test(` ${words.join(' ')}`)
  );
}

/**
 * Kinds a message names, and nothing else, to add to the ones "stop just those?" asks about
 * ("and the codes too", "e os códigos também", "the order updates as well"). Empty for any other
 * message.
 */
export function kindsAddedToStop(key: AnswerKey, event: ConversationEvent): string[] {
  if (event.type === 'stop.some' || !('text' in event) || event.text === undefined) return [];
  if (!addsToWish(event)) return [];
  const said = wordsOf(event.text).replace(/(?<=^| )as well(?= |$)/u, '');
  // "and the promos but not the order updates": the kinds before "but not" (those after it are
  // not asked about, and stay so).
  const except = BUT_NOT.exec(said);
  const words = (except ? except[1]! : said)
    .split(' ')
    .filter((word) => word !== '' && !ADDING.has(word) && !ADDING_FIRST.has(word));
  if (except && !kindsNamed(key, except[2]!.split(' '))?.length) return [];
  return namedAsMessages(key, event, words);
}

/**
 * The kinds a message leaves out after "but not" ("also the order updates but not the codes"):
 * never asked about again, even if "stop just those?" asked about them.
 */
export function kindsLeftOutOfStop(key: AnswerKey, event: ConversationEvent): string[] {
  if (!('text' in event) || event.text === undefined) return [];
  const except = BUT_NOT.exec(wordsOf(event.text));
  return except ? (kindsNamed(key, except[2]!.split(' ')) ?? []) : [];
}

/** Words that add a wish to the one before ("too", "either", "tampoco", "também"). */
const ADDING: ReadonlySet<string> = new Set([...ALSO_WORDS, 'aswell']);

/** Words that add a wish to the one before when they open it ("and", "y", "e", "ni", "nem"). */
const ADDING_FIRST: ReadonlySet<string> = new Set(['and', 'plus', 'y', 'e', 'ni', 'nem']);

/**
 * The kinds a message names and nothing else, typed to the stop question `prompt` (see
 * `stopPromptOpen`): the customer narrows the stop, and the bot asks about those ("just the
 * promos" may also mean the ones to keep: its buttons tell). To "do you want to stop?" with
 * "just", "only", "solo", "só" among its words ("just the promos", "no, solo las ofertas"); to
 * "stop just those?" without, but after a no only with those words ("yes the promos", "no, just
 * the codes"; "no the codes" may keep them). Empty for any other message.
 */
export function kindsNarrowingStop(
  key: AnswerKey,
  event: ConversationEvent,
  prompt: 'stop' | 'stopSome',
): string[] {
  if (!('text' in event) || event.text === undefined || event.type === 'stop.some') return [];
  // "no solo los códigos", "não só as promoções": not only those.
  if (saysNotOnly(event.text)) return [];
  const all = wordsOf(event.text).split(' ');
  const words = pastOpeners(all, true);
  // "no the codes", "wait, not the codes" may keep them; "no, just the codes", "nah only the
  // promos" narrow.
  const [opening = ''] = pastOpeners(all);
  const saysNo = NEGATIONS.has(opening) || isNo(opening);
  if (prompt === 'stopSome' && saysNo && !words.some((word) => ONLY.has(word))) return [];
  if (prompt === 'stop' && !words.some((word) => ONLY.has(word))) return [];
  return namedAsMessages(key, event, words);
}

/**
 * The kinds a message narrows the open stop question to, of those the customer has (`had`
 * keeps them, of the flow's `all`): to "do you want to stop?", "just the promos" or "yes but not
 * the order updates"; to "stop just those?", some of the kinds it asks about ("just the codes",
 * "not the promos"). Empty: it narrows neither question.
 */
export function narrowedStop(
  key: AnswerKey,
  context: FlowContext,
  event: ConversationEvent,
  had: (ids: readonly string[]) => string[],
  all: readonly string[],
): string[] {
  if (stopPromptOpen(context, event, 'stop')) {
    const named = had(kindsNarrowingStop(key, event, 'stop'));
    return named.length > 0 ? named : kindsLeftAfterNo(key, event, had(all));
  }
  if (!stopPromptOpen(context, event, 'stopSome')) return [];
  const asked = context.stopping ?? [];
  const named = kindsNarrowingStop(key, event, 'stopSome');
  const some = named.every((id) => asked.includes(id)) && named.length < asked.length;
  return some && had(named).length > 0 ? had(named) : kindsLeftAfterNo(key, event, asked);
}

/**
 * The kinds `words` of `event` name and nothing else, spoken of as messages: not in a question,
 * nor as the customer's own purchase ("and orders?", "just my order", "the order"; "the order
 * updates" are messages). Empty for any other words.
 */
function namedAsMessages(
  key: AnswerKey,
  event: ConversationEvent,
  words: readonly string[],
): string[] {
  if (event.asks || words.some((word) => POSSESSIVES.has(word))) return [];
  if (withoutGlue(words.filter((word) => !PURCHASE.has(word))) === '') return [];
  return kindsNamed(key, words) ?? [];
}

/** A purchase in the built-in languages' words, said of one ("the order", "el pedido"). */
const PURCHASE: ReadonlySet<string> = new Set([
  'order',
  'purchase',
  'pedido',
  'encomenda',
  'compra',
]);

/**
 * Whether the stop question `prompt` is the latest thing the bot asked, with nothing the business
 * or an agent wrote since (`promptOpen`): what the customer types may answer it (late too: an
 * answer to a stop question asks for fewer messages).
 */
export function stopPromptOpen(
  context: FlowContext,
  event: ConversationEvent,
  prompt: 'stop' | 'stopSome',
): boolean {
  return promptOpen(context, event)?.prompt === prompt;
}
