/**
 * The stop questions narrowed or added to: "just the promos" to "do you want to stop?" or to some
 * of the kinds "stop just those?" asks about, and a second wish that adds to a pending one ("no
 * more codes either", "and the codes too").
 */
import type { ConversationEvent } from '../conversation/events.js';
import {
  ALSO_WORDS,
  AROUND_STANCE,
  BUT,
  NOT,
  POSSESSIVES,
  THE,
  isLaugh,
  notThe,
  pastNo,
} from '../keywords/index.js';
import type { AnswerKey } from './answer-key.js';
import { kindsNamed, withoutGlue } from './answer-key.js';
import { promptOpen } from './answer-of.js';
import { CLAUSE_END, NEGATIONS, ONLY, isNo, pastOpeners, wordsOf } from './answer-words.js';
import { BUT_NOT, STOP_VERBS, saysNotOnly } from './just-those.js';
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
  // "no the codes" may keep them; "no, just the codes", "nah only the promos" narrow.
  const saysNo = NEGATIONS.has(all[0] ?? '') || isNo(all[0] ?? '');
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
 * To a stop question about the kinds `asked`, a message that leaves some of them out with a no
 * ("not the promos", "the promos no lol", "no no las ofertas", "yes but not the order updates",
 * "sí pero no los pedidos", "no, just the codes but not the promos"): the kinds of `asked` it
 * still asks to stop. Empty for any other message, and for one that leaves out all of them or
 * kinds not asked about.
 */
export function kindsLeftAfterNo(
  key: AnswerKey,
  event: ConversationEvent,
  asked: readonly string[],
): string[] {
  if (asked.length < 2 || !('text' in event) || event.text === undefined || event.asks) return [];
  // "no, the promos" is a no, then kinds (a tester's: read as "not the promos"); "no, not the
  // promos" leaves them out.
  const [first = ''] = event.text.split(CLAUSE_END);
  const no = first.length < event.text.length && wordsOf(first).split(' ').every(isNo);
  const words = wordsOf(no ? event.text.slice(first.length) : event.text)
    .split(' ')
    .filter((word) => !isLaugh(word) && !AROUND_STANCE.has(word));
  const except = notThenYes(event.text) ?? exceptionIn(words);
  const spared = kindsNamed(key, except?.spared ?? leftOutWithNo(words));
  if (!spared?.length || spared.some((id) => !asked.includes(id))) return [];
  // Before "but not": a yes, everything, or kinds of those asked ("no, just the codes").
  const lead = except?.lead ?? [];
  const before = lead.every(isNo)
    ? []
    : kindsNamed(key, pastOpeners(lead, true), EVERYTHING_OR_STOP);
  if (before === undefined || before.some((id) => !asked.includes(id))) return [];
  return (before.length > 0 ? before : asked).filter((id) => !spared.includes(id));
}

/**
 * Where `words` leave kinds out of what comes before them (`lead`): "…but not the X", "…not the
 * X", "…except (for) the X", "…but keep the X", "all but the X", "sí, pero los pedidos no";
 * `undefined` for none, or for kinds added ("yes but the order updates too").
 */
function exceptionIn(
  words: readonly string[],
): { lead: readonly string[]; spared: readonly string[] } | undefined {
  const said = words.join(' ');
  // "the codes no, the promos yes", "las ofertas sí, los códigos no": the yes is the stop.
  const noThenYes = NO_THEN_YES.exec(said);
  if (noThenYes) return { lead: noThenYes[2]!.split(' '), spared: noThenYes[1]!.split(' ') };
  const yesThenNo = YES_THEN_NO.exec(said);
  if (yesThenNo) return { lead: yesThenNo[1]!.split(' '), spared: yesThenNo[2]!.split(' ') };
  const notThe = BUT_NOT.exec(said) ?? NOT_THE_AFTER.exec(said);
  if (notThe) return { lead: notThe[1]!.split(' '), spared: notThe[2]!.split(' ') };
  const at = words.findIndex((word, i) => i > 0 && (EXCEPT.has(word) || BUT.has(word)));
  if (at < 0) return undefined;
  let spared = words.slice(at + 1);
  if (spared[0] === 'for') spared = spared.slice(1);
  if (KEEP.has(spared[0] ?? '')) spared = spared.slice(1);
  else if (NOT.has(spared.at(-1) ?? '')) spared = spared.slice(0, -1);
  // "but" alone leaves kinds out of everything only ("all but the order updates").
  else if (BUT.has(words[at]!) && !EVERYTHING_OR_STOP.has(words[at - 1]!)) return undefined;
  if (spared.some((word) => ALSO_WORDS.has(word))) return undefined;
  return { lead: words.slice(0, at), spared };
}

/** "not the promos, the codes yes": two clauses, a no to the first kinds, a yes to the others. */
function notThenYes(
  text: string,
): { lead: readonly string[]; spared: readonly string[] } | undefined {
  const clauses = text
    .split(CLAUSE_END)
    .map((clause) => wordsOf(clause))
    .filter((words) => words !== '');
  if (clauses.length !== 2) return undefined;
  const [no, yes] = clauses.map((words) => words.split(' ')) as [string[], string[]];
  return NOT.has(no[0]!) && YES.test(yes.at(-1)!)
    ? { lead: yes.slice(0, -1), spared: no.slice(1) }
    : undefined;
}

const YES = /^(?:yes|yeah|si|sim)$/u;

/** Kinds and a no, then kinds and a yes ("the codes no, the promos yes", "os códigos não…"). */
const NO_THEN_YES = /^(.+?) (?:no|nao|not) (.+?) (?:yes|yeah|si|sim)$/u;

/** Kinds and a yes, then kinds and a no ("las ofertas sí, los códigos no"). */
const YES_THEN_NO = /^(.+?) (?:yes|yeah|si|sim) (.+?) (?:no|nao|not)$/u;

/** Kinds, then "not the" others ("just the codes not the promos", "yes, not the promos"). */
const NOT_THE_AFTER = /^(.+?) (?:not|no|nao) ((?:the|my|los|las|mis|os|as|meus) .+)$/u;

/** "Except" in the built-in languages. */
const EXCEPT: ReadonlySet<string> = new Set([
  ...['except', 'besides', 'excepto', 'salvo', 'menos', 'exceto', 'fora'],
]);

/** "Keep" after "but" ("yes but keep the order updates", "pero dejen los pedidos"). */
const KEEP: ReadonlySet<string> = new Set([
  ...['keep', 'mantengan', 'manten', 'deja', 'dejen', 'mantenham', 'mantem', 'deixa', 'deixem'],
]);

/** Words before "but not" that stop every kind asked about ("everything but not…", "paren todo"). */
const EVERYTHING_OR_STOP: ReadonlySet<string> = new Set([
  ...STOP_VERBS,
  ...['all', 'everything', 'todo', 'todos', 'todas', 'tudo'],
]);

/**
 * The words of kinds left out with a bare no: "not the promos", "no no las ofertas", "the promos
 * no", "as promoções não"; none for others ("no promos", "not the promos either" refuse them).
 */
function leftOutWithNo(words: readonly string[]): readonly string[] {
  const said = pastNo(words);
  // ("não as promoções não": the no said again after them.)
  if (notThe(said)) return said.slice(1, NOT.has(said.at(-1)!) ? -1 : undefined);
  const last = said.at(-1) ?? '';
  return said.length > 2 && THE.has(said[0]!) && NOT.has(last) ? said.slice(0, -1) : [];
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
