import { describe, expect, it } from 'vitest';
import {
  BUILTIN_LANGUAGES,
  builtinLanguage,
  compilePattern,
  normalizeForMatching,
} from '../../../src/core/keywords/index.js';

/** The product's built-in words and phrasings (src/core/keywords/builtin/), as data. */
describe('built-in words and phrasings', () => {
  const languages = Object.entries(BUILTIN_LANGUAGES);

  it('covers English, Spanish, Portuguese, French, German and Italian', () => {
    expect(Object.keys(BUILTIN_LANGUAGES).sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'pt']);
  });

  it('has STOP and the carriers’ opt-out words in English, and STOP in every language', () => {
    expect(BUILTIN_LANGUAGES['en']!.optOut).toEqual(
      expect.arrayContaining(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']),
    );
    for (const [, data] of languages) expect(data.optOut).toContain('STOP');
    expect(BUILTIN_LANGUAGES['es']!.optOut).toEqual(expect.arrayContaining(['BAJA', 'PARAR']));
    expect(BUILTIN_LANGUAGES['pt']!.optOut).toEqual(expect.arrayContaining(['PARAR', 'SAIR']));
  });

  it('gives a regional code the words of its base language, and nothing to an unknown one', () => {
    expect(builtinLanguage('pt-BR')).toBe(BUILTIN_LANGUAGES['pt']);
    expect(builtinLanguage('es-419')).toBe(BUILTIN_LANGUAGES['es']);
    expect(builtinLanguage('nl')).toBeUndefined();
    expect(builtinLanguage('constructor')).toBeUndefined();
  });

  it('never gives one word two meanings, in one language or across the six', () => {
    const meaning = new Map<string, string>();
    for (const [language, data] of languages) {
      for (const kind of ['optOut', 'optIn', 'help'] as const) {
        for (const word of data[kind]) {
          const key = normalizeForMatching(word);
          const known = meaning.get(key);
          expect(
            known === undefined || known === kind,
            `${word} (${language} ${kind}) is also ${known}`,
          ).toBe(true);
          meaning.set(key, kind);
        }
      }
    }
  });

  it('looks for in-sentence opt-out words only among the opt-out words', () => {
    for (const [language, data] of languages) {
      const optOut = data.optOut.map(normalizeForMatching);
      for (const word of data.optOutInSentence) {
        expect(optOut, `${word} (${language})`).toContain(normalizeForMatching(word));
      }
    }
  });

  it('compiles every phrasing pattern with its language’s word groups', () => {
    for (const [language, data] of languages) {
      const { optOut, confirm, maybeOptOut = [], notStop, optIn = [], groups } = data.phrases;
      for (const pattern of [...optOut, ...confirm, ...maybeOptOut, ...notStop, ...optIn]) {
        expect(compilePattern(pattern, groups), `${language}: ${pattern}`).toHaveProperty('regex');
      }
    }
  });

  it('never lists a keyword as a filler (a filler is dropped before matching)', () => {
    for (const [language, data] of languages) {
      const fillers = new Set(data.phrases.fillers.map(normalizeForMatching));
      for (const word of [...data.optOut, ...data.optIn, ...data.help]) {
        expect(fillers.has(normalizeForMatching(word)), `${word} (${language})`).toBe(false);
      }
    }
  });

  it('gives no opt-out word a shorthand, and no shorthand is one ("pra" for "para" read "pra já!" as a stop)', () => {
    const optOut = new Set(
      Object.values(BUILTIN_LANGUAGES).flatMap((data) => data.optOut.map(normalizeForMatching)),
    );
    for (const [language, data] of languages) {
      for (const [word, shorthands] of Object.entries(data.phrases.shorthands ?? {})) {
        for (const written of [word, ...shorthands]) {
          expect(optOut.has(normalizeForMatching(written)), `${written} (${language})`).toBe(false);
        }
      }
    }
  });
});

describe('the built-in words as flows/README.md lists them', () => {
  it('lists exactly the words the product knows, per language', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../../flows/README.md', import.meta.url), 'utf8');
    for (const [language, data] of Object.entries(BUILTIN_LANGUAGES)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${language}\` `));
      const cells = (row ?? '').split('|').map((cell) => cell.trim());
      const words = (cell: string | undefined) => (cell ?? '').split(/,\s*/).filter(Boolean);
      expect(words(cells[2]), `${language} opt-out`).toEqual([...data.optOut]);
      expect(words(cells[3]), `${language} opt-in`).toEqual([...data.optIn]);
      expect(words(cells[4]), `${language} help`).toEqual([...data.help]);
    }
  });
});
