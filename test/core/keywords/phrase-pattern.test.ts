import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, phraseWords } from '../../../src/core/keywords/index.js';
import type { Shorthands } from '../../../src/core/keywords/phrase-pattern.js';
import { BUILTIN_LANGUAGES } from '../../../src/core/keywords/builtin/index.js';
import { isTypoOf } from '../../../src/core/keywords/typo.js';
import { seededRandom } from '../../support/seeded-random.js';

const groups = { send: ['sending', 'texting'], messages: ['messages', 'text messages'] };
const matches = (pattern: string, text: string) => {
  const compiled = compilePattern(pattern, groups);
  if (!('regex' in compiled)) throw new Error(compiled.error);
  return new RegExp(`^(?:${compiled.regex})$`, 'u').test(`${phraseWords(text).join(' ')} `);
};

/**
 * Patterns of any shape, four levels deep, made of `leaves`: sequences, `(a|b)` alternatives
 * and `[a|b]` optional parts.
 */
function patternOf(leaves: readonly string[]): fc.Arbitrary<string> {
  const piece: fc.Memo<string> = fc.memo((depth) =>
    depth <= 1
      ? fc.constantFrom(...leaves)
      : fc.oneof(
          piece(depth - 1),
          fc.array(piece(depth - 1), { minLength: 1, maxLength: 3 }).map((p) => p.join(' ')),
          fc.array(piece(depth - 1), { minLength: 1, maxLength: 3 }).map((p) => `(${p.join('|')})`),
          fc.array(piece(depth - 1), { minLength: 1, maxLength: 3 }).map((p) => `[${p.join('|')}]`),
        ),
  );
  return piece(4);
}

describe('opt-out phrasing patterns', () => {
  it('reads words as keywords are read, and drops apostrophes', () => {
    expect(phraseWords("Don't TEXT me!! I'd…")).toEqual(['dont', 'text', 'me', 'id']);
    expect(phraseWords('NÃO me mandem')).toEqual(['nao', 'me', 'mandem']);
  });

  it('matches alternatives, optional words, word groups and short gaps', () => {
    const pattern = '(stop|quit) {send} [me] [{messages}]';
    expect(matches(pattern, 'stop sending me messages')).toBe(true);
    expect(matches(pattern, 'Quit texting me!')).toBe(true);
    expect(matches(pattern, 'stop sending me text messages')).toBe(true);
    expect(matches(pattern, 'stop sending me the parcel')).toBe(false);
    expect(matches('how ... stop', 'how do i stop')).toBe(true);
    expect(matches('how ... stop', 'how do i make it all stop')).toBe(false);
  });

  it('matches the shorthands people type for a word of the pattern or of a group, and nothing more', () => {
    const shorthands = { no: ['n'], que: ['q', 'k'], messages: ['msgs'] };
    const compiled = compilePattern('no quiero que {send} [me] {messages}', groups, shorthands);
    if (!('regex' in compiled)) throw new Error(compiled.error);
    const reads = (text: string) =>
      new RegExp(`^(?:${compiled.regex})$`, 'u').test(`${phraseWords(text).join(' ')} `);
    expect(reads('no quiero que texting me messages')).toBe(true);
    expect(reads('n quiero q texting me msgs')).toBe(true);
    expect(reads('N quiero K sending msgs')).toBe(true);
    expect(reads('nn quiero q texting msgs')).toBe(false);
    // The same groups compiled without shorthands stay without them.
    expect(matches('{messages}', 'msgs')).toBe(false);
  });

  it('explains a pattern it cannot read', () => {
    expect(compilePattern('stop (it', groups)).toEqual({ error: '"(" is not closed with ")"' });
    expect(compilePattern('stop it)', groups)).toEqual({ error: '")" is out of place' });
    expect(compilePattern('{spam} me', groups)).toEqual({
      error: '{spam} is not a word group; use one of {send}, {messages}',
    });
    expect(compilePattern('[stop]', groups)).toEqual({
      error: 'matches an empty message; it needs at least one word that is not optional',
    });
    expect(compilePattern('{oops', groups)).toEqual({ error: '"{" is not closed with "}"' });
    expect(compilePattern('[stop] ... [it]', groups)).toMatchObject({ error: /empty message/ });
    expect(compilePattern('(stop|[it])', groups)).toMatchObject({ error: /empty message/ });
    expect(compilePattern('[stop] (it|me)', groups)).toHaveProperty('regex');
  });

  it('refuses exactly the patterns whose regex would match an empty message', () => {
    // The compiler tells it from the pattern's structure; the regex itself is the oracle.
    fc.assert(
      fc.property(patternOf(['stop', 'me', '{send}', '...', "'"]), (pattern) => {
        const compiled = compilePattern(pattern, groups);
        if ('regex' in compiled) {
          expect(new RegExp(`^(?:${compiled.regex})$`, 'u').test(''), pattern).toBe(false);
        } else {
          expect(compiled.error, pattern).toMatch(/empty message/);
        }
      }),
    );
  });
});

/**
 * A message that `pattern` matches, drawn with `random`: each alternative, optional part, group
 * word, shorthand and gap filled at random. Written apart from the compiler, from the pattern
 * language as `phrase-pattern.ts` describes it, so each checks the other.
 */
function drawMessage(
  pattern: string,
  groups: Readonly<Record<string, readonly string[]>>,
  shorthands: Shorthands,
  random: () => number,
): string[] {
  const tokens =
    pattern.match(/\.\.\.|[()[\]|]|\{[^}]*\}|[^\s()[\]|{}]+?(?=\.\.\.|[\s()[\]|{}]|$)/gu) ?? [];
  let at = 0;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const spell = (text: string) =>
    phraseWords(text).flatMap((word) =>
      phraseWords(pick([word, ...(Object.hasOwn(shorthands, word) ? shorthands[word]! : [])])),
    );
  const alternatives = (): string[][] => {
    const parts = [sequence()];
    while (tokens[at] === '|') {
      at += 1;
      parts.push(sequence());
    }
    return parts;
  };
  const sequence = (): string[] => {
    const words: string[] = [];
    while (at < tokens.length && ![')', ']', '|'].includes(tokens[at]!)) {
      const token = tokens[at++]!;
      if (token === '...') {
        for (let n = Math.floor(random() * 4); n > 0; n -= 1) words.push('zzz');
      } else if (token === '(' || token === '[') {
        const chosen = pick(alternatives());
        at += 1; // the closing bracket
        if (token === '(' || random() < 0.5) words.push(...chosen);
      } else if (token.startsWith('{')) {
        words.push(...spell(pick(groups[token.slice(1, -1).trim()]!)));
      } else {
        words.push(...spell(token));
      }
    }
    return words;
  };
  return pick(alternatives());
}

/**
 * Draws a message `pattern` matches (with `seed`) and checks that its regex matches it and that
 * it has one of the pattern's anchor words.
 */
function expectAnchored(
  pattern: string,
  groups: Readonly<Record<string, readonly string[]>>,
  shorthands: Shorthands,
  seed: number,
  language = '',
): void {
  const compiled = compilePattern(pattern, groups, shorthands);
  if (!('regex' in compiled)) throw new Error(`${pattern}: ${compiled.error}`);
  const words = drawMessage(pattern, groups, shorthands, seededRandom(seed));
  const where = `${language} "${pattern}": "${words.join(' ')}"`;
  expect(new RegExp(`^(?:${compiled.regex})$`, 'u').test(`${words.join(' ')} `), where).toBe(true);
  if (compiled.anchor) {
    expect(
      compiled.anchor.some((word) => words.includes(word)),
      where,
    ).toBe(true);
  }
}

describe('the anchor of a pattern', () => {
  const builtin = Object.entries(BUILTIN_LANGUAGES).flatMap(([language, { phrases }]) =>
    [
      ...phrases.optOut,
      ...phrases.confirm,
      ...(phrases.maybeOptOut ?? []),
      ...(phrases.optIn ?? []),
      ...phrases.notStop,
    ].map((pattern) => ({
      language,
      pattern,
      groups: phrases.groups,
      shorthands: phrases.shorthands ?? {},
    })),
  );

  it('is a word of every message the pattern matches: each built-in pattern of every language', () => {
    // A message a pattern matches must never be kept from its regex by the anchor
    // (`match-keyword.ts`, firstPhrase): a missed STOP.
    expect(builtin.length).toBeGreaterThan(150);
    fc.assert(
      fc.property(fc.constantFrom(...builtin), fc.integer(), (entry, seed) => {
        expectAnchored(entry.pattern, entry.groups, entry.shorthands, seed, entry.language);
      }),
      { numRuns: 3000 },
    );
  });

  it('is found for nearly every built-in opt-out pattern (the rest are always tested)', () => {
    const optOut = builtin.filter(({ language, pattern }) =>
      BUILTIN_LANGUAGES[language]!.phrases.optOut.includes(pattern),
    );
    const anchored = optOut.filter(({ pattern, groups, shorthands }) => {
      const compiled = compilePattern(pattern, groups, shorthands);
      return 'anchor' in compiled && compiled.anchor !== undefined;
    });
    expect(anchored.length / optOut.length).toBeGreaterThan(0.9);
  });

  it('is a word of every message a pattern of any shape matches', () => {
    const shorthands = { no: ['n', 'nao'], messages: ['msgs'] };
    fc.assert(
      fc.property(
        patternOf(['stop', 'me', 'no', '{send}', '{messages}', '...']),
        fc.integer(),
        (pattern, seed) => {
          if ('regex' in compilePattern(pattern, groups, shorthands)) {
            expectAnchored(pattern, groups, shorthands, seed);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('typos of opt-out words', () => {
  it.each([
    ['stpo', 'stop'],
    ['stopp', 'stop'],
    ['sstop', 'stop'],
    ['unsubscibe', 'unsubscribe'],
    ['unsubscrbe', 'unsubscribe'],
    ['cancle', 'cancel'],
    ['cancelr', 'cancelar'],
  ])('reads %j as %j', (word, keyword) => {
    expect(isTypoOf(word, keyword)).toBe(true);
  });

  it.each([
    ['step', 'stop'],
    ['shop', 'stop'],
    ['spot', 'stop'],
    ['edn', 'end'],
    ['quiet', 'quit'],
    ['stop', 'stop'],
    ['beendet', 'beenden'],
  ])('does not read %j as %j', (word, keyword) => {
    expect(isTypoOf(word, keyword)).toBe(false);
  });
});
