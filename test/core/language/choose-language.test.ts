import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../../src/core/flow/definition.js';
import {
  chooseLanguage,
  languageEvidence,
  languageForCountry,
} from '../../../src/core/language/index.js';
import { countryOfContact } from '../../../src/core/phone.js';
import { loadFlowsDir } from '../../../src/flows/index.js';
import type { CompiledFlow } from '../../../src/service/flow-catalog.js';
import { prepareFlow } from '../../../src/service/flow-catalog.js';

let flow: CompiledFlow;
beforeAll(async () => {
  const { flows } = await loadFlowsDir('flows');
  flow = prepareFlow(flows.find((f) => f.definition.id === 'default')!.definition);
});

/** The language chosen for `text` by a customer of `phone`, in a conversation so far in `current`. */
function languageOf(text: string, phone: string, current?: string): string {
  const definition = flow.definition;
  const countryLanguage = languageForCountry(definition, countryOfContact({ phone }));
  return chooseLanguage({
    flow: definition,
    ...(current === undefined ? {} : { current }),
    evidence: languageEvidence(flow.lexicon, flow.keywords, flow.smallTalk, text),
    ...(countryLanguage === undefined ? {} : { countryLanguage }),
  }).language;
}

const US = '+14155550101';
const ES = '+34600000101';
const MX = '+525500000101';
const BR = '+5511900000101';
const PT = '+351910000101';
const FR = '+33612345678';

describe('the language of a first message', () => {
  it.each([
    ['hola', US, 'es'],
    ['buenas', US, 'es'],
    ['Buenos días!', US, 'es'],
    ['olá', US, 'pt'],
    ['oi', US, 'pt'],
    ['bom dia', US, 'pt'],
    ['hello', ES, 'en'],
    ['quiero saber dónde está mi pedido', US, 'es'],
    ['eu quero saber onde está o meu pedido', US, 'pt'],
    ['where is my order', BR, 'en'],
  ])('reads %j from %s as %s: the words first', (text, phone, language) => {
    expect(languageOf(text, phone)).toBe(language);
  });

  it.each([
    ['12345', ES, 'es'],
    ['12345', MX, 'es'],
    ['12345', BR, 'pt'],
    ['12345', PT, 'pt'],
    ['12345', US, 'en'],
    ['12345', FR, 'en'],
  ])('reads %j from %s as %s: then the country, then the flow default', (text, phone, language) => {
    expect(languageOf(text, phone)).toBe(language);
  });

  it('settles a word two languages share by the country, else the flow order', () => {
    expect(languageOf('claro', BR)).toBe('pt');
    expect(languageOf('claro', ES)).toBe('es');
    expect(languageOf('pedido', BR)).toBe('pt');
    expect(languageOf('parar', US)).toBe('es');
  });

  // A phrasing of two languages: the country's; from another country, the one a word only
  // it has says (the first of the flow's order, Spanish, before); a thanks alone in the other
  // language does not outweigh the country (a tester's of a first version).
  it.each([
    ['para de mandar ofertas obrigado', US, 'pt'],
    ['quero parar os códigos', US, 'pt'],
    ['para de mandar ofertas obrigado', ES, 'es'],
    ['para de mandar ofertas gracias', BR, 'pt'],
    ['para de mandar ofertas', BR, 'pt'],
    ['para de mandar ofertas', US, 'es'],
  ])(
    'reads %j from %s as %s: a phrasing of two languages by its words',
    (text, phone, language) => {
      expect(languageOf(text, phone)).toBe(language);
    },
  );
});

describe('the language later in a conversation', () => {
  it('never switches on a word two languages share', () => {
    expect(languageOf('parar', BR, 'pt')).toBe('pt');
    expect(languageOf('claro', BR, 'pt')).toBe('pt');
    expect(languageOf('parar', US, 'en')).toBe('en');
    expect(languageOf('STOP', ES, 'es')).toBe('es');
  });

  it('switches on a word, title or greeting of one language only', () => {
    expect(languageOf('BAJA', BR, 'pt')).toBe('es');
    expect(languageOf('VOLTAR', ES, 'es')).toBe('pt');
    expect(languageOf('Hablar con alguien', US, 'en')).toBe('es');
    expect(languageOf('obrigado', US, 'en')).toBe('pt');
  });

  it('switches when the customer names a language, whatever the language they name it in', () => {
    expect(languageOf('español', US, 'en')).toBe('es');
    expect(languageOf('in English please', ES, 'es')).toBe('en');
    expect(languageOf('em português', US, 'en')).toBe('pt');
  });

  it('switches on a sentence with two or more words of one language only, and none of another', () => {
    expect(languageOf('quiero saber dónde está mi pedido', US, 'en')).toBe('es');
    expect(languageOf('eu quero saber onde está o meu pedido', ES, 'es')).toBe('pt');
    expect(languageOf('where is my order', BR, 'pt')).toBe('en');
  });

  it('keeps the language for one everyday word, or a sentence that mixes languages', () => {
    expect(languageOf('quiero', US, 'en')).toBe('en');
    expect(languageOf('I want mi pedido', US, 'en')).toBe('en');
    expect(languageOf('12345', BR, 'en')).toBe('en');
  });

  it("keeps the country's language when the customer greets or thanks in the flow's default language", () => {
    expect(languageOf('hello', BR, 'pt')).toBe('pt');
    expect(languageOf('thanks', ES, 'es')).toBe('es');
    // Away from another language, or towards the country's, small talk switches.
    expect(languageOf('hello', FR, 'es')).toBe('en');
    expect(languageOf('gracias', ES, 'en')).toBe('es');
    expect(languageOf('obrigado', ES, 'es')).toBe('pt');
  });

  it("keeps the country's language for a single word in the flow's default language", () => {
    expect(languageOf('nah', MX, 'es')).toBe('es');
    expect(languageOf('sure', MX, 'es')).toBe('es');
    expect(languageOf('yes', BR, 'pt')).toBe('pt');
    // More than one word, away from another language or towards the country's: it switches.
    expect(languageOf('yes please', MX, 'es')).toBe('en');
    expect(languageOf('sure', FR, 'es')).toBe('en');
    expect(languageOf('sure', US, 'es')).toBe('en');
  });
});

describe('the country map', () => {
  const flowWith = (languages: string[], map?: Record<string, string>) =>
    ({ languages, ...(map ? { languageByCountry: map } : {}) }) as Pick<
      FlowDefinition,
      'languages' | 'languageByCountry'
    >;

  it('maps Spanish- and Portuguese-speaking countries, and reads a regional flow language', () => {
    expect(languageForCountry(flowWith(['en', 'es', 'pt']), 'AR')).toBe('es');
    expect(languageForCountry(flowWith(['en', 'es', 'pt']), 'AO')).toBe('pt');
    expect(languageForCountry(flowWith(['en', 'pt-BR']), 'BR')).toBe('pt-BR');
    expect(languageForCountry(flowWith(['en', 'es']), 'BR')).toBeUndefined();
    expect(languageForCountry(flowWith(['en', 'es']), undefined)).toBeUndefined();
  });

  it("lets a flow's languageByCountry add and change countries", () => {
    const flowMap = flowWith(['en', 'es'], { US: 'es', AD: 'es' });
    expect(languageForCountry(flowMap, 'US')).toBe('es');
    expect(languageForCountry(flowMap, 'AD')).toBe('es');
  });

  it('finds the country of a number, or of a business-scoped user id', () => {
    expect(countryOfContact({ phone: '+17875550101' })).toBe('PR');
    expect(countryOfContact({ userId: 'BR.13491208655302741918' })).toBe('BR');
    expect(countryOfContact({ userId: 'EM.tester' })).toBeUndefined();
  });
});

describe('the message read in the current language first', () => {
  it('chooses as if every language had been read, for every corpus message and current language', async () => {
    const messages = new Set<string>();
    for (const file of ['opt-out-corpus.yaml', 'opt-out-second-round.yaml']) {
      const corpus = parse(
        await readFile(new URL(`../keywords/corpus/${file}`, import.meta.url), 'utf8'),
      ) as Record<string, Record<string, string[]>>;
      for (const byClass of Object.values(corpus)) {
        for (const texts of Object.values(byClass)) for (const text of texts) messages.add(text);
      }
    }
    expect(messages.size).toBeGreaterThan(300);
    let shorter = 0;
    for (const text of messages) {
      for (const current of ['en', 'es', 'pt']) {
        const all = languageEvidence(flow.lexicon, flow.keywords, flow.smallTalk, text);
        const first = languageEvidence(flow.lexicon, flow.keywords, flow.smallTalk, text, current);
        const choose = (evidence: typeof all) =>
          chooseLanguage({ flow: flow.definition, current, evidence });
        expect([text, current, choose(first)]).toEqual([text, current, choose(all)]);
        if (first.whole.length < all.whole.length) shorter += 1;
      }
    }
    // Some messages are phrasings of several languages: read in the current one, the others
    // were not read.
    expect(shorter).toBeGreaterThan(0);
  });
});
