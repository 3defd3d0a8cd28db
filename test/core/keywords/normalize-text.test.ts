import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeForMatching } from '../../../src/core/keywords/index.js';

describe('normalizeForMatching', () => {
  it.each([
    ['ＳＴＯＰ', 'stop'],
    ['\u200eSTOP', 'stop'],
    ['\u202bSTOP\u202c', 'stop'],
    ['Stop 🙏', 'stop'],
    ['Stop 👍🏽', 'stop'],
    ['stop 👨\u200d👩\u200d👧', 'stop'],
    ['stop ❤️', 'stop'],
    ['stop!!', 'stop'],
    [' Stop. ', 'stop'],
    ['¡BAJA!', 'baja'],
    ['Párar', 'parar'],
    ['NÃO', 'nao'],
    ['st\u00adop', 'stop'],
    ['\ufeffstop', 'stop'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeForMatching(input)).toBe(expected);
  });

  it('collapses inner whitespace to one space and keeps inner punctuation', () => {
    expect(normalizeForMatching("  I   can't\t\tstop  laughing!! 😂")).toBe(
      "i can't stop laughing",
    );
  });

  it('returns an empty string for a message of only emoji and punctuation', () => {
    expect(normalizeForMatching(' 🙏!! ‎ ')).toBe('');
  });

  it('is idempotent on any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        (text) => {
          const once = normalizeForMatching(text);
          expect(normalizeForMatching(once)).toBe(once);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives what the plain definition gives: every normalisation, then the ends trimmed code point by code point', () => {
    // The definition, written the slow and obvious way; the product's version takes short cuts
    // (printable ASCII skips the Unicode normalisations, the trim looks only at the ends).
    const EDGE = /^[\s\p{P}\p{S}\p{Extended_Pictographic}\uFE00-\uFE0F\u200D]$/u;
    const reference = (text: string) => {
      const folded = text
        .normalize('NFKC')
        .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/gu, '')
        .toLowerCase()
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .normalize('NFKC');
      const chars = Array.from(folded);
      let start = 0;
      let end = chars.length;
      while (start < end && EDGE.test(chars[start]!)) start += 1;
      while (end > start && EDGE.test(chars[end - 1]!)) end -= 1;
      return chars.slice(start, end).join('').replace(/\s+/gu, ' ');
    };
    const edgy = fc.constantFrom(
      ' ',
      '!',
      '¡',
      '🙏',
      '🏽',
      '\u200d',
      '\ufe0f',
      '\ud83d',
      '\ude4f',
      'É',
      'a',
      '\t',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: fc.oneof(edgy, fc.string({ unit: 'grapheme-ascii', maxLength: 1 })) }),
        ),
        (text) => {
          expect(normalizeForMatching(text)).toBe(reference(text));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
