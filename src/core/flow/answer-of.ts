/**
 * WHAT COUNTS AS AN ANSWER (PRODUCT.md, "What counts as a yes"): a tap on a prompt's button, or
 * a typed yes/no word, button title (one word may be a letter off) or button number (unless the
 * menu came before the prompt in the same turn) while that prompt is the bot's latest message
 * and was sent within the flow's answer period (after it, while still the latest message, only
 * an answer for fewer messages: a no, or a yes to stopping); to the bot's "do you want to
 * stop?", a go-ahead ("ok", "dale", "blz": `goAhead` of the built-in languages) is its yes.
 * Anything else is not an answer: "ok" after a service answer, or "yes" three days later, is an
 * ordinary message. The sentences around an answer ("sí, pero sin promociones", "no gracias. ¿y
 * mi pedido?") are read in `answer-sentences.ts`; what a flow's prompts are answered with is built
 * in `answer-key.ts`; kinds named in an answer are read in `kinds-in-answers.ts`, a stop question
 * narrowed or added to in `stop-answers.ts`, an answer taken back in `take-backs.ts`.
 */
import { SECOND } from '../clock.js';
import type { ConversationEvent, Prompt, PromptButton } from '../conversation/events.js';
import { PROMPT_BUTTONS } from '../conversation/events.js';
import { grantedTo } from '../consent/state.js';
import { oneEditApart } from '../keywords/index.js';
import type { AnswerKey, TitleWords } from './answer-key.js';
import {
  NEGATIONS,
  PLAIN_YES,
  THANKS,
  isCondition,
  isNo,
  isPlainYes,
  pastOpeners,
  withoutGreeting,
  withoutPoliteEnd,
  wordsOf,
} from './answer-words.js';
import type { FlowContext, LastSaid } from './flow-context.js';
import { acknowledges, saysOneOf } from './take-backs.js';
import { namesOnly, saysNotOnly } from './just-those.js';
import { leavesOutEveryKind } from './kinds-left-after-no.js';

/** The answer a message gives: to which prompt, with which button. */
export interface Answer {
  readonly prompt: Prompt;
  readonly button: PromptButton;
}

/**
 * The answer `event` gives in `context`, or `undefined` when it answers nothing.
 * - A tap answers its prompt, unless it is plainly not the prompt being asked: a category button
 *   of another category, or a button under a question text this flow never asks (an old flow).
 * - Typed text answers only the bot's latest message, if that is a prompt sent within the answer
 *   period and not after the customer's message: a yes/no word, a title, or a number (not when
 *   the menu came before the prompt in the same turn: the number is the menu's).
 * @example answerOf(key, context, { type: 'message', text: 'yes all of them', facts }) // { prompt: 'question', button: 'yes' }
 */
export function answerOf(
  key: AnswerKey,
  context: FlowContext,
  event: ConversationEvent,
): Answer | undefined {
  if ('prompt' in event && event.prompt !== undefined) return tapAnswer(key, context, event);
  const said = promptOpen(context, event);
  if (said?.prompt === undefined) return undefined;
  const prompt = said.prompt;
  const button = typedButton(key, prompt, event, context);
  if (!button || (button === 'yes' && yesHeldBack(key, said, event))) return undefined;
  // Long after the prompt only an answer for fewer messages still counts: never a late yes.
  const late = event.facts.now - said.at > key.periodMs;
  if (late && !FEWER_MESSAGES[prompt].includes(button)) return undefined;
  return { prompt, button };
}

/**
 * The bot's latest message, when it is a consent prompt that what the customer types may still
 * answer (at any time since; see `answerOf` for the answer period): `undefined` after anything
 * the business or an agent wrote since, or for a message typed before it was shown.
 */
export function promptOpen(context: FlowContext, event: ConversationEvent): LastSaid | undefined {
  const said = context.said;
  if (said?.by !== 'consent' || said.prompt === undefined) return undefined;
  // During a hand-over a typed "yes" answers the agent's latest message, unless the bot's prompt
  // (asked at the customer's START or "stop just those?") came after it.
  const { handover, agentWroteAt } = event.facts;
  if (handover === 'active' && wroteSince(agentWroteAt, said)) return undefined;
  const { now, businessWroteAt } = event.facts;
  // Typed before the prompt was shown (a late webhook): no answer to it.
  if (now < said.at) return undefined;
  // The business wrote since (a template, an agent's question): the answer is to that.
  if (wroteSince(businessWroteAt, said)) return undefined;
  return said;
}

/**
 * Whether the business (or an agent) wrote at `at` after the prompt `said` was shown. A
 * customer's message time has whole seconds (WhatsApp's), the business's does not: a message in
 * the prompt's second may have come before it. Then a stop prompt keeps its answer (the safe
 * side); a yes to more messages never does.
 */
function wroteSince(at: number | undefined, said: LastSaid): boolean {
  if (at === undefined || at < said.at) return false;
  const sameSecond = at < said.at + SECOND;
  return !sameSecond || (said.prompt !== 'stop' && said.prompt !== 'stopSome');
}

/**
 * Whether a typed yes to the question or a category question is held back: thanks with no plain
 * yes word ("dale, gracias"), or meant for what the bot said before the prompt in the same turn:
 * the person it offered after two messages it did not understand ("sí" takes the offer:
 * `pick-choice.ts`), or the service answer it gave, which "vale", "dale", "sure" or "sí,
 * gracias" take in ({@link acknowledges}). A yes to more messages must be a yes to them; the
 * question is shown again instead (`goAheadOnly`, `THANKS_WITH_A_YES`).
 */
function yesHeldBack(key: AnswerKey, said: LastSaid, event: ConversationEvent): boolean {
  if (said.prompt !== 'question' && said.prompt !== 'category') return false;
  if (said.personOffered && event.type === 'answer.yes') return true;
  // "dale, gracias", "claro, obrigado": thanks, with no plain yes ("sí, gracias" is one).
  if (event.smallTalk === 'thanks' && thanksWithoutPlainYes(event)) return true;
  return said.answered === true && acknowledges(key, event);
}

/**
 * Whether a typed message says thanks in words ("gracias", "thx") and no plain yes word of a
 * built-in language ("sí", "yes", "sim").
 */
function thanksWithoutPlainYes(event: ConversationEvent): boolean {
  if (!('text' in event) || event.text === undefined) return false;
  const words = wordsOf(event.text).split(' ');
  const has = (sets: Iterable<ReadonlySet<string>>) =>
    words.some((word) => [...sets].some((set) => set.has(word)));
  return has(Object.values(THANKS).map((t) => t.core)) && !has(Object.values(PLAIN_YES));
}

/**
 * Whether `event` types a number past the menu shown before the prompt in the same turn ("4."
 * after a menu of three): it can only count the prompt's own buttons, which WhatsApp shows
 * without numbers, so it answers nothing, and the bot shows the prompt again.
 */
export function numberPastMenu(said: FlowContext['said'], event: ConversationEvent): boolean {
  if (event.type !== 'message' || event.text === undefined || !said?.menuBefore) return false;
  const text = wordsOf(event.text);
  return /^[1-9]$/u.test(text) && Number(text) > said.menuBefore.length;
}

/**
 * Whether `event` is a bare go-ahead ("ok", "dale", "blz") in the conversation's `language`, and
 * no yes word of the flow: to the question or a category question it answers nothing (only
 * "do you want to stop?" takes it as its yes), so the bot shows that question again. So too a
 * bare acknowledgment, yes word or not ("vale", "dale", "sure"), when the latest message `said`
 * came with a service answer: it takes in the answer.
 */
export function goAheadOnly(
  key: AnswerKey,
  event: ConversationEvent,
  language: string,
  said?: LastSaid,
): boolean {
  if (event.type !== 'message' && event.type !== 'answer.yes') return false;
  if (event.text === undefined || ('prompt' in event && event.prompt !== undefined)) return false;
  const words = wordsOf(event.text);
  // "sale", "listo", "perfecto" (no yes words) take in the question, as "ok" does; "vale",
  // "dale" (yes words) only a service answer shown with it.
  if (key.acknowledge.has(words)) {
    return said?.answered === true || !inAny(key.yesWords, words);
  }
  if (!saysOneOf(key.goAhead, event, language)) return false;
  // "ok gracias", "ok thanks": thanks, answered as such.
  const thanks = THANKS[language.split('-')[0] ?? '']?.core;
  if (words.split(' ').some((word) => thanks?.has(word) === true)) return false;
  return key.yesWords.get(language)?.has(words) !== true;
}

/**
 * A yes to the question, or to a category question, asked back: its yes title or a yes word of
 * the flow with a question mark ("¿Sí, todos?", "Yes, all of them?", "¿Sí?"): no answer, so the
 * question is shown again.
 */
export function yesAskedBack(
  key: AnswerKey,
  event: ConversationEvent,
  prompt: 'question' | 'category',
): boolean {
  if (event.type !== 'message' || event.asks !== true || event.text === undefined) return false;
  const words = wordsOf(event.text);
  return key.titles[prompt].get(words) === 'yes' || inAny(key.yesWords, words);
}

/** The answers that mean fewer messages: a no to messages, a yes to stopping them. */
const FEWER_MESSAGES: Readonly<Record<Prompt, readonly PromptButton[]>> = {
  question: ['no'],
  category: ['no'],
  stop: ['yes'],
  stopSome: ['yes', 'all'],
};

function tapAnswer(
  key: AnswerKey,
  context: FlowContext,
  event: Extract<ConversationEvent, { prompt?: Prompt }>,
): Answer | undefined {
  const prompt = event.prompt!;
  if (prompt === 'category' && event.category !== undefined) {
    if (event.category !== context.choosing?.asking) return undefined;
  }
  if (prompt === 'question' && event.shown !== undefined) {
    const known = key.questionTexts.has(event.shown) || event.shown === context.question?.text;
    if (!known) return undefined;
  }
  const button: PromptButton =
    event.type === 'answer.yes' ? 'yes' : event.type === 'answer.no' ? 'no' : 'choose';
  return { prompt, button };
}

/**
 * The button `event` types: a tap's, a title, or a number, unless the menu was shown before the
 * prompt in the same turn (`said.menuBefore`); the words for it where a prompt takes them.
 */
function typedButton(
  key: AnswerKey,
  prompt: Prompt,
  event: ConversationEvent,
  context: FlowContext,
): PromptButton | undefined {
  // "no promos" to the question about the offers: its no (the message asks to stop them).
  if (prompt === 'category' && event.type === 'stop.some') {
    const asking = context.choosing?.asking;
    return event.categories.length > 0 && event.categories.every((id) => id === asking)
      ? 'no'
      : undefined;
  }
  const text = 'text' in event && event.text !== undefined ? wordsOf(event.text) : undefined;
  // A prompt's own words first: "sí a todo" is a yes to the question, and "stop everything" to
  // "stop just those?"; after a greeting or a hedge too ("boa tarde, sim todas", "nvm, sí
  // todos").
  const greeted =
    text === undefined ? undefined : pastOpeners(withoutGreeting(text.split(' '))).join(' ');
  const titledOwn =
    text === undefined || greeted === undefined
      ? undefined
      : (titleOf(key, prompt, text) ??
        titleOf(key, prompt, unpolite(text)) ??
        (greeted === text ? undefined : titleOf(key, prompt, unpolite(greeted))));
  // "Yes, all of them" typed to a question of "let me choose": its yes, as "all of them" is (the
  // kinds after it are still asked one by one).
  const questionYes = () =>
    prompt === 'category' &&
    greeted !== undefined &&
    [text, unpolite(greeted)].some((said) => key.titles.question.get(said!) === 'yes');
  const titled = titledOwn ?? (questionYes() ? 'yes' : undefined);
  // "¿sí, todos?", "Yes, all of them?": a title asked back is no yes, as "yes?" is none (a
  // tester's: it granted every kind).
  const consenting = (prompt === 'question' || prompt === 'category') && titled === 'yes';
  if (titled && !(consenting && event.type !== 'answer.yes' && event.asks === true)) return titled;
  if (event.type === 'answer.yes') return 'yes';
  if (event.type === 'answer.no') return 'no';
  if (text === undefined) return undefined;
  if (prompt === 'stop' || prompt === 'stopSome') {
    // "please don't unsubscribe me", "no me quiten de la lista": its no.
    if (event.type === 'message' && event.staysSubscribed === true) return 'no';
    // "not the codes and not the promos" to "stop just those?" about them: its no.
    const asked = prompt === 'stopSome' ? (context.stopping ?? []) : kindsGranted(event);
    if (leavesOutEveryKind(key, event, asked)) return 'no';
    // "nvm, keep them", "no, mejor para todo": the answer after the hedging.
    const plain = pastHedges(text, prompt);
    const after = plain === text ? undefined : key.titles[prompt].get(plain);
    if (after) return after;
    // "pues sí", "ah no": a yes or no word of the flow after the hedging.
    if (plain !== text && inAny(key.yesWords, plain)) return 'yes';
    if (plain !== text && inAny(key.noWords, plain)) return 'no';
    // "yeah just the promos", "só as ofertas": the kinds being asked about, named.
    // "both", "sí, los dos": the two kinds asked about (not after a no: "no, both" may keep
    // them; nor asked: "both?"). "não só os códigos" says "not only".
    const unsure = (plain !== text && text.split(' ').some(isNo)) || event.asks === true;
    const notOnly = 'text' in event && event.text !== undefined && saysNotOnly(event.text);
    if (
      prompt === 'stopSome' &&
      !notOnly &&
      namesOnly(key, plain, context.stopping ?? [], unsure)
    ) {
      return 'yes';
    }
  }
  // "wait, no thanks", "bueno, sí" to a question: the yes or no word after the hedge or the
  // greeting (not asked back: "hmm, yes?").
  if ((prompt === 'question' || prompt === 'category') && greeted !== text && !event.asks) {
    const plain = greeted === undefined ? '' : unpolite(greeted);
    if (inAny(key.noWords, plain)) return 'no';
    if (inAny(key.yesWords, plain)) return 'yes';
  }
  // "yes of course!", "no not really", "nao preciso", "si me encantan los descuentos" to a
  // question of "let me choose" (a tester's: "didn't understand").
  if (prompt === 'category' && event.type === 'message' && !event.asks) {
    const said = plainAnswerWithWhy(key, greeted ?? text, context.choosing?.asking);
    if (said) return said;
  }
  // "yes, stop them all", "sim pode parar tudo" to "do you want to stop?": a yes, then the stop
  // said again (before, the same question came back at every such answer).
  if (prompt === 'stop' && event.type === 'stop.ambiguous' && beginsWithYes(key, text)) {
    return 'yes';
  }
  // "sí, ya son demasiados", "sim, é mensagem demais", "yes, too many already": a plain yes,
  // then why, with no condition, negation, kind or question (a tester's: "didn't understand").
  if (prompt === 'stop' && event.type === 'message' && !event.asks && yesThenWhy(key, text)) {
    return 'yes';
  }
  // A number answers the prompt only when it came alone: with the menu before it in the same
  // turn, WhatsApp shows the customer no numbers, and "1" or "2" may count the buttons of
  // either message. The menu's own numbers still pick its choices (`numberedChoice`).
  if (context.said?.menuBefore === undefined && /^[1-9]$/u.test(text)) {
    const buttons: readonly PromptButton[] = PROMPT_BUTTONS[prompt];
    return buttons[Number(text) - 1];
  }
  return undefined;
}

/** The kinds the customer has a yes to. */
function kindsGranted(event: ConversationEvent): string[] {
  const { consent } = event.facts;
  const ids = new Set([...Object.keys(consent.categories), ...Object.keys(consent.granted ?? {})]);
  return [...ids].filter((id) => grantedTo(consent, id));
}

/**
 * Whether `text` (its words) begins with a yes or a go-ahead of any of the flow's languages and
 * says no negation after it: "yes pls stop them", not "yes but don't stop the orders".
 */
function beginsWithYes(key: AnswerKey, text: string): boolean {
  const words = text.split(' ');
  const yeses = [...key.yesOrGoAhead.values()];
  for (let end = 1; end < words.length; end += 1) {
    const start = words.slice(0, end).join(' ');
    if (!yeses.some((yes) => yes.has(start))) continue;
    return !words.slice(end).some((word) => NEGATIONS.has(word));
  }
  return false;
}

/**
 * Whether `text` (its words) opens with a plain yes of any built-in language and goes on with
 * none of: a condition ("but", "pero", "só"), a negation, a kind's name or a word of one ("sí,
 * los códigos" may stop those alone).
 */
function yesThenWhy(key: AnswerKey, text: string): boolean {
  const [first = '', ...rest] = text.split(' ');
  if (rest.length === 0 || !isPlainYes(first)) return false;
  return !rest.some((word) => NEGATIONS.has(word) || narrows(key, word, undefined));
}

/**
 * A plain yes or no opening `text` (its words), said about the kind `asking` with why after it
 * ("yes I need the codes to log in", "no, I use an authenticator app"): nothing after it may
 * turn it (a yes or no, a condition, a doubt, another kind) and "no problem" is no no.
 */
function plainAnswerWithWhy(
  key: AnswerKey,
  text: string,
  asking: string | undefined,
): PromptButton | undefined {
  const [first = '', ...rest] = text.split(' ');
  if (rest.length === 0) return undefined;
  const yes = isPlainYes(first);
  if (!yes && !isNo(first)) return undefined;
  // (A negation after a no says it again: "no i dont need that".)
  const turns = (word: string) =>
    (yes && (NEGATIONS.has(word) || isNo(word))) ||
    isPlainYes(word) ||
    DOUBTS.has(word) ||
    narrows(key, word, asking);
  if (rest.some(turns)) return undefined;
  return yes ? 'yes' : 'no';
}

/**
 * Whether `word`, after a plain yes or no, makes it about less or other than the prompt asks: a
 * condition, or a word of a kind's names other than `asking` (any kind's, without one): "the
 * promos" to the codes; "codes" names the login codes, though "promo codes" are offers.
 */
function narrows(key: AnswerKey, word: string, asking: string | undefined): boolean {
  if (isCondition(word)) return true;
  const naming = [...key.kindNames].filter(([name]) => name.split(' ').includes(word));
  return naming.length > 0 && naming.every(([, ids]) => asking === undefined || !ids.has(asking));
}

/**
 * Words that make a yes or no with why something else: a doubt, a later, an "if", a "no
 * problem"; or every kind ("no to all", "none of them", "não pra todas": a no to each left).
 */
const DOUBTS: ReadonlySet<string> = new Set([
  ...['maybe', 'later', 'if', 'unless', 'depends', 'problem', 'worries', 'doubt', 'prob'],
  ...['quizas', 'quiza', 'talvez', 'tal', 'luego', 'despues', 'depende', 'problema', 'duda'],
  ...['depois', 'duvida', 'se'],
  ...['all', 'none', 'any', 'every', 'everything', 'both'],
  ...['todo', 'todos', 'todas', 'ninguno', 'ninguna', 'nada', 'ambos', 'ambas'],
  ...['tudo', 'nenhum', 'nenhuma', 'dois', 'duas'],
]);

/**
 * `text` (its words) without the hedges it opens with ("nvm", "ay", "hmm", `HEDGES`), and to
 * "stop just those?" a "no" before the answer too ("no, mejor todo": not those, all of them).
 */
function pastHedges(text: string, prompt: Prompt): string {
  return pastOpeners(text.split(' '), prompt === 'stopSome').join(' ');
}

/** The button whose title `text` (its words) is, or nearly is. */
function titleOf(key: AnswerKey, prompt: Prompt, text: string): PromptButton | undefined {
  return key.titles[prompt].get(text) ?? nearTitle(key.titleWords[prompt], text);
}

/**
 * `text` (its words) without "please" or thanks at its end ("yes, all of them please", "sí,
 * todos por favor", "yes all of them thanks"), nor "please" after its first word ("yes please
 * all of them", "sí por favor todos").
 */
function unpolite(text: string): string {
  const words = text.split(' ');
  const kept = words.filter(
    (word, i) =>
      i === 0 ||
      !(
        PLEASE_INSIDE.has(word) ||
        (word === 'por' && words[i + 1] === 'favor') ||
        (word === 'favor' && words[i - 1] === 'por')
      ),
  );
  return withoutPoliteEnd(kept).join(' ');
}

/** "Please" as one word, said inside an answer. */
const PLEASE_INSIDE: ReadonlySet<string> = new Set(['please', 'pls', 'plz', 'porfa', 'pfv']);

function inAny(byLanguage: ReadonlyMap<string, ReadonlySet<string>>, words: string): boolean {
  for (const set of byLanguage.values()) if (set.has(words)) return true;
  return false;
}

/** Words shorter than this must be typed as the title has them. */
const MIN_NEAR_WORD = 4;

/**
 * The button whose title `text` is with one word a letter off ("Só essas" for "Só esses", said
 * of ofertas; "Let me chose"), when only one button's title is that near.
 */
function nearTitle(
  titles: ReadonlyMap<number, readonly TitleWords[]>,
  text: string,
): PromptButton | undefined {
  const words = text.split(' ');
  let near: PromptButton | undefined;
  for (const title of titles.get(words.length) ?? []) {
    const i = onlyDifference(title.words, words);
    if (i === undefined) continue;
    const word = title.words[i]!;
    if ([...word].length < MIN_NEAR_WORD || !oneEditApart(words[i]!, word)) continue;
    if (near !== undefined && near !== title.button) return undefined;
    near = title.button;
  }
  return near;
}

/** The one position where two lists of words of the same length differ, if only one does. */
function onlyDifference(expected: readonly string[], words: readonly string[]): number | undefined {
  let differ: number | undefined;
  for (let i = 0; i < expected.length; i += 1) {
    if (expected[i] === words[i]) continue;
    if (differ !== undefined) return undefined;
    differ = i;
  }
  return differ;
}
