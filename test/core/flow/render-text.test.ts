import { describe, expect, it } from 'vitest';
import { joinList, renderFlowText } from '../../../src/core/flow/render-text.js';
import { changedDefaultFlow, loadDefaultFlow } from './default-flow.js';

describe('joinList', () => {
  it('joins as each language does (Intl.ListFormat): and, y, e, et, und', () => {
    expect(joinList(['a', 'b', 'c'], 'en')).toBe('a, b, and c');
    expect(joinList(['a', 'b', 'c'], 'es')).toBe('a, b y c');
    expect(joinList(['a', 'b'], 'pt')).toBe('a e b');
    expect(joinList(['suivis de commande', 'codes de connexion', 'offres spéciales'], 'fr')).toBe(
      'suivis de commande, codes de connexion et offres spéciales',
    );
    expect(joinList(['a', 'b', 'c'], 'de')).toBe('a, b und c');
    expect(joinList(['a', 'b', 'c'], 'it')).toBe('a, b e c');
  });

  it('follows the grammar of the language: Spanish "e" before an "i" sound', () => {
    expect(joinList(['avisos', 'invitaciones'], 'es')).toBe('avisos e invitaciones');
  });

  it('uses the regional form of a regional code', () => {
    expect(joinList(['a', 'b', 'c'], 'pt-BR')).toBe('a, b e c');
    expect(joinList(['a', 'b', 'c'], 'en-GB')).toBe('a, b and c');
  });

  it('joins with commas only in a language the platform does not know', () => {
    expect(joinList(['a', 'b', 'c'], 'xx')).toBe('a, b, c');
  });

  it('returns a single item as is and nothing for no items', () => {
    expect(joinList(['a'], 'en')).toBe('a');
    expect(joinList([], 'en')).toBe('');
  });
});

describe('renderFlowText', () => {
  const flow = loadDefaultFlow();

  it('fills {business} and {categories} in the language asked for', () => {
    expect(renderFlowText(flow, 'en', '{business}: {categories}.')).toBe(
      'Brightwood Home: order updates, login codes, and special offers.',
    );
    expect(renderFlowText(flow, 'es', '{categories}')).toBe(
      'avisos de tus pedidos, códigos de acceso y ofertas especiales',
    );
  });

  it('fills extra variables such as {category}', () => {
    expect(renderFlowText(flow, 'pt', 'Quer {category}?', { category: 'ofertas especiais' })).toBe(
      'Quer ofertas especiais?',
    );
  });

  it('lets a variable override a built-in one', () => {
    expect(renderFlowText(flow, 'en', '{categories}', { categories: 'order updates' })).toBe(
      'order updates',
    );
  });

  it('leaves unknown placeholders as written', () => {
    expect(renderFlowText(flow, 'en', 'Hi {name}, {business} here {toString}')).toBe(
      'Hi {name}, Brightwood Home here {toString}',
    );
  });

  it('names a category without a label in that language by its id', () => {
    const partial = changedDefaultFlow((f) => {
      delete f.categories[1]!.label['es'];
    });
    expect(renderFlowText(partial, 'es', '{categories}')).toBe(
      'avisos de tus pedidos, account y ofertas especiales',
    );
  });
});
