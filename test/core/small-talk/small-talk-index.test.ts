import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SmallTalkIndex } from '../../../src/core/small-talk/index.js';
import { buildSmallTalkIndex, classifySmallTalk } from '../../../src/core/small-talk/index.js';
import { loadFlowsDir } from '../../../src/flows/index.js';

let index: SmallTalkIndex;
beforeAll(async () => {
  const { flows } = await loadFlowsDir('flows');
  index = buildSmallTalkIndex(flows.find((f) => f.definition.id === 'default')!.definition);
});

describe('small talk', () => {
  it.each([
    ['hi', 'greeting', ['en']],
    ['Hi again!', 'greeting', ['en']],
    ['hello there', 'greeting', ['en']],
    ['Good morning Brightwood', 'greeting', ['en']],
    ['Hola, buenas', 'greeting', ['es']],
    ['olá tudo bem?', 'greeting', ['pt']],
    ['thanks', 'thanks', ['en']],
    ['Thank you so much!!', 'thanks', ['en']],
    ['muchas gracias', 'thanks', ['es']],
    ['valeu', 'thanks', ['pt']],
    ['thanks, bye', 'goodbye', ['en']],
    ['español', 'language', ['es']],
    ['in English', 'language', ['en']],
  ])('reads %j as %s in %j', (text, kind, languages) => {
    expect(classifySmallTalk(index, text)).toEqual({ kind, languages });
  });

  it('reads emoji alone as thanks or a greeting, in no language', () => {
    expect(classifySmallTalk(index, '👍')).toEqual({ kind: 'thanks', languages: [] });
    expect(classifySmallTalk(index, '👍🏽👍🏽')).toEqual({ kind: 'thanks', languages: [] });
    expect(classifySmallTalk(index, '🙏')).toEqual({ kind: 'thanks', languages: [] });
    expect(classifySmallTalk(index, '👋')).toEqual({ kind: 'greeting', languages: [] });
    expect(classifySmallTalk(index, '🛋️')).toBeUndefined();
  });

  it('is not small talk when the message asks something too', () => {
    expect(classifySmallTalk(index, 'hi, where is my order?')).toBeUndefined();
    expect(classifySmallTalk(index, 'thanks but the sofa is broken')).toBeUndefined();
    expect(classifySmallTalk(index, 'again')).toBeUndefined();
    expect(classifySmallTalk(index, '')).toBeUndefined();
  });

  it('never takes a message with a word of its own for small talk (property)', () => {
    const small = fc.constantFrom(
      'hi',
      'hello',
      'thanks',
      'hola',
      'gracias',
      'oi',
      'obrigado',
      'bye',
    );
    const question = fc.constantFrom('sofa', 'order', 'pedido', 'refund', 'where', 'broken');
    fc.assert(
      fc.property(small, question, fc.boolean(), (talk, word, before) => {
        const text = before ? `${word} ${talk}` : `${talk} ${word}`;
        expect(classifySmallTalk(index, text)).toBeUndefined();
      }),
    );
  });
});
