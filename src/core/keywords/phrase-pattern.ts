/**
 * The pattern language of opt-out phrasings (see `builtin/language-data.ts`, `PhraseData`):
 * words, `(a|b)` alternatives, `[a|b]` optional alternatives, `{group}` word groups and `...`
 * (up to three words of any kind), compiled to a regular expression over a message's words.
 */
import { normalizeForMatching } from './normalize-text.js';
import { rememberedByText } from './remembered-text.js';

/**
 * A pattern compiled: the source of a regex over `phraseWords(text).join(' ') + ' '`, and its
 * `anchor` when it has one: words of which every message it matches has at least one (the
 * spellings of a word it cannot do without). A message with none of them needs no regex.
 */
export type CompiledPattern =
  { readonly regex: string; readonly anchor?: readonly string[] } | { readonly error: string };

/** Shorthands people type for words, by word: `{ que: ['q', 'k'] }` (see `PhraseData`). */
export type Shorthands = Readonly<Record<string, readonly string[]>>;

const NO_SHORTHANDS: Shorthands = Object.freeze({});

/** How many words `...` may stand for. */
const GAP_WORDS = 3;

type Lexeme = '(' | ')' | '[' | ']' | '|' | '...' | { group: string } | { word: string };

/**
 * The words of a text as phrases see them: normalised like keywords, apostrophes dropped
 * ("don't" is `dont`, "I'd" is `id`), "&" as "and", split on anything that is not a letter or
 * digit.
 * @example phraseWords("Don't text me!") // ['dont', 'text', 'me']
 */
export const phraseWords: (text: string) => readonly string[] = rememberedByText((text) =>
  // ("promos & codes": "and".)
  Object.freeze(
    normalizeForMatching(text.replace(/['’‘`´]/gu, '').replace(/&/gu, ' and '))
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 0),
  ),
);

/**
 * Compiles one pattern with the word groups of its language, and its shorthands: a word of the
 * pattern (or of a group) also matches the shorthands typed for it. Each word of the result ends
 * with a space, so a regex made of it matches the words of a message joined as `w1 w2 … wn `.
 * @example compilePattern('stop [it]', {}) // { regex: 'stop (?:it )?' }
 * @example compilePattern('no quiero', {}, { no: ['n'] }) // { regex: '(?:no |n )quiero ' }
 */
export function compilePattern(
  pattern: string,
  groups: Readonly<Record<string, readonly string[]>>,
  shorthands: Shorthands = NO_SHORTHANDS,
): CompiledPattern {
  const lexemes = lex(pattern);
  if (typeof lexemes === 'string') return { error: lexemes };
  let position = 0;

  /**
   * A piece of the regex, whether it can match no word at all, and its anchor: words one of
   * which every match has (none when it has no word it cannot do without).
   */
  type Piece = {
    readonly regex: string;
    readonly empty: boolean;
    readonly anchor?: ReadonlySet<string>;
  };
  const sequence = (): Piece | { error: string } => {
    let regex = '';
    let empty = true;
    // Of the words the sequence cannot do without, the fewest spellings: the most telling.
    let anchor: ReadonlySet<string> | undefined;
    const needs = (words: ReadonlySet<string> | undefined) => {
      if (words && words.size > 0 && (!anchor || words.size < anchor.size)) anchor = words;
    };
    while (position < lexemes.length) {
      const lexeme = lexemes[position]!;
      if (lexeme === ')' || lexeme === ']' || lexeme === '|') break;
      position += 1;
      if (lexeme === '...') regex += `(?:[^ ]+ ){0,${GAP_WORDS}}`;
      else if (lexeme === '(' || lexeme === '[') {
        const close = lexeme === '(' ? ')' : ']';
        const inner = alternatives();
        if ('error' in inner) return inner;
        if (lexemes[position] !== close)
          return { error: `"${lexeme}" is not closed with "${close}"` };
        position += 1;
        regex += `(?:${inner.regex})${close === ']' ? '?' : ''}`;
        empty &&= close === ']' || inner.empty;
        if (close === ')') needs(inner.anchor);
      } else if (typeof lexeme === 'object' && 'group' in lexeme) {
        const words = groups[lexeme.group];
        if (!words) {
          const known = Object.keys(groups);
          return {
            error: `{${lexeme.group}} is not a word group${known.length > 0 ? `; use one of ${known.map((g) => `{${g}}`).join(', ')}` : ''}`,
          };
        }
        const source = groupSource(groups, shorthands, lexeme.group, words);
        regex += `(?:${source})`;
        empty &&= source === '' || words.some((w) => literal(w, shorthands) === '');
        const firsts = words.map((w) => firstSpellings(w, shorthands));
        if (firsts.every((f) => f.length > 0)) needs(new Set(firsts.flat()));
      } else {
        const word = literal(lexeme.word, shorthands);
        regex += word;
        empty &&= word === '';
        needs(new Set(firstSpellings(lexeme.word, shorthands)));
      }
    }
    return { regex, empty, ...(anchor ? { anchor } : {}) };
  };
  const alternatives = (): Piece | { error: string } => {
    const parts: Piece[] = [];
    for (;;) {
      const part = sequence();
      if ('error' in part) return part;
      parts.push(part);
      if (lexemes[position] !== '|') {
        // Every alternative must have an anchor for the alternation to have one: all of them.
        const anchors = parts.map((p) => p.anchor);
        const anchor = anchors.every((a) => a !== undefined)
          ? new Set(anchors.flatMap((a) => [...a]))
          : undefined;
        return {
          regex: alternation(parts.map((p) => p.regex)),
          empty: parts.some((p) => p.empty),
          ...(anchor ? { anchor } : {}),
        };
      }
      position += 1;
    }
  };

  const whole = alternatives();
  if ('error' in whole) return whole;
  const stray = lexemes[position];
  if (stray !== undefined)
    return { error: `"${typeof stray === 'string' ? stray : '…'}" is out of place` };
  if (whole.empty) {
    return { error: 'matches an empty message; it needs at least one word that is not optional' };
  }
  return { regex: whole.regex, ...(whole.anchor ? { anchor: [...whole.anchor] } : {}) };
}

/** How the first word of `text` may be written: itself and its shorthands' first words. */
function firstSpellings(text: string, shorthands: Shorthands): string[] {
  const [first] = phraseWords(text);
  if (first === undefined) return [];
  const short = Object.hasOwn(shorthands, first) ? shorthands[first] : undefined;
  return [first, ...(short ?? []).flatMap((s) => phraseWords(s).slice(0, 1))];
}

function lex(pattern: string): Lexeme[] | string {
  const lexemes: Lexeme[] = [];
  const source = pattern.trim();
  for (let i = 0; i < source.length;) {
    const ch = source[i]!;
    if (/\s/u.test(ch)) {
      i += 1;
    } else if (source.startsWith('...', i)) {
      lexemes.push('...');
      i += 3;
    } else if ('()[]|'.includes(ch)) {
      lexemes.push(ch as Lexeme);
      i += 1;
    } else if (ch === '{') {
      const end = source.indexOf('}', i);
      if (end < 0) return '"{" is not closed with "}"';
      lexemes.push({ group: source.slice(i + 1, end).trim() });
      i = end + 1;
    } else {
      let end = i;
      while (
        end < source.length &&
        !/[\s()[\]|{}]/u.test(source[end]!) &&
        !source.startsWith('...', end)
      ) {
        end += 1;
      }
      if (end === i) return `"${ch}" is out of place`;
      lexemes.push({ word: source.slice(i, end) });
      i = end;
    }
  }
  return lexemes;
}

/**
 * Each language's word groups, as regex source with its shorthands: every pattern of the
 * language reuses them.
 */
const groupSources = new WeakMap<object, WeakMap<Shorthands, Map<string, string>>>();

function groupSource(
  groups: Readonly<Record<string, readonly string[]>>,
  shorthands: Shorthands,
  name: string,
  words: readonly string[],
): string {
  const byShorthands = groupSources.get(groups) ?? new WeakMap<Shorthands, Map<string, string>>();
  groupSources.set(groups, byShorthands);
  const sources = byShorthands.get(shorthands) ?? new Map<string, string>();
  byShorthands.set(shorthands, sources);
  const known = sources.get(name);
  if (known !== undefined) return known;
  const source = alternation(words.map((word) => literal(word, shorthands)));
  sources.set(name, source);
  return source;
}

/**
 * A literal word (or words: "opt-out" is two) as regex source, each followed by a space; a word
 * with shorthands as the alternatives of it and them.
 */
function literal(text: string, shorthands: Shorthands): string {
  return phraseWords(text)
    .map((word) => {
      const short = Object.hasOwn(shorthands, word) ? shorthands[word] : undefined;
      if (!short || short.length === 0) return `${escape(word)} `;
      const spellings = [word, ...short.flatMap((s) => phraseWords(s).join(' ') || [])];
      return `(?:${alternation(spellings.map((s) => `${escape(s)} `))})`;
    })
    .join('');
}

/** Alternatives, longest first so the regex prefers the fuller reading. */
function alternation(parts: readonly string[]): string {
  return [...new Set(parts)].sort((a, b) => b.length - a.length).join('|');
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
