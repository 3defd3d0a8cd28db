import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_LANGUAGES,
  buildKeywordIndex,
  effectiveKeywords,
  matchKeyword,
  normalizeForMatching,
  phraseWords,
} from '../../../src/core/keywords/index.js';
import { KEYWORDS, LANGUAGES } from './keyword-fixture.js';

const index = buildKeywordIndex({ keywords: KEYWORDS, languages: LANGUAGES });
/** The fixture's lists with the built-in words of en, es and pt: what the index matches. */
const EFFECTIVE = effectiveKeywords({ keywords: KEYWORDS, languages: LANGUAGES });

/** Every (language, kind, keyword) of the fixture; no word of it is in two kinds. */
const ENTRIES = Object.entries(KEYWORDS).flatMap(([language, lists]) =>
  (['optOut', 'optIn', 'help', 'yes', 'no'] as const).flatMap((kind) =>
    lists[kind].map((keyword) => ({ language, kind: kind, keyword })),
  ),
);

const compact = (word: string) => normalizeForMatching(word).replace(/[^\p{L}\p{N}]+/gu, '');
const OPT_OUT_TOKENS = new Set(
  Object.values(EFFECTIVE).flatMap((l) =>
    l.optOut.flatMap((k) => normalizeForMatching(k).split(/[^\p{L}\p{N}]+/u)),
  ),
);
const OPT_OUT_COMPACT = new Set(Object.values(EFFECTIVE).flatMap((l) => l.optOut.map(compact)));
const ALL_COMPACT = new Set(
  Object.values(EFFECTIVE).flatMap((l) =>
    [...l.optOut, ...l.optIn, ...l.help, ...l.yes, ...l.no].map(compact),
  ),
);
const ALL_KEYWORDS = new Set(
  Object.values(EFFECTIVE).flatMap((l) =>
    [...l.optOut, ...l.optIn, ...l.help, ...l.yes, ...l.no].map(normalizeForMatching),
  ),
);
/** Words the matcher leaves out ("please", "gracias") and words of any phrasing or group. */
const PHRASE_WORDS = new Set(
  LANGUAGES.flatMap((language) => {
    const { phrases } = BUILTIN_LANGUAGES[language]!;
    return [
      ...phrases.fillers,
      ...Object.values(phrases.groups).flat(),
      ...phrases.optOut,
      ...phrases.confirm,
      ...phrases.notStop,
    ].flatMap((text) => phraseWords(text.replace(/[()[\]{}|.]/g, ' ')));
  }),
);
/** In-sentence opt-out words of the built-in lists and the fixture's own ones. */
const IN_SENTENCE = new Set(
  [
    ...LANGUAGES.flatMap((l) => BUILTIN_LANGUAGES[l]!.optOutInSentence),
    ...Object.values(KEYWORDS).flatMap((l) => l.optOut),
  ]
    .filter((word) => {
      const builtinWhole = LANGUAGES.some((l) =>
        BUILTIN_LANGUAGES[l]!.optOut.map(normalizeForMatching).includes(normalizeForMatching(word)),
      );
      const builtinSentence = LANGUAGES.some((l) =>
        BUILTIN_LANGUAGES[l]!.optOutInSentence.map(normalizeForMatching).includes(
          normalizeForMatching(word),
        ),
      );
      return builtinSentence || !builtinWhole;
    })
    .map(normalizeForMatching),
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

const WORDS = ['the', 'mañana', 'when', 'my', 'lamp', 'cushion', 'blue', 'tuesday'];
/**
 * A word that is no keyword and no word of a phrasing. Latin-1 letters only: `[à-ÿ]` would also
 * take `÷`, a symbol that the matcher rightly trims like punctuation, so "STOP ÷" is an exact
 * STOP and not a sentence.
 */
const word = fc.oneof(
  fc.constantFrom(...WORDS),
  fc
    .stringMatching(/^[a-zà-öø-ÿ]{1,8}$/)
    .filter(
      (w) =>
        !ALL_KEYWORDS.has(normalizeForMatching(w)) &&
        !PHRASE_WORDS.has(normalizeForMatching(w)) &&
        !OPT_OUT_TOKENS.has(normalizeForMatching(w)),
    ),
);

/** Two kinds of message of a flow: order updates and (marketing) special offers. */
const SHIPPED_KINDS = [
  {
    id: 'orders',
    label: { en: 'order updates', es: 'avisos de tus pedidos', pt: 'avisos dos seus pedidos' },
    whatsappCategory: 'UTILITY',
    templates: [],
  },
  {
    id: 'offers',
    label: { en: 'special offers', es: 'ofertas especiales', pt: 'ofertas especiais' },
    whatsappCategory: 'MARKETING',
    templates: [],
  },
] as const;

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
    const spaced = buildKeywordIndex({
      keywords: { en: { ...KEYWORDS.en!, optOut: ['BYEBYE'] } },
      languages: ['en'],
    });
    expect(matchKeyword(spaced, 'Bye bye')).toEqual({
      type: 'exact',
      kind: 'optOut',
      language: 'en',
      keyword: 'byebye',
    });
    expect(matchKeyword(spaced, 'ok then, bye-bye to all that')).toEqual({
      type: 'contains',
      kind: 'optOut',
      language: 'en',
      keyword: 'byebye',
    });
    expect(matchKeyword(spaced, 'Opt out')).toMatchObject({ type: 'exact', kind: 'optOut' });
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

  it('reads a keyword with a letter held three times or more as the keyword (a tester\'s "siii")', () => {
    expect(matchKeyword(index, 'Baaaja!!')).toMatchObject({
      type: 'exact',
      kind: 'optOut',
      keyword: 'baja',
    });
    expect(matchKeyword(index, 'stooooop')).toMatchObject({ type: 'exact', kind: 'optOut' });
    expect(matchKeyword(index, 'siii', 'es')).toMatchObject({ type: 'exact', kind: 'yes' });
    expect(matchKeyword(index, 'nooo')).toMatchObject({ type: 'exact', kind: 'no' });
    // A drawn-out "claaaro" or "suuure" is as often sarcasm: no yes (a reviewer's).
    expect(matchKeyword(index, 'claaaro', 'es')).not.toMatchObject({ kind: 'yes' });
    expect(matchKeyword(index, 'yeahhh suuure')).not.toMatchObject({ kind: 'yes' });
    // Twice is how some words are spelled ("free", "all"): only three or more are squeezed, but
    // in a single word that then reads as a plain yes ("sii").
    expect(matchKeyword(index, 'sii', 'es')).toMatchObject({ type: 'exact', kind: 'yes' });
    expect(matchKeyword(index, 'noo')).not.toMatchObject({ type: 'exact', kind: 'no' });
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
    const ptFirst = buildKeywordIndex({ keywords: KEYWORDS, languages: ['pt', 'es', 'en'] });
    expect(matchKeyword(ptFirst, 'cancelar')).toMatchObject({ kind: 'optOut', language: 'pt' });
  });

  it('treats "No, stop" as a sentence that may mean stop, not as an exact opt-out', () => {
    expect(matchKeyword(index, 'No, stop')).toEqual({
      type: 'contains',
      kind: 'optOut',
      language: 'en',
      keyword: 'stop',
    });
  });

  it('finds a wish to stop in a clause after "and" or "but", as after a comma (found by a tester)', () => {
    for (const text of [
      'no gracias y ya no me escriban',
      'nah and pls stop messaging me',
      'obrigado mas pode parar de me mandar mensagem',
      'ok pero ya no me manden mensajes',
    ]) {
      expect(matchKeyword(index, text), text).toMatchObject({ type: 'contains', kind: 'optOut' });
    }
    // A sentence that is an opt-out as a whole still is one, and "no más" is no clause break.
    expect(matchKeyword(index, 'no mas mensajes')).toMatchObject({
      type: 'phrase',
      kind: 'optOut',
    });
    expect(matchKeyword(index, 'pizza and pasta')).toBeNull();
  });

  it('does not take "I can\'t stop laughing" or "stop by" for a wish to stop, unless messages are named', () => {
    expect(matchKeyword(index, "I can't stop laughing")).toBeNull();
    expect(matchKeyword(index, "I'll stop by the store tomorrow")).toBeNull();
    expect(matchKeyword(index, "I can't stop these messages coming")).toMatchObject({
      type: 'contains',
      kind: 'optOut',
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
    const clash = buildKeywordIndex({
      keywords: {
        en: { optOut: ['end'], optIn: ['end'], help: ['end'], yes: ['ok'], no: ['ok'] },
        es: { optOut: [], optIn: ['ok'], help: [], yes: [], no: [] },
      },
      languages: ['en', 'es'],
    });
    expect(matchKeyword(clash, 'END')).toMatchObject({ kind: 'optOut', language: 'en' });
    expect(matchKeyword(clash, 'ok', 'en')).toMatchObject({ kind: 'optIn', language: 'es' });
    expect(matchKeyword(clash, 'ok')).toMatchObject({ kind: 'optIn', language: 'es' });
  });

  it('gives a word of two meanings in two languages the meaning keywordPrecedence names', () => {
    const keywords = {
      es: { optOut: [], optIn: [], help: [], yes: ['DALE'], no: [] },
      pt: { optOut: [], optIn: [], help: [], yes: [], no: ['DALE'] },
    };
    const plain = buildKeywordIndex({ keywords, languages: ['es', 'pt'] });
    expect(matchKeyword(plain, 'dale', 'pt')).toMatchObject({ kind: 'yes', language: 'es' });
    const ptWins = buildKeywordIndex({
      keywords,
      languages: ['es', 'pt'],
      keywordPrecedence: { DALE: 'pt' },
    });
    expect(matchKeyword(ptWins, 'dale', 'es')).toMatchObject({ kind: 'no', language: 'pt' });
    // An opt-out meaning always wins: BASTA stops, whatever the flow says.
    const basta = buildKeywordIndex({
      keywords: { ...keywords, pt: { ...keywords.pt, yes: ['BASTA'] } },
      languages: ['es', 'pt'],
      keywordPrecedence: { BASTA: 'pt' },
    });
    expect(matchKeyword(basta, 'basta', 'pt')).toMatchObject({ kind: 'optOut' });
  });

  it('returns null for an empty, emoji-only or unrelated message', () => {
    expect(matchKeyword(index, '')).toBeNull();
    expect(matchKeyword(index, '🙏 !!')).toBeNull();
    expect(matchKeyword(index, 'where is my order?')).toBeNull();
  });

  it('leaves out keywords that normalise to nothing', () => {
    const emoji = buildKeywordIndex({
      keywords: { en: { optOut: ['🛑', 'stop'], optIn: [], help: [], yes: [], no: [] } },
      languages: ['en'],
    });
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
        ({ keyword }, others, keywordFirst) => {
          const text = keywordFirst
            ? `${keyword} ${others.join(' ')}`
            : `${others.join(' ')} ${keyword}!`;
          // Words that run together into a keyword ("stop" + "all" = STOPALL) make one keyword.
          fc.pre(!ALL_COMPACT.has(compact(text)));
          const match = matchKeyword(index, text);
          expect(match?.type).not.toBe('exact');
          if (IN_SENTENCE.has(normalizeForMatching(keyword))) {
            expect(match).toMatchObject({ kind: 'optOut' });
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('takes a message of filler words and one keyword as that keyword: "stop please", "yes please"', () => {
    expect(matchKeyword(index, 'Stop please!')).toMatchObject({ type: 'exact', kind: 'optOut' });
    expect(matchKeyword(index, 'yes please')).toMatchObject({ type: 'exact', kind: 'yes' });
    expect(matchKeyword(index, 'no, gracias')).toMatchObject({ type: 'exact', kind: 'no' });
  });

  it('reads a one-word typo of an opt-out word as that word, but never a short or unrelated word', () => {
    for (const typo of ['stpo', 'stopp', 'STOOOP', 'unsubscibe', 'unsuscribe', 'cancle']) {
      expect(matchKeyword(index, typo), typo).toMatchObject({ type: 'exact', kind: 'optOut' });
    }
    for (const other of ['step', 'shop', 'spot', 'top', 'quiet', 'edn', 'stop by']) {
      expect(matchKeyword(index, other)?.type, other).not.toBe('exact');
    }
  });

  it('opts out on a whole-message phrasing in each language, and names marketing kinds', () => {
    const withCategories = buildKeywordIndex({
      keywords: KEYWORDS,
      languages: LANGUAGES,
      categories: SHIPPED_KINDS,
    });
    expect(matchKeyword(withCategories, 'please stop sending me messages')).toMatchObject({
      type: 'phrase',
      kind: 'optOut',
      language: 'en',
    });
    expect(matchKeyword(withCategories, 'no me manden más mensajes')).toMatchObject({
      type: 'phrase',
      language: 'es',
    });
    expect(matchKeyword(withCategories, 'PARE DE ME MANDAR MENSAGEM')).toMatchObject({
      type: 'phrase',
      language: 'pt',
    });
    expect(matchKeyword(withCategories, 'stop sending me promos')).toMatchObject({
      type: 'phrase',
      categories: ['offers'],
    });
    expect(matchKeyword(withCategories, 'stop sending me order updates')).toMatchObject({
      categories: ['orders'],
    });
    // "promos" for a flow without a marketing category: ask to stop everything instead.
    expect(matchKeyword(index, 'stop sending me promos')).toMatchObject({ type: 'contains' });
  });

  it('reads a kind named beside a word for messages ("order notifications", "avisos de mis pedidos") as a wish to stop that kind', () => {
    const withCategories = buildKeywordIndex({
      keywords: KEYWORDS,
      languages: LANGUAGES,
      categories: [
        ...SHIPPED_KINDS,
        {
          id: 'account',
          label: { en: 'login codes', es: 'códigos de acceso', pt: 'códigos de acesso' },
          whatsappCategory: 'AUTHENTICATION',
          templates: [],
        },
      ],
    });
    for (const [said, categories] of [
      ["I don't want order notifications", ['orders']],
      ['turn off order notifications', ['orders']],
      ['no more login code messages', ['account']],
      ['não quero notificações de pedidos', ['orders']],
      ['não quero mais as notificações dos meus pedidos', ['orders']],
    ] as const) {
      expect(matchKeyword(withCategories, said), said).toMatchObject({
        kind: 'optOut',
        categories,
      });
    }
    // The same words in a message that asks for them, or about them, are no wish to stop.
    for (const said of [
      "I don't want to miss order notifications",
      'turn on order notifications',
      'my order notifications stopped',
      'não quero perder os avisos dos pedidos',
      'no me llegan los avisos de mis pedidos',
    ]) {
      expect(matchKeyword(withCategories, said)?.kind, said).not.toBe('optOut');
    }
  });
});

describe('phrasings that ask to receive messages', () => {
  it.each([
    ['quero receber as ofertas', 'pt'],
    ['Oi, quero receber ofertas por favor', 'pt'],
    ['Sim, quero as promoções', 'pt'],
    ['tenho interesse nas ofertas', 'pt'],
    ['me manda as promoções pelo zap', 'pt'],
    ['quiero recibir ofertas', 'es'],
    ['Sí quiero las ofertas', 'es'],
    ['me interesan las promociones', 'es'],
    ['envíenme las ofertas por WhatsApp', 'es'],
    ['I want to get your offers', 'en'],
    ['yes I want the messages', 'en'],
    ['sign me up', 'en'],
    ['I want offers', 'en'],
    ['I also want the special offers', 'en'],
    ['I want to get your offers again', 'en'],
    ['quiero volver a recibir mensajes', 'es'],
    ['¿me pueden volver a mandar ofertas?', 'es'],
    ['quiero recibir solo avisos de pedidos', 'es'],
    ['quero voltar a receber as mensagens', 'pt'],
    ['quero receber só as ofertas', 'pt'],
    ['quiero las ofertas', 'es'],
    ['quero promoções', 'pt'],
    ['send me the promos please', 'en'],
  ])('reads "%s" as asking to receive (%s), a whole-message phrase', (text, language) => {
    expect(matchKeyword(index, text)).toMatchObject({ type: 'phrase', kind: 'optIn', language });
  });

  it.each([
    // A wish to stop wins, whatever else the message says.
    ['não quero receber ofertas', 'optOut'],
    ['quero parar de receber as ofertas', 'optOut'],
    ['no quiero recibir ofertas', 'optOut'],
    ['no quiero ofertas', 'optOut'],
    ['não quero promoções', 'optOut'],
    ["I don't want offers", 'optOut'],
    ["I don't want to get offers", 'optOut'],
    ['stop sending me promos', 'optOut'],
    ['quero receber ofertas, mas pare de mandar tanta mensagem', 'optOut'],
  ])('reads "%s" as %s, never as asking to receive', (text, kind) => {
    expect(matchKeyword(index, text)?.kind).toBe(kind);
  });

  it.each(['I want to get a refund', 'quero receber meu pedido', 'quiero recibir mi paquete'])(
    'leaves "%s" (something else to receive) alone',
    (text) => {
      expect(matchKeyword(index, text)).toBeNull();
    },
  );
});
