/**
 * Small typos of an opt-out word, so "stpo", "stopp" and "unsubscibe" still stop. Only for a
 * message that is one word: a typo inside a sentence is left alone.
 */

/** Words shorter than this are never read as typos (END is not "edn"). */
const MIN_TYPO_LENGTH = 4;
/** Words at least this long also allow one letter more, less or different. */
const MIN_EDIT_LENGTH = 8;

/**
 * True when `word` is `keyword` with a doubled letter ("stopp"), two neighbouring letters swapped
 * ("stpo"), or, for long keywords, one letter added, missing or wrong ("unsubscibe").
 * @example isTypoOf('stpo', 'stop') // true
 */
export function isTypoOf(word: string, keyword: string): boolean {
  return isTypo(spelling(word), spelling(keyword));
}

/** A word's letters and its runs of one letter made single, worked out once for {@link isTypo}. */
export interface Spelling {
  readonly word: string;
  readonly letters: readonly string[];
  readonly collapsed: string;
}

/** @example spelling('stoppp') // { word: 'stoppp', letters: ['s', 't', 'o', 'p', 'p', 'p'], collapsed: 'stop' } */
export function spelling(word: string): Spelling {
  return { word, letters: [...word], collapsed: collapse(word) };
}

/** {@link isTypoOf} for spellings made once: an opt-out word's, checked against every message. */
export function isTypo(typed: Spelling, keyword: Spelling): boolean {
  if (typed.word === keyword.word || keyword.letters.length < MIN_TYPO_LENGTH) return false;
  if (typed.collapsed === keyword.collapsed) return true;
  if (swapped(typed.letters, keyword.letters)) return true;
  return (
    keyword.letters.length >= MIN_EDIT_LENGTH && lettersOneEditApart(typed.letters, keyword.letters)
  );
}

/** Runs of one letter made single: "stoppp" → "stop". */
function collapse(word: string): string {
  return word.replace(/(.)\1+/gu, '$1');
}

function swapped(x: readonly string[], y: readonly string[]): boolean {
  if (x.length !== y.length) return false;
  const diff = x.flatMap((ch, i) => (ch === y[i] ? [] : [i]));
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && x[i] === y[j] && x[j] === y[i];
}

/** True when `a` and `b` differ by one letter added, missing or different. */
export function oneEditApart(a: string, b: string): boolean {
  return lettersOneEditApart([...a], [...b]);
}

function lettersOneEditApart(x: readonly string[], y: readonly string[]): boolean {
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (x.length > y.length) i += 1;
    else if (x.length < y.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (x.length - i) + (y.length - j) <= 1;
}
