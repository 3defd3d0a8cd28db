/**
 * A wish for kinds to stop said with the kinds first, "i want the codes and promos to stop", "i
 * need the promos to end, keep the order updates": read as the same wish with the stop first, "i
 * want to stop the codes and promos", so the kinds are read as one list (the first of them is
 * not a kind wanted). And its opposite, "i dont want the promos to stop": no wish to stop.
 */
import type { KeywordIndex } from './keyword-index.js';
import { QUESTION } from './message-clauses.js';
import {
  ARTICLES,
  EVERYTHING,
  ONLY_WORDS,
  PLEASE_WORDS,
  THEM,
  kindsNamedIn,
  kindsNamedPlainly,
} from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';

/**
 * `text` with the stop before the kinds, when it opens with a wish for kinds named plainly, or
 * everything, to stop ("i'd like the order updates and the codes to stop please", "…, but keep
 * the promos", "i want all to stop but the codes"); else `text` as it is. Not a question ("do you
 * want the codes to stop?"), nor kinds in the singular ("i want my order to stop": a purchase),
 * nor words that are no kinds ("i want them to stop"), nor a stop of something else ("i want the
 * codes to stop failing").
 */
export function withStopBeforeKinds(index: KeywordIndex, text: string): string {
  if (QUESTION.test(text)) return text;
  const wish = WISHED_STOP.exec(text);
  const { lead, kinds } = wish?.groups ?? {};
  if (wish === null || lead === undefined || kinds === undefined) return text;
  // ("i want all to stop but the codes": everything, then what is kept; "i want everything but
  // the order updates to stop": everything but those.)
  const words = phraseWords(kinds);
  const all =
    words.some((word) => EVERYTHING.has(word)) &&
    words.every((word) => EVERYTHING.has(word) || word === 'of' || word === 'it');
  const [first = '', but = '', ...kept] = words;
  const allBut =
    EVERYTHING.has(first) &&
    (but === 'but' || but === 'except') &&
    kindsNamedPlainly(index, kept).length > 0;
  if (!all && !allBut && kindsNamedPlainly(index, words).length === 0) return text;
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

/**
 * Whether the message wishes the kinds it names, or "them", not to stop: "i dont want the promos
 * to stop", "i don't want the codes and promos to stop, i need them", "…to stop anymore" (no wish
 * to stop). Not "i dont want anything, i want it all to stop", nor one whose rest asks to stop
 * (`stopsIn`: "…to stop, stop the codes instead").
 */
export function wishesNoStop(
  index: KeywordIndex,
  text: string,
  stopsIn: (rest: string) => boolean,
): boolean {
  const wish = NO_STOP_WISHED.exec(text);
  const kinds = wish?.groups?.['kinds'];
  if (wish === null || kinds === undefined) return false;
  const words = phraseWords(kinds);
  const them = words.every((word) => THEM.has(word) || ARTICLES.has(word));
  if (!them && kindsNamedPlainly(index, words).length === 0) return false;
  // (What follows may name what to stop instead: "…, only the promos", "…, but no codes" are read
  // as a whole.)
  const rest = text.slice(wish[0].length);
  const after = phraseWords(rest);
  if (after.length === 0) return true;
  return kindsNamedIn(index, ` ${after.join(' ')} `, true).size === 0 && !stopsIn(rest);
}

/**
 * The kinds to stop instead, when a wish not to stop some goes on with "only" and others: "i dont
 * want the codes to stop, only the promos", "…, just the order updates" (the promos, the order
 * updates); `undefined` for any other message.
 */
export function kindsToStopInstead(index: KeywordIndex, text: string): string[] | undefined {
  const wish = NO_STOP_WISHED.exec(text);
  if (wish === null) return undefined;
  const [only, ...rest] = phraseWords(text.slice(wish[0].length)).filter((word) => word !== 'but');
  if (only === undefined || !ONLY_WORDS.has(only)) return undefined;
  const kinds = kindsNamedPlainly(
    index,
    rest.filter((word) => !PLEASE_WORDS.has(word)),
  );
  return kinds.length > 0 ? kinds : undefined;
}

/** "(no, wait,) i don't want …kinds… to stop (anymore, please)", and what follows it. */
const NO_STOP_WISHED =
  /^\s*(?:(?:no|nah|nope|wait|hold on)[,\s]+)*(?:i\s+)?(?:dont|don['’]t|do not|never)\s+(?:want|need)\s+(?<kinds>[^,.;:!?]+?)\s+to\s+(?:stop|end)(?:\s+(?:anymore|any more|ever|please|pls|plz|now|thanks|thx))*(?=[\s,.;:!]*$|\s*[,.;:!]|\s+but\s)/iu;
