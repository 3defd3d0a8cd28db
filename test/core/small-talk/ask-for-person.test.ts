import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../../src/core/keywords/index.js';
import {
  asksForPerson,
  buildSmallTalkIndex,
  builtinSmallTalk,
} from '../../../src/core/small-talk/index.js';

/**
 * How customers ask for a person in a whole sentence, in the product's languages: such a message
 * takes the flow's way to a person (`core/flow/pick-choice.ts`), where only the choice's own
 * words (AGENT, PERSONA…) as a whole message did before.
 */
const LANGUAGES = ['en', 'es', 'pt', 'fr', 'de', 'it'];
const index = buildSmallTalkIndex({
  languages: LANGUAGES,
  business: { name: 'Brightwood Home' },
});

describe('asking for a person', () => {
  it.each([
    'I want to talk to a human',
    'Can I speak to a real person please?',
    'can i please speak with someone',
    'I need a human',
    'Put me through to an agent',
    'let me chat with your team',
    'is there a human I can talk to',
    'I want to speak to a manager',
    'speak to customer service',
    'real person please',
    'agente por favor',
    'me comunica con un asesor',
    'atendente por favor',
    'quero atendimento humano',
    'quiero hablar con una persona',
    '¿Puedo hablar con un asesor?',
    'pásame con alguien por favor',
    'necesito un agente',
    'quero falar com uma pessoa',
    'Quero falar com um atendente!',
    'me passa pra alguém',
    'preciso de um atendente',
    'je voudrais parler à un conseiller',
    "Puis-je parler avec quelqu'un ?",
    'Ich möchte mit einem Menschen sprechen',
    'kann ich mit einem Mitarbeiter reden',
    'vorrei parlare con un operatore',
  ])('hears "%s"', (message) => {
    expect(asksForPerson(index, message)).toBe(true);
  });

  it.each([
    'talk',
    'I talked to my neighbour about the order',
    'the person who delivered it was rude',
    'I need a person to sign for the parcel',
    'quiero hablar de mi pedido',
    'necesito una persona que firme',
    'quero falar sobre a minha encomenda',
    'STOP',
    'where is my order?',
    'customer service was great, thanks',
    'necesito ayuda de una persona',
  ])('does not hear it in "%s"', (message) => {
    expect(asksForPerson(index, message)).toBe(false);
  });

  it('compiles every built-in way of asking, in every language', () => {
    for (const language of LANGUAGES) {
      const patterns = builtinSmallTalk(language)!.askForPerson;
      expect(patterns.length, language).toBeGreaterThan(0);
      for (const pattern of patterns) {
        expect(compilePattern(pattern, {}), `${language}: ${pattern}`).toHaveProperty('regex');
      }
    }
  });
});
