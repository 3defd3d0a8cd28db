import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildKeywordIndex,
  matchKeyword,
  normalizeForMatching,
} from '../../../src/core/keywords/index.js';
import { KEYWORDS, LANGUAGES } from './keyword-fixture.js';

const index = buildKeywordIndex(KEYWORDS, LANGUAGES);

/** Every (language, kind, keyword) of the fixture; no word of it is in two kinds. */
const ENTRIES = Object.entries(KEYWORDS).flatMap(([language, lists]) =>
  (['optOut', 'optIn', 'help', 'yes', 'no'] as const).flatMap((kind) =>
    lists[kind].map((keyword) => ({ language, kind: kind, keyword })),
  ),
);

const OPT_OUT_TOKENS = new Set(
  Object.values(KEYWORDS).flatMap((l) =>
    l.optOut.flatMap((k) => normalizeForMatching(k).split(' ')),
  ),
);
const OPT_OUT_COMPACT = new Set(
  Object.values(KEYWORDS).flatMap((l) =>
    l.optOut.map((k) => normalizeForMatching(k).replace(/[^\p{L}\p{N}]+/gu, '')),
  ),
);
const ALL_COMPACT = new Set(
  Object.values(KEYWORDS).flatMap((l) =>
    [...l.optOut, ...l.optIn, ...l.help, ...l.yes, ...l.no].map((k) =>
      normalizeForMatching(k).replace(/[^\p{L}\p{N}]+/gu, ''),
    ),
  ),
);
const ALL_KEYWORDS = new Set(
  Object.values(KEYWORDS).flatMap((l) =>
    [...l.optOut, ...l.optIn, ...l.help, ...l.yes, ...l.no].map(normalizeForMatching),
  ),
);

const NOISE = [
  ' ',
  '  ',
  '\t',
  '\n',
  '.',
  '!',
  '!!',
  '¡',
  '¿',
  '?',
  '…',
  ',',
  '"',
  '*',
  '~',
  '🙏',
  '👍🏽',
  '❤️',
  '😂',
  '👨\u200d👩\u200d👧',
  '🇪🇸',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202c',
  '\u2066',
  '\u2069',
  '\ufeff',
  '\u200b',
  '\u00a0',
  '\u3000',
];
const noise = fc.array(fc.constantFrom(...NOISE), { maxLength: 5 }).map((parts) => parts.join(''));

/** Re-writes a keyword with random case, full-width letters and combining accents. */
function disguise(keyword: string, flags: readonly number[]): string {
  return Array.from(keyword)
    .map((ch, i) => {
      const f = flags[i % flags.length] ?? 0;
      let out = f & 1 ? ch.toUpperCase() : ch.toLowerCase();
      if (f & 2 && /^[a-z]$/i.test(out)) out = String.fromCodePoint(out.codePointAt(0)! + 0xfee0);
      if (f & 4 && /\p{L}/u.test(ch)) out += '\u0301';
      return out;
    })
    .join('');
}

const WORDS = [
  'please',
  'now',
  'the',
  'laughing',
  'order',
  'por',
  'favor',
  'já',
  'obrigado',
  'hola',
  'mañana',
  'when',
  'my',
];
/**
 * A word that is no keyword. Latin-1 letters only: `[à-ÿ]` would also take `÷`, a symbol that the
 * matcher rightly trims like punctuation, so "STOP ÷" is an exact STOP and not a sentence.
 */
const word = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.stringMatching(/^[a-zà-öø-ÿ]{1,8}$/).filter((w) => !ALL_KEYWORDS.has(normalizeForMatching(w))),
);

describe('keyword matcher', () => {
  it.each([
    ['ＳＴＯＰ', 'stop'],
    ['\u200eSTOP', 'stop'],
    ['Stop 🙏', 'stop'],
    ['stop!!', 'stop'],
    [' Stop. ', 'stop'],
    ['STOP!', 'stop'],
    ['stop', 'stop'],
    ['Opt-Out', 'opt out'],
    ['STOP ÷', 'stop'],
    ['× stop', 'stop'],
    ['STOP STOP', 'stop'],
    ['stop\nstop\nstop', 'stop'],
    ['S.T.O.P.', 'stop'],
    ['Stop all', 'stopall'],
    ['OPT OUT opt-out', 'opt out'],
  ])('treats %j as opt-out', (text, keyword) => {
    expect(matchKeyword(index, text)).toEqual({
      type: 'exact',
      kind: 'optOut',
      language: 'en',
      keyword,
    });
  });

  it('finds a one-word keyword written as two words, alone or in a sentence', () => {
    const spaced = buildKeywordIndex({ en: { ...KEYWORDS.en!, optOut: ['OPTOUT'] } }, ['en']);
    expect(matchKeyword(spaced, 'Opt out')).toEqual({
      type: 'exact',
      kind: 'optOut',
      language: 'en',
      keyword: 'optout',
    });
    expect(matchKeyword(spaced, 'please opt-out now')).toEqual({
      type: 'contains',
      kind: 'optOut',
      language: 'en',
      keyword: 'optout',
    });
    expect(matchKeyword(spaced, 'I chose the options out there')).toBeNull();
    // Two short words that happen to make a short keyword are not that keyword.
    expect(matchKeyword(index, 'ba já')).toBeNull();
    expect(matchKeyword(index, 'ok, ba já')).toBeNull();
  });

  it('treats "BAJA" and "¡Baja!" as a Spanish opt-out', () => {
    expect(matchKeyword(index, 'BAJA')).toEqual({
      type: 'exact',
      kind: 'optOut',
      language: 'es',
      keyword: 'baja',
    });
    expect(matchKeyword(index, '¡Baja!')).toEqual({
      type: 'exact',
      kind: 'optOut',
      language: 'es',
      keyword: 'baja',
    });
  });

  it('treats "Parar" as opt-out in the first flow language that has it, es before pt', () => {
    expect(matchKeyword(index, 'Parar')).toEqual({
      type: 'exact',
      kind: 'optOut',
      language: 'es',
      keyword: 'parar',
    });
  });

  it('treats "Parar" as Portuguese when that is the contact\'s language', () => {
    expect(matchKeyword(index, 'Parar', 'pt')).toMatchObject({ kind: 'optOut', language: 'pt' });
  });

  it('ignores a preferred language that does not have the word', () => {
    expect(matchKeyword(index, 'baja', 'pt')).toMatchObject({ kind: 'optOut', language: 'es' });
  });

  it('follows the given language order for the tie-break', () => {
    const ptFirst = buildKeywordIndex(KEYWORDS, ['pt', 'es', 'en']);
    expect(matchKeyword(ptFirst, 'cancelar')).toMatchObject({ kind: 'optOut', language: 'pt' });
  });

  it('treats "I can\'t stop laughing" as containing an opt-out, not as an exact one', () => {
    expect(matchKeyword(index, "I can't stop laughing")).toEqual({
      type: 'contains',
      kind: 'optOut',
      language: 'en',
      keyword: 'stop',
    });
  });

  it('matches a two-word opt-out inside a sentence only as the whole word sequence', () => {
    expect(matchKeyword(index, 'please opt out of this')).toMatchObject({
      type: 'contains',
      keyword: 'opt out',
    });
    expect(matchKeyword(index, 'opt in, not out')).toBeNull();
  });

  it('does not find an opt-out inside a longer word', () => {
    expect(matchKeyword(index, 'the bus stopped')).toBeNull();
    expect(matchKeyword(index, 'weekend plans')).toBeNull();
  });

  it('recognises opt-in, help, yes and no words in each language', () => {
    expect(matchKeyword(index, 'Start')).toMatchObject({
      type: 'exact',
      kind: 'optIn',
      language: 'en',
    });
    expect(matchKeyword(index, 'volver')).toMatchObject({
      type: 'exact',
      kind: 'optIn',
      language: 'es',
    });
    expect(matchKeyword(index, 'HELP?')).toMatchObject({
      type: 'exact',
      kind: 'help',
      language: 'en',
    });
    expect(matchKeyword(index, 'Sí')).toMatchObject({ type: 'exact', kind: 'yes', language: 'es' });
    expect(matchKeyword(index, 'Não')).toMatchObject({ type: 'exact', kind: 'no', language: 'pt' });
    expect(matchKeyword(index, 'no', 'es')).toMatchObject({
      type: 'exact',
      kind: 'no',
      language: 'es',
    });
  });

  it('prefers opt-out when a word is in several kinds', () => {
    const clash = buildKeywordIndex(
      {
        en: { optOut: ['end'], optIn: ['end'], help: ['end'], yes: ['ok'], no: ['ok'] },
        es: { optOut: [], optIn: ['ok'], help: [], yes: [], no: [] },
      },
      ['en', 'es'],
    );
    expect(matchKeyword(clash, 'END')).toMatchObject({ kind: 'optOut', language: 'en' });
    expect(matchKeyword(clash, 'ok', 'en')).toMatchObject({ kind: 'optIn', language: 'es' });
    expect(matchKeyword(clash, 'ok')).toMatchObject({ kind: 'optIn', language: 'es' });
  });

  it('returns null for an empty, emoji-only or unrelated message', () => {
    expect(matchKeyword(index, '')).toBeNull();
    expect(matchKeyword(index, '🙏 !!')).toBeNull();
    expect(matchKeyword(index, 'where is my order?')).toBeNull();
  });

  it('leaves out keywords that normalise to nothing', () => {
    const emoji = buildKeywordIndex(
      { en: { optOut: ['🛑', 'stop'], optIn: [], help: [], yes: [], no: [] } },
      ['en'],
    );
    expect(matchKeyword(emoji, '🛑')).toBeNull();
  });

  it('matches any keyword however it is dressed: spaces, punctuation, emoji, direction marks, case, width, accents', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ENTRIES),
        noise,
        noise,
        fc.array(fc.nat(7), { minLength: 1, maxLength: 8 }),
        ({ language, kind, keyword }, before, after, flags) => {
          const match = matchKeyword(
            index,
            `${before}${disguise(keyword, flags)}${after}`,
            language,
          );
          expect(match).toEqual({
            type: 'exact',
            kind,
            language,
            keyword: normalizeForMatching(keyword),
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never finds an opt-out in a sentence without an opt-out word', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, fc.constantFrom(' ', ', ', '! ', ' 😂 ', '... ', '\n')), {
          minLength: 1,
          maxLength: 8,
        }),
        (parts) => {
          const text = parts.map(([w, sep]) => w + sep).join('');
          const tokens = normalizeForMatching(text).split(/[^\p{L}\p{N}]+/u);
          fc.pre(tokens.every((t) => !OPT_OUT_TOKENS.has(t)));
          // Nor two or three words that run together into a long opt-out ("opt out").
          fc.pre(
            tokens.every(
              (_, i) =>
                !OPT_OUT_COMPACT.has(tokens.slice(i, i + 2).join('')) &&
                !OPT_OUT_COMPACT.has(tokens.slice(i, i + 3).join('')),
            ),
          );
          const match = matchKeyword(index, text);
          expect(match?.kind).not.toBe('optOut');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never matches exactly when a keyword comes with other words', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ENTRIES),
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        ({ keyword, kind }, others, keywordFirst) => {
          const text = keywordFirst
            ? `${keyword} ${others.join(' ')}`
            : `${others.join(' ')} ${keyword}!`;
          // Words that run together into a keyword ("stop" + "all" = STOPALL) make one keyword.
          fc.pre(!ALL_COMPACT.has(normalizeForMatching(text).replace(/[^\p{L}\p{N}]+/gu, '')));
          const match = matchKeyword(index, text);
          expect(match?.type).not.toBe('exact');
          if (kind === 'optOut') expect(match).toMatchObject({ type: 'contains', kind: 'optOut' });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
