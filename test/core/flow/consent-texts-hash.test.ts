import { describe, expect, it } from 'vitest';
import { consentTextsChange, consentTextsHash } from '../../../src/core/flow/consent-texts-hash.js';
import { changedDefaultFlow, loadDefaultFlow } from './default-flow.js';

describe('the consent texts hash', () => {
  const hash = consentTextsHash(loadDefaultFlow());

  it('is a sha-256 in hex, the same for the same content', () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(consentTextsHash(loadDefaultFlow())).toBe(hash);
  });

  it('changes with a consent text, a button, a category label or the business name', () => {
    const changes = [
      changedDefaultFlow((f) => {
        f.texts['pt']!.question += ' ';
      }),
      changedDefaultFlow((f) => {
        f.texts['en']!.buttons.yes = 'Yes please';
      }),
      changedDefaultFlow((f) => {
        f.categories[0]!.label['es'] = 'pedidos';
      }),
      changedDefaultFlow((f) => {
        f.business.name = 'Brightwood';
      }),
    ];
    for (const flow of changes) expect(consentTextsHash(flow)).not.toBe(hash);
  });

  it('does not change with the version, the menu or the order of keys', () => {
    const same = [
      changedDefaultFlow((f) => {
        f.version += 1;
        f.service.states['menu']!.say['en'] = 'What can we do for you?';
      }),
      changedDefaultFlow((f) => {
        const { en, ...rest } = f.texts;
        f.texts = { ...rest, en: en! };
      }),
    ];
    for (const flow of same) expect(consentTextsHash(flow)).toBe(hash);
  });

  // A tester's (session 48): "changed but version is still 3" said nothing of what changed.
  it('says where the consent texts first differ, as the editor finds it in the file', () => {
    const flow = loadDefaultFlow();
    const where = (change: Parameters<typeof changedDefaultFlow>[0]) =>
      consentTextsChange(flow, changedDefaultFlow(change));
    expect(where((f) => (f.texts['pt']!.question += ' '))).toBe('texts.pt.question');
    expect(where((f) => (f.texts['en']!.buttons.yes = 'Yes please'))).toBe('texts.en.buttons.yes');
    expect(where((f) => (f.categories[0]!.label['es'] = 'pedidos'))).toBe('categories[0].label.es');
    expect(where((f) => (f.business.name = 'Brightwood'))).toBe('business.name');
    expect(where((f) => f.categories.reverse())).toBe('categories[0].id');
    expect(where((f) => f.categories.pop())).toBe('categories[2]');
    expect(where((f) => (f.version += 1))).toBeUndefined();
  });
});
