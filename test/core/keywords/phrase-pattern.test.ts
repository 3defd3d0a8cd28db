import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, phraseWords } from '../../../src/core/keywords/index.js';
import { isTypoOf } from '../../../src/core/keywords/typo.js';

const groups = { send: ['sending', 'texting'], messages: ['messages', 'text messages'] };
const matches = (pattern: string, text: string) => {
  const compiled = compilePattern(pattern, groups);
  if (!('regex' in compiled)) throw new Error(compiled.error);
  return new RegExp(`^(?:${compiled.regex})$`, 'u').test(`${phraseWords(text).join(' ')} `);
};

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
    const piece: fc.Memo<string> = fc.memo((depth) =>
      depth <= 1
        ? fc.constantFrom('stop', 'me', '{send}', '...', "'")
        : fc.oneof(
            piece(depth - 1),
            fc.array(piece(depth - 1), { minLength: 1, maxLength: 3 }).map((p) => p.join(' ')),
            fc
              .array(piece(depth - 1), { minLength: 1, maxLength: 3 })
              .map((p) => `(${p.join('|')})`),
            fc
              .array(piece(depth - 1), { minLength: 1, maxLength: 3 })
              .map((p) => `[${p.join('|')}]`),
          ),
    );
    fc.assert(
      fc.property(piece(4), (pattern) => {
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
