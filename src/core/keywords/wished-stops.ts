/**
 * A wish for kinds to stop said with the kinds first, "i want the codes and promos to stop", "i
 * need the promos to end, keep the order updates": read as the same wish with the stop first, "i
 * want to stop the codes and promos", so the kinds are read as one list (the first of them is
 * not a kind wanted).
 */
import type { KeywordIndex } from './keyword-index.js';
import { QUESTION } from './message-clauses.js';
import { kindsNamedPlainly } from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';

/**
 * `text` with the stop before the kinds, when it opens with a wish for kinds named plainly to
 * stop ("i'd like the order updates and the codes to stop please", "…, but keep the promos");
 * else `text` as it is. Not a question ("do you want the codes to stop?"), nor kinds in the
 * singular ("i want my order to stop": a purchase), nor words that are no kinds ("i want them to
 * stop"), nor a stop of something else ("i want the codes to stop failing").
 */
export function withStopBeforeKinds(index: KeywordIndex, text: string): string {
  if (QUESTION.test(text)) return text;
  const wish = WISHED_STOP.exec(text);
  const { lead, kinds } = wish?.groups ?? {};
  if (wish === null || lead === undefined || kinds === undefined) return text;
  if (kindsNamedPlainly(index, phraseWords(kinds)).length === 0) return text;
  // (What follows is said of its own: "…to stop and the promos to continue" keeps the promos.)
  const rest = text.slice(wish[0].length);
  return `${lead} to stop ${kinds}${/^\s+and\s/iu.test(rest) ? `,${rest}` : rest}`;
}

/** Words a wish may open with before its verb ("i really want", "we would like", "i'd like"). */
const WISHING = ['i', 'we', 'just', 'really', 'would', "i['’]?d", 'so', 'honestly', 'seriously'];

/**
 * A wish, the kinds, and "to stop" or "to end" where a clause ends: at the message's end, at
 * punctuation, or before "but", "and", "please", "now" ("…to stop but keep the order updates").
 */
const WISHED_STOP = new RegExp(
  `^\\s*(?<lead>(?:(?:${WISHING.join('|')})\\s+)+(?:want|wanna|need|like))\\s+(?<kinds>.+?)\\s+to\\s+(?:stop|end|cease|quit)(?=\\s*$|\\s*[,.;:!]|\\s+(?:but|and|please|pls|plz|now|asap|already|thanks|thx)(?:\\s|$))`,
  'iu',
);
