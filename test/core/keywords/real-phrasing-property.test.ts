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
