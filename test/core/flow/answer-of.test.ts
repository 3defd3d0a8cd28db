import { describe, expect, it } from 'vitest';
import { HOUR } from '../../../src/core/clock.js';
import { UNKNOWN_CONSENT } from '../../../src/core/consent/state.js';
import type { ConversationEvent } from '../../../src/core/conversation/events.js';
import { buildAnswerKey } from '../../../src/core/flow/answer-key.js';
import { answerOf } from '../../../src/core/flow/answer-of.js';
import type { FlowContext } from '../../../src/core/flow/flow-context.js';
import { normalizeForMatching } from '../../../src/core/keywords/index.js';
import { loadDefaultFlow } from './default-flow.js';

const flow = loadDefaultFlow();
const key = buildAnswerKey(flow);
const T0 = Date.parse('2026-05-04T09:00:00Z');
const facts = (now: number) => ({
  now,
  messageId: `m${now}`,
  consent: UNKNOWN_CONSENT,
  windowStartedAt: T0,
  firstMessage: false,
});
const typed = (text: string, now = T0 + 60_000): ConversationEvent => ({
  type: 'message',
  text: normalizeForMatching(text),
  facts: facts(now),
});
const asked = (prompt: 'question' | 'category' | 'stop' | 'stopSome', at = T0): FlowContext => ({
  language: 'en',
  askTimes: [at],
  question: { text: 'the question', at },
  said: { turn: 'm0', at, by: 'consent', prompt },
  ...(prompt === 'category' ? { choosing: { index: 1, asking: 'account', chosen: [] } } : {}),
});

describe('what counts as an answer', () => {
  it('takes a typed title, in any language of the flow, or a number, for the latest prompt', () => {
    expect(answerOf(key, asked('question'), typed('Yes, all of them!'))).toEqual({
      prompt: 'question',
      button: 'yes',
    });
    expect(answerOf(key, asked('question'), typed('quero escolher'))).toEqual({
      prompt: 'question',
      button: 'choose',
    });
    expect(answerOf(key, asked('question'), typed('3'))).toEqual({
      prompt: 'question',
      button: 'no',
    });
    expect(answerOf(key, asked('stop'), typed('Sí, parar'))).toEqual({
      prompt: 'stop',
      button: 'yes',
    });
    expect(answerOf(key, asked('stopSome'), typed('Stop everything'))).toEqual({
      prompt: 'stopSome',
      button: 'all',
    });
    expect(answerOf(key, asked('question'), typed('4'))).toBeUndefined();
  });

  it('takes a title typed with one word a letter off: another ending, a slip of the finger', () => {
    // "Só esses" / "Solo esos" said of offers (ofertas, feminine), as people write it.
    for (const [text, button] of [
      ['Só essas', 'yes'],
      ['solo esas', 'yes'],
      ['Let me chose', 'choose'],
      ['No, thank', 'no'],
    ] as const) {
      const prompt = button === 'yes' ? 'stopSome' : 'question';
      expect(answerOf(key, asked(prompt), typed(text)), text).toEqual({ prompt, button });
    }
    // Not two words off, not a short word, and not a title that is near two buttons.
    expect(answerOf(key, asked('stopSome'), typed('Só outras'))).toBeUndefined();
    expect(answerOf(key, asked('question'), typed('Let me chose one'))).toBeUndefined();
    expect(answerOf(key, asked('question'), typed('Yes, all of those'))).toBeUndefined();
    expect(answerOf(key, asked('question'), typed('So, thanks'))).toBeUndefined();
  });

  it('takes a typed yes or no word as the first or the no button of the latest prompt', () => {
    const yes: ConversationEvent = { type: 'answer.yes', text: 'yes', facts: facts(T0 + 1) };
    const no: ConversationEvent = { type: 'answer.no', text: 'no', facts: facts(T0 + 1) };
    expect(answerOf(key, asked('category'), yes)).toEqual({ prompt: 'category', button: 'yes' });
    expect(answerOf(key, asked('stopSome'), no)).toEqual({ prompt: 'stopSome', button: 'no' });
  });

  it('takes nothing typed once the bot said something else, or after the answer period', () => {
    const afterService: FlowContext = {
      ...asked('question'),
      said: { turn: 'm1', at: T0, by: 'service', choices: ['track'] },
    };
    expect(answerOf(key, afterService, typed('yes all of them'))).toBeUndefined();
    const afterThanks: FlowContext = {
      ...asked('question'),
      said: { turn: 'm1', at: T0, by: 'consent' },
    };
    expect(answerOf(key, afterThanks, typed('1'))).toBeUndefined();
    const period = flow.consent.answerPeriodHours * HOUR;
    expect(answerOf(key, asked('question'), typed('yes all of them', T0 + period))).toEqual({
      prompt: 'question',
      button: 'yes',
    });
    expect(
      answerOf(key, asked('question'), typed('yes all of them', T0 + period + 1)),
    ).toBeUndefined();
  });

  it('takes nothing typed before the prompt was shown (a webhook that arrives late)', () => {
    expect(
      answerOf(key, asked('question', T0), typed('yes all of them', T0 - 1000)),
    ).toBeUndefined();
  });

  it('takes a tap whatever came since, but not another category’s button nor an unknown question’s', () => {
    const tap = (extra: Partial<Extract<ConversationEvent, { type: 'answer.yes' }>>) =>
      ({ type: 'answer.yes', facts: facts(T0 + 3 * 24 * HOUR), ...extra }) as ConversationEvent;
    const later: FlowContext = {
      ...asked('question'),
      said: { turn: 'm9', at: T0, by: 'service' },
    };
    expect(answerOf(key, later, tap({ prompt: 'question' }))).toEqual({
      prompt: 'question',
      button: 'yes',
    });
    expect(
      answerOf(key, asked('category'), tap({ prompt: 'category', category: 'account' })),
    ).toEqual({
      prompt: 'category',
      button: 'yes',
    });
    expect(
      answerOf(key, asked('category'), tap({ prompt: 'category', category: 'orders' })),
    ).toBeUndefined();
    expect(answerOf(key, later, tap({ prompt: 'question', shown: 'the question' }))).toEqual({
      prompt: 'question',
      button: 'yes',
    });
    expect(
      answerOf(key, later, tap({ prompt: 'question', shown: 'A question of an old flow' })),
    ).toBeUndefined();
  });
});
