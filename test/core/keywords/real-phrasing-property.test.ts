import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchKeyword } from '../../../src/core/keywords/index.js';
import { shippedFlows } from '../../support/shipped-flows.js';

/**
 * What customers typed (testers' and the suite's phrasings), in the three built-in languages: read
 * again with punctuation anywhere between their words, as people type it.
 */
const SAID = [
  'why dont you text me about my order',
  'how come you dont send me anything',
  'why did you stop the codes i need them',
  'i never asked you to stop the codes stop the promos',
  'stop the codes not the promos and not the order updates',
  'stop codes not promos lol',
  'no the promos stop the codes too',
  'you keep sending promos stop the codes too',
  'keep the order updates dont stop them',
  'stop pls but i still need the order updates',
  'not the promos keep those',
  'dont unsubscribe me only from the promos',
  'i dont want to cancel my order just stop the promos',
  'order updates are fine stop the rest',
  'no more promos no codes',
  'por que no me mandan nada de mi pedido',
  'paren los codigos no las ofertas y tb los pedidos',
  'paren todo ni los pedidos',
  'no quiero darme de baja solo quitar las ofertas',
  'nunca pedi que pararan los codigos',
  'pq vcs nao me avisam do pedido',
  'parem os codigos nao as promocoes por favor',
  'parem mas ainda quero os pedidos',
  'eu nunca pedi pra parar os codigos',
  'stop promos no wait not codes',
  'stop the codes no wait the promos too',
  'stop promos oops i meant codes',
  'stop codes no wait keep them',
  'paren las promos los codigos y pedidos no',
  'paren los codigos las ofertas no me interesan',
  'hola paren los codigos tambien las ofertas',
  'parem os codigos as promocoes tambem',
  'stop promos codes orders',
  'codes and promos stop',
  'the codes and the promos stop them',
  'codigos y ofertas ya no',
  'paren los codigos y las promos bueno los codigos no',
  'parem os codigos os pedidos continuem as promocoes tambem parem',
] as const;

const flow = shippedFlows.find((f) => f.definition.id === 'default') ?? shippedFlows[0]!;

describe('real phrasing, punctuated anywhere', () => {
  // Found so: "why dont you, text me about my order" read its question's clause again and again
  // until the stack ran out, and the customer got no answer; "stop promos, no wait, not codes"
  // was read as a stop with no keyword, which failed the turn.
  it('is read without an error, as a match or as no match', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SAID),
        fc.array(fc.constantFrom(' ', ' ', ' ', ', ', '. ', '? ', '! ', ' - ', '\n'), {
          minLength: 12,
          maxLength: 12,
        }),
        fc.constantFrom('en', 'es', 'pt'),
        (said, breaks, language) => {
          const words = said.split(' ');
          const text = words.map((word, i) => `${word}${i < words.length - 1 ? breaks[i] : ''}`);
          const match = matchKeyword(flow.keywords, text.join(''), language);
          // (A match without its keyword failed the turn: the language read from it.)
          expect(match === null || typeof match.keyword === 'string').toBe(true);
        },
      ),
      { numRuns: 600 },
    );
  });
});

describe('real phrasing, as typed', () => {
  // A tester's, for a first version of the corrections: read as a stop with no keyword, which
  // failed the turn (no answer).
  it.each([
    'stop promos, no wait, not codes',
    'stop promos, no not the codes',
    'stop the codes, no wait, not the promos',
    'stop codes, no wait, keep them',
    'paren las ofertas, los codigos no, no espera, tambien los codigos',
  ])('"%s" is read with its keyword', (said) => {
    for (const language of ['en', 'es', 'pt']) {
      const match = matchKeyword(flow.keywords, said, language);
      expect(match === null || typeof match.keyword === 'string').toBe(true);
    }
  });
});

/** Each built-in language's words for the shipped flow's kinds, and what stops them. */
const LISTS = {
  en: {
    kinds: { orders: 'orders', account: 'codes', offers: 'promos' },
    joins: [' ', ', ', ' and ', ', and '],
    article: 'the ',
    before: ['stop', 'pls stop', 'stop sending', 'no more', 'i dont want'],
    after: [' stop', ' pls stop', ' stop pls', ' no more', ', stop', ': stop them'],
  },
  es: {
    kinds: { orders: 'pedidos', account: 'codigos', offers: 'ofertas' },
    joins: [' ', ', ', ' y '],
    article: 'los ',
    before: ['paren', 'ya no quiero', 'dejen de mandar', 'no mas'],
    after: [' paren', ' ya no', ', paren', ' no quiero'],
  },
  pt: {
    kinds: { orders: 'pedidos', account: 'codigos', offers: 'promocoes' },
    joins: [' ', ', ', ' e '],
    article: 'os ',
    before: ['parem', 'nao quero mais', 'parem de mandar', 'chega de'],
    after: [' parem', ' nao quero mais', ', parem', ' nao quero'],
  },
} as const;

describe('a list of kinds, however it is joined', () => {
  // Found so: "stop promos codes orders" offered the promos alone, "stop the orders, codes,
  // promos" lost the orders, "paren los pedidos, los codigos y las ofertas" and "codes and promos,
  // stop" were read as no stop or a stop of everything.
  it('stops every kind it names, said after the stop or before it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('en', 'es', 'pt'),
        fc.shuffledSubarray(['orders', 'account', 'offers'] as const, { minLength: 2 }),
        fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        fc.boolean(),
        fc.nat(),
        (language, ids, joins, first, article, verb) => {
          const words = LISTS[language];
          const list = ids
            .map(
              (id, i) =>
                `${i === 0 ? '' : words.joins[joins[i - 1]! % words.joins.length]}${words.kinds[id]}`,
            )
            .join('');
          const kinds = `${article ? words.article : ''}${list}`;
          const said = first
            ? `${kinds}${words.after[verb % words.after.length]}`
            : `${words.before[verb % words.before.length]} ${kinds}`;
          const match = matchKeyword(flow.keywords, said, language);
          const stops = match && 'categories' in match ? match.categories : undefined;
          expect(match?.kind, said).toBe('optOut');
          expect([...(stops ?? [])].sort(), said).toEqual([...ids].sort());
        },
      ),
      { numRuns: 400 },
    );
  });
});
