/**
 * A yes, a no or a STOP taken back at once (PRODUCT.md, "What counts as a yes"): a typed no right
 * after the thanks for a yes, "mejor sí" after a no; and the flow's phrases said in a message.
 */
import type { ConversationEvent } from '../conversation/events.js';
import type { AnswerKey } from './answer-key.js';
import {
  CLAUSE_ENDS,
  HEDGES,
  NEGATIONS,
  pastOpeners,
  withoutGreeting,
  withoutPoliteEnd,
  wordsOf,
} from './answer-words.js';
import { isLaugh } from '../keywords/index.js';

/**
 * Whether `event` takes in what the customer was told: thanks ("vale, gracias", "sí, gracias")
 * or a built-in way of acknowledging ("vale", "dale", "sure", "pode ser").
 */
export function acknowledges(key: AnswerKey, event: ConversationEvent): boolean {
  if (event.smallTalk === 'thanks') return true;
  return 'text' in event && event.text !== undefined && key.acknowledge.has(wordsOf(event.text));
}

/**
 * Whether `event` takes back a yes: the flow's no typed (not tapped), or a built-in way of taking
 * one back in the conversation's `language` ("wait no", "me equivoqué"). Only right after the
 * thanks for it: see `takesBackYes`.
 */
export function takesBack(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  if (event.type === 'answer.no') return event.prompt === undefined;
  return (
    saysOneOf(key.takeBack, event, language) ||
    beginsTakingBack(key, event, language) ||
    madeOfTakeBacks(key, event, language)
  );
}

/** The most words a take-back phrase has, for {@link madeOfTakeBacks}. */
const LONGEST_TAKE_BACK = 8;

/**
 * Whether the whole of `event` is ways of taking a yes back, the flow's no words and hedges
 * around them, with at least one of the former: "actually no i changed my mind", "nvm no", "ay
 * perdón me equivoqué de botón, no quiero", "ops errei o botão, não quero". A yes anywhere in
 * it, or any other word, and it is not.
 */
function madeOfTakeBacks(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  const takeBack = key.takeBack.get(language);
  if (!takeBack || event.type !== 'message' || event.text === undefined) return false;
  const no = key.noWords.get(language);
  return madeOf(
    wordsOf(event.text).split(' '),
    (part) => takeBack.has(part) || no?.has(part) === true,
    (part) => HEDGES.has(part),
  );
}

/**
 * Whether `words` are parts that `said` takes (at least one) and parts `around` takes, each of
 * at most {@link LONGEST_TAKE_BACK} words, and nothing else.
 */
function madeOf(
  words: readonly string[],
  said: (part: string) => boolean,
  around: (part: string) => boolean = () => false,
): boolean {
  // How each prefix of the words can be read: 0 not at all, 1 as `around` alone, 2 with a part
  // `said` takes.
  const read = new Array<number>(words.length + 1).fill(0);
  read[0] = 1;
  for (let from = 0; from < words.length; from += 1) {
    if (read[from] === 0) continue;
    for (let to = from + 1; to <= Math.min(words.length, from + LONGEST_TAKE_BACK); to += 1) {
      const part = words.slice(from, to).join(' ');
      if (said(part)) read[to] = 2;
      else if (around(part)) read[to] = Math.max(read[to]!, read[from]!);
    }
  }
  return read[words.length] === 2;
}

/**
 * Whether `event` takes back a no: a built-in way of doing so in the conversation's `language`
 * ("actually, yes", "mejor sí"), or the question's yes or "let me choose" button title typed
 * ("Sí, todos"); never a bare yes word, which after "fine, we won't" is mostly an "ok" ("vale",
 * "sure"). Only right after the no was acknowledged: see `takesBackNo`.
 */
export function takesBackNo(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  if (saysOneOf(key.takeBackNo, event, language)) return true;
  if (event.type !== 'message' || event.text === undefined) return false;
  const said = wordsOf(event.text);
  // With thanks or a please after it: "mejor sí gracias", "actually yes thanks".
  const polite = withoutPoliteEnd(said.split(' '), language).join(' ');
  if (key.takeBackNo.get(language)?.has(polite) === true) return true;
  // The question's own "Sí, todos" or "Quiero elegir", typed: no "ok", an explicit ask; after
  // a hedge or a greeting too ("nvm, yes all of them", "bueno, sí todos").
  const plain = pastOpeners(withoutGreeting(said.split(' '))).join(' ');
  const button = key.titles.question.get(said) ?? key.titles.question.get(plain);
  return button === 'yes' || button === 'choose';
}

/**
 * Whether `event` takes back a STOP just confirmed: a change of mind said with no no in it
 * ("changed my mind", "me equivoqué", "mudei de ideia", "errei"), or a no taken back ("mejor
 * sí", "afinal quero"). "Actually no", "i dont want them" confirm the stop instead.
 */
export function takesBackStop(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  if (event.type !== 'message' || event.text === undefined) return false;
  if (takesBackNo(key, event, language)) return true;
  // Past laughs and thanks, and openers unless one begins the phrase ("sorry changed my mind",
  // "mudei de ideia kkk", "mejor sí gracias": "mejor" opens other messages), one or more of
  // them ("errei foi sem querer").
  const said = wordsOf(event.text)
    .split(' ')
    .filter((word) => !isLaugh(word));
  const plain = new Set([
    ...[...(key.takeBack.get(language) ?? [])].filter((phrase) =>
      phrase.split(' ').every((word) => !NEGATIONS.has(word)),
    ),
    ...(key.takeBackNo.get(language) ?? []),
  ]);
  return [said, pastOpeners(said)].some((words) =>
    madeOf(withoutPoliteEnd(words, language), (part) => plain.has(part)),
  );
}

/**
 * A longer message that begins with a built-in way of taking a yes back, as one or more whole
 * clauses, and goes on refusing (a negation) with no yes: "wait no, actually i dont want
 * them", "ops, errei, não quero não". Not "wait no, yes I want them", whose yes stands, nor
 * talk about something else that opens so ("Ay no, mi pedido llegó roto", "Oops no, I meant to
 * ask where my order is").
 */
function beginsTakingBack(key: AnswerKey, event: ConversationEvent, language: string): boolean {
  const phrases = key.takeBack.get(language);
  if (!phrases || event.type !== 'message' || event.text === undefined) return false;
  const words = wordsOf(event.text).split(' ');
  // The clauses' ends, in words: a take-back must end at one.
  let end = 0;
  for (const clause of event.text.split(CLAUSE_ENDS)) {
    const clauseWords = wordsOf(clause);
    if (clauseWords === '') continue;
    const count = clauseWords.split(' ').length;
    end += count;
    if (end >= words.length) return false;
    if (!phrases.has(words.slice(0, end).join(' '))) continue;
    const rest = words.slice(end);
    if (!rest.some((word) => NEGATIONS.has(word))) return false;
    const yes = [...(key.yesWords.get(language) ?? []), ...(key.takeBackNo.get(language) ?? [])];
    return !yes.some((said) => saysUnnegated(words, end, said.split(' ')));
  }
  return false;
}

/** Whether `words` from `from` on hold `phrase` somewhere not right after a negation. */
function saysUnnegated(words: readonly string[], from: number, phrase: readonly string[]): boolean {
  for (let i = from; i + phrase.length <= words.length; i += 1) {
    const negated = i > from && NEGATIONS.has(words[i - 1]!);
    if (!negated && phrase.every((word, j) => words[i + j] === word)) {
      return true;
    }
  }
  return false;
}

export function saysOneOf(
  phrases: ReadonlyMap<string, ReadonlySet<string>>,
  event: ConversationEvent,
  language: string,
): boolean {
  return (
    event.type === 'message' &&
    event.text !== undefined &&
    phrases.get(language)?.has(wordsOf(event.text)) === true
  );
}
