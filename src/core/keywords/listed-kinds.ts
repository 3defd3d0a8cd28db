/**
 * Kinds listed across clauses ("stop the order updates and promos", "…, login codes only"): how far
 * a list of kinds goes on, and what a closing "only" keeps.
 */
import type { KeywordIndex } from './keyword-index.js';
import {
  CLAUSES_AND_BREAKS,
  JOINING_BREAK,
  PUNCTUATION_BREAK,
  SAYS_MORE,
  withoutFillers,
} from './message-clauses.js';
import { withoutAround } from './excepted-kinds.js';
import { ONLY, ONLY_WORDS, THANKS_FOR, kindsAlone } from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';

/** Whether `clause` ends with "only" right after a kind's name ("stop the promos only"). */
export function closesWithOnly(index: KeywordIndex, clause: string): boolean {
  const [before, last] = phraseWords(clause).slice(-2);
  if (before === undefined || last === undefined || !ONLY.includes(last)) return false;
  return (
    kindsAlone(index, [before]).length > 0 ||
    index.labels.some((label) => ` ${label.tokens}`.endsWith(` ${before} `))
  );
}

/**
 * The kinds a clause of `text` names alone before a closing "only" ("stop the order updates and
 * promos, login codes only"): the ones to keep. Empty when no clause ends so.
 */
export function keptByOnlyAfter(index: KeywordIndex, text: string): string[] {
  for (const part of text.split(PUNCTUATION_BREAK)) {
    const words = withoutFillers(index, phraseWords(part));
    if (words.length < 2 || !ONLY.includes(words.at(-1)!)) continue;
    const kept = kindsAlone(index, words.slice(0, -1));
    if (kept.length > 0) return kept;
  }
  return [];
}

/**
 * The kinds the clauses after `clause` of `text` go on to name, while each names kinds only,
 * with no "only": "stop the order updates | and promos", "stop the order updates | , promos | and
 * login codes", "stop the promos | , login codes too". When something other follows the list,
 * it may speak of the kinds listed after a comma ("stop the deals, order updates and login codes
 * are fine"): then only those joined by "and" count ("stop the order updates and promos, i still
 * want login codes").
 */
export function kindsListedAfter(index: KeywordIndex, text: string, clause: string): string[] {
  // The clauses and, between them, what broke them.
  const pieces = text.split(CLAUSES_AND_BREAKS);
  const at = pieces.indexOf(clause);
  if (at < 0) return [];
  const joined: string[] = [];
  const listed: string[] = [];
  let onlyJoined = true;
  for (let i = at + 2; i < pieces.length; i += 2) {
    const piece = pieces[i] ?? '';
    const words = phraseWords(piece);
    // "…, just orders" says what to keep; "…, order updates ok 👍" says more than kinds; "…and
    // codes thanks for the order updates" ends the list at the thanks.
    const thanked = THANKS_FOR.exec(piece);
    if (thanked) {
      const before = kindsAlone(index, withoutAround(phraseWords(piece.slice(0, thanked.index))));
      return JOINING_BREAK.test(pieces[i - 1] ?? '') && onlyJoined
        ? [...joined, ...before]
        : [...listed, ...before];
    }
    if (words.some((word) => ONLY_WORDS.has(word)) || SAYS_MORE.test(piece)) return joined;
    // Nothing between two breaks (", and login codes"), or at the end: the list goes on, or ends.
    if (words.length === 0) {
      if (i === pieces.length - 1) return listed;
      continue;
    }
    // ("…, login codes too please", "…y codigos gracias".)
    const named = kindsAlone(index, withoutAround(words));
    if (named.length === 0) return joined;
    onlyJoined &&= JOINING_BREAK.test(pieces[i - 1] ?? '');
    listed.push(...named);
    if (onlyJoined) joined.push(...named);
  }
  return listed;
}
