/**
 * A list of kinds typed without its joins, made whole before the message is read: "stop promos
 * codes orders", "stop the orders, codes, promos", "codes, promos, stop" are read as "…promos and
 * codes and orders". Commas make a list only at the message's end, or at its start before a
 * stopping verb: elsewhere a comma may end what is said of a kind ("orders, codes no").
 */
import type { KeywordIndex } from './keyword-index.js';
import {
  ALSO_WORDS,
  ARTICLES,
  JOINS,
  PLEASE_WORDS,
  STOPPING_VERBS,
  pluralKinds,
} from './named-kinds.js';
import { normalizeForMatching } from './normalize-text.js';

/** `text` with the joins its lists of kinds leave out, in `language` ("and", "y", "e"). */
export function withListedKindsJoined(
  index: KeywordIndex,
  text: string,
  language: string | undefined,
): string {
  const words = [...text.matchAll(WORD)].map((found) => ({
    at: found.index,
    end: found.index + found[0].length,
    said: normalizeForMatching(found[0]),
  }));
  const kinds = words.map((word) => pluralKinds(index, word.said));
  const and = language === 'es' ? ' y ' : language === 'pt' ? ' e ' : ' and ';
  const gaps: Gap[] = [];
  let from = 0;
  while (from < words.length) {
    const run = listFrom(words, kinds, text, from);
    const atEnd = CLOSING.test(text.slice(words[run.last]!.end));
    const opens = words.slice(0, from).every((word) => ARTICLES.has(word.said));
    const next = words.slice(run.last + 1).filter((word) => !PLEASE_WORDS.has(word.said));
    const stopped = opens && STOPPED.test(`${next.map((word) => word.said).join(' ')} `);
    // ("stop codes promos yes": the promos are wanted, not listed with the codes; a comma.)
    const yes = YES.has(next[0]?.said ?? '') ? run.gaps.at(-1) : undefined;
    for (const gap of run.gaps) {
      if (gap === yes && !gap.comma) gaps.push({ ...gap, fill: ', ' });
      else if (gap !== yes && (!gap.comma || atEnd || stopped)) gaps.push(gap);
    }
    from = run.last + 1;
  }
  let joined = '';
  let at = 0;
  for (const gap of gaps) {
    joined += `${text.slice(at, gap.start)}${gap.fill ?? (gap.joined ? ' ' : and)}`;
    at = gap.end;
  }
  return joined + text.slice(at);
}

/**
 * Where a list's join is left out between two kinds ("promos codes", "orders, codes"), or a comma
 * stands before one ("codes, and promos"): what is between, whether it has a comma, and whether
 * a join follows it.
 */
type Gap = {
  readonly start: number;
  readonly end: number;
  readonly comma: boolean;
  joined: boolean;
  /** What fills it instead of the join ("stop codes, promos yes"). */
  readonly fill?: string;
};

/**
 * The list of kinds from word `from`: its last kind word, and its gaps (not "ofertas especiales",
 * a kind's own words).
 */
function listFrom(
  words: readonly { at: number; end: number; said: string }[],
  kinds: readonly (readonly string[])[],
  text: string,
  from: number,
): { last: number; gaps: Gap[] } {
  const gaps: Gap[] = [];
  let last = from;
  if (kinds[from]!.length === 0) return { last, gaps };
  // The gap after the last kind word, and whether a join came after it.
  let gap: Gap | undefined;
  for (let i = from + 1; i < words.length; i += 1) {
    const [start, end] = [words[i - 1]!.end, words[i]!.at];
    const between = text.slice(start, end);
    if (!SPACE_OR_COMMA.test(between)) break;
    const said = words[i]!.said;
    if (i === last + 1) gap = { start, end, comma: between.includes(','), joined: false };
    if (JOINS.has(said) && gap) gap.joined = true;
    if (ARTICLES.has(said) || JOINS.has(said)) continue;
    const [kind, before] = [kinds[i]!, kinds[last]!];
    if (kind.length === 0) break;
    const apart = !before.some((id) => kind.includes(id));
    if (gap && apart && (!gap.joined || gap.comma)) gaps.push(gap);
    last = i;
  }
  return { last, gaps };
}

/** What stops kinds named before it: a stopping verb, or a refusal ("no more", "ya no"). */
const STOPPED = new RegExp(
  `^(?:${[...STOPPING_VERBS].join('|')}|no more|no longer|no mas|ya no|no quiero|nao quero|nunca mais|nao mais) `,
  'u',
);

/** A yes after kinds, which wants them ("…, promos yes", "ofertas sí", "promoções sim"). */
const YES: ReadonlySet<string> = new Set(['yes', 'yeah', 'yep', 'si', 'sim', 'ok', 'okay']);

/** A word as typed. */
const WORD = /\p{L}+/gu;

/** Spaces, or a comma, a slash or a plus with spaces ("promos/codes", "promos + codes"). */
const SPACE_OR_COMMA = /^\s*[,/+]?\s*$/u;

/**
 * What may close a message after its list: punctuation, emoji, "please", "thanks", "too"
 * ("paren pedidos, codigos también").
 */
const CLOSING_WORDS = [...PLEASE_WORDS, ...ALSO_WORDS, 'también', 'também', 'as well'];
const CLOSING = new RegExp(
  `^(?:[\\s.!,]|\\p{Extended_Pictographic}|\\uFE0F|(?<!\\p{L})(?:${[...CLOSING_WORDS, 'thanks', 'thx', 'gracias', 'obrigado', 'obrigada', 'por favor'].join('|')})(?!\\p{L}))*$`,
  'iu',
);
