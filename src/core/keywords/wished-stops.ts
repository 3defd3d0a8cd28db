/**
 * A wish for kinds to stop said with the kinds first, "i want the codes and promos to stop", "i
 * need the promos to end": read as the same wish with the stop first, "i want to stop the codes
 * and promos", so the kinds are read as one list (the first of them is not a kind wanted).
 */
import type { KeywordIndex } from './keyword-index.js';
import { QUESTION } from './message-clauses.js';
import { kindsNamedPlainly } from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';

/**
 * `text` with the stop before the kinds, when the whole message wishes kinds named plainly to
 * stop ("i'd like the order updates and the codes to stop please"); else `text` as it is. Not a
 * question ("do you want the codes to stop?"), nor kinds in the singular ("i want my order to
 * stop": a purchase), nor words that are no kinds ("i want them to stop").
 */
export function withStopBeforeKinds(index: KeywordIndex, text: string): string {
  if (QUESTION.test(text)) return text;
  const wish = WISHED_STOP.exec(phraseWords(text).join(' '));
  const { lead, kinds, after } = wish?.groups ?? {};
  if (lead === undefined || kinds === undefined) return text;
  if (kindsNamedPlainly(index, kinds.split(' ')).length === 0) return text;
  return `${lead} to stop ${kinds}${after ?? ''}`;
}

/** Words a wish may open with before its verb ("i really want", "we would like", "id like"). */
const WISHING = ['i', 'we', 'just', 'really', 'would', 'id', 'so', 'honestly', 'seriously'];

/** A wish, the kinds, "to stop" or "to end", and what may close it ("please", "now"). */
const WISHED_STOP = new RegExp(
  `^(?<lead>(?:(?:${WISHING.join('|')}) )+(?:want|wanna|need|like)) (?<kinds>.+) to (?:stop|end|cease|quit)(?<after>(?: (?:please|pls|plz|now|asap|already|thanks|thx))*)$`,
  'u',
);
