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
});
