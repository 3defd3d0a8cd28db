/**
 * What makes reading a message fast must not change what it reads: the patterns tried are all
 * those that could match, the words remembered for a text are its words, every time, and a
 * turn's keyword readings are those of the message in the language asked for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildKeywordIndex,
  matchKeyword,
  messageKeywords,
  normalizeForMatching,
  phraseWords,
  tokenize,
} from '../../../src/core/keywords/index.js';
import { phrasesToTry } from '../../../src/core/keywords/phrase-index.js';
import type { CompiledPhrases } from '../../../src/core/keywords/phrase-index.js';
import { KEYWORDS } from './keyword-fixture.js';

const index = buildKeywordIndex({ keywords: KEYWORDS, languages: ['en', 'es', 'pt'] });

const KINDS = ['optOut', 'confirm', 'maybeOptOut', 'optIn', 'wishAboutKinds'] as const;

const phraseSets: [string, CompiledPhrases][] = index.phrases.flatMap((language) =>
  KINDS.flatMap((kind) => {
    const phrases = language[kind];
    return phrases ? [[`${language.language} ${kind}`, phrases] as [string, CompiledPhrases]] : [];
  }),
);

/** The patterns whose anchor has one of the words, or that have none: the plain reading. */
const mayMatch = (phrases: CompiledPhrases, words: ReadonlySet<string>) =>
  phrases.each.filter((e) => !e.anchor || [...words].some((word) => e.anchor!.has(word)));

describe('the patterns tried for a message', () => {
  it('are those with no anchor and those anchored by a word of the message, in their order', () => {
    const pattern = (name: string, anchor?: string[]) => ({
      pattern: name,
      regex: new RegExp(name, 'u'),
      ...(anchor ? { anchor: new Set(anchor) } : {}),
    });
    const each = [
      pattern('a', ['a']),
      pattern('any'),
      pattern('ab', ['a', 'b']),
      pattern('c', ['c']),
    ];
    const phrases: CompiledPhrases = {
      each,
      unanchored: [1],
      anchoredBy: new Map([
        ['a', [0, 2]],
        ['b', [2]],
        ['c', [3]],
      ]),
    };
    const tried = (words: string[]) => phrasesToTry(phrases, new Set(words)).map((e) => e.pattern);
    expect(tried([])).toEqual(['any']);
    expect(tried(['b', 'x'])).toEqual(['any', 'ab']);
    expect(tried(['c', 'b', 'a'])).toEqual(['a', 'any', 'ab', 'c']);
    // The product's phrasings all have an anchor: most are never tried for a message.
    const patterns = phraseSets.flatMap(([, p]) => p.each);
    expect(patterns.filter((e) => e.anchor).length).toBeGreaterThan(200);
    expect(phrasesToTry(phraseSets[0]![1], new Set(['hello'])).length).toBeLessThan(5);
  });

  it('are every pattern that may match, in their order, for any words', () => {
    const anchors = [
      ...new Set(phraseSets.flatMap(([, p]) => p.each.flatMap((e) => [...(e.anchor ?? [])]))),
    ];
    const words = fc.uniqueArray(
      fc.oneof(fc.constantFrom(...anchors), fc.constantFrom('hello', 'the', 'my', 'order', '')),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...phraseSets), words, ([, phrases], said) => {
        const set = new Set(said);
        expect(phrasesToTry(phrases, set)).toEqual(mayMatch(phrases, set));
      }),
      { numRuns: 500 },
    );
  });
});

describe('words remembered for a text', () => {
  const readers = { phraseWords, tokenize, normalizeForMatching };

  it('are the same the second time, and cannot be changed by a caller', () => {
    const words = phraseWords("Don't text me the PROMOS & codes!");
    expect(phraseWords("Don't text me the PROMOS & codes!")).toBe(words);
    expect(words).toEqual(['dont', 'text', 'me', 'the', 'promos', 'and', 'codes']);
    expect(() => (words as string[]).push('more')).toThrow(TypeError);
    expect(() => (tokenize('stop the codes') as string[]).splice(0, 1)).toThrow(TypeError);
    expect(phraseWords("Don't text me the PROMOS & codes!")).toHaveLength(7);
    expect(tokenize('stop the codes')).toEqual(['stop', 'the', 'codes']);
  });

  it('are right for a text asked again after many others', () => {
    const first = 'Ya no quiero recibir códigos';
    const before = Object.fromEntries(
      Object.entries(readers).map(([name, read]) => [name, structuredClone(read(first))]),
    );
    for (let i = 0; i < 1000; i += 1) {
      for (const read of Object.values(readers)) read(`message number ${i}`);
    }
    for (const [name, read] of Object.entries(readers)) expect(read(first)).toEqual(before[name]);
    expect(phraseWords(first)).toEqual(['ya', 'no', 'quiero', 'recibir', 'codigos']);
  });
});

describe("a turn's keyword readings of its message", () => {
  it('are the readings of the message in each language asked for, each read once', () => {
    for (const text of ['ya no quiero promos', 'STOP', 'where is my order?', 'parem tudo']) {
      const read = messageKeywords(index, text);
      for (const language of [undefined, 'en', 'es', 'pt']) {
        const match = read(language);
        expect([text, language, match]).toEqual([
          text,
          language,
          matchKeyword(index, text, language),
        ]);
        expect(read(language)).toBe(match);
      }
    }
  });
});
