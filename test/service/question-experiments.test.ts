import { describe, expect, it } from 'vitest';
import { createManualClock, DAY, MINUTE } from '../../src/core/clock.js';
import type { InboundContent } from '../../src/core/conversation/inbound.js';
import type { FlowDefinition } from '../../src/core/flow/definition.js';
import { checkCompliance } from '../../src/core/flow/check-compliance.js';
import { drawVariant } from '../../src/core/flow/question-variants.js';
import { createSilentLogger } from '../../src/logger.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { changedDefaultFlow } from '../core/flow/default-flow.js';

/** Issue 12: several wordings of the question, each with a weight; a customer keeps theirs. */
const SHORT = 'Get {categories} from {business} on WhatsApp? Reply STOP at any time to stop them.';
const SHORT_SHOWN =
  'Get order updates, login codes, and special offers from Brightwood Home on WhatsApp? Reply STOP at any time to stop them.';
const SHORT_REASK = 'Still keen on {categories} from {business} on WhatsApp? Reply STOP to stop.';

function experiment(weight = 50, reask = true): FlowDefinition {
  return changedDefaultFlow((f) => {
    f.texts['en']!.questionVariants = [
      { id: 'short', weight, question: SHORT, ...(reask ? { reask: SHORT_REASK } : {}) },
    ];
  });
}

function world(flow: FlowDefinition) {
  const catalog = createFlowCatalog([prepareFlow(flow)], flow.id);
  const store = createMemoryStore();
  const clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
  const turns = createTurnService({ store, flows: catalog, clock, logger: createSilentLogger() });
  let seq = 0;
  const send = (phone: string, content: InboundContent) => {
    clock.advance(MINUTE);
    return turns.handleMessage({
      messageId: `wamid.exp.${++seq}`,
      contact: { phone },
      timestamp: clock.now(),
      content,
    });
  };
  return {
    catalog,
    store,
    clock,
    say: (phone: string, text: string) => send(phone, { kind: 'text', text }),
    tap: (phone: string, id: string, title: string) => send(phone, { kind: 'choice', id, title }),
  };
}

/** A fictional +1 415 555 01xx number. */
const phone = (i: number) => `+1415555${String(i).padStart(4, '0')}`;

describe('question experiments', () => {
  it('shows each customer the variant drawn from their number, in the shares the weights give', async () => {
    const flow = experiment(30);
    const w = world(flow);
    const shown = new Map<string, number>();
    for (let i = 0; i < 200; i += 1) {
      const { replies, consentEvents } = await w.say(phone(i), 'hello');
      const question = replies.at(-1)!.text;
      const variant = consentEvents[0]!.evidence.variant!;
      shown.set(variant, (shown.get(variant) ?? 0) + 1);
      expect(variant).toBe(drawVariant(flow.texts['en']!, `default:en:${phone(i)}`));
      expect(question.startsWith(variant === 'short' ? 'Get order updates' : 'Hi! Would')).toBe(
        true,
      );
    }
    // 30 out of 100: about 60 of 200, and never all on one side.
    expect(shown.get('short')).toBeGreaterThan(40);
    expect(shown.get('short')).toBeLessThan(80);
    expect((shown.get('short') ?? 0) + (shown.get('standard') ?? 0)).toBe(200);
  });

  it('keeps a customer’s variant for the re-ask, and after the weights change', async () => {
    const flow = experiment(100);
    const w = world(flow);
    const first = await w.say(phone(1), 'hello');
    expect(first.replies.at(-1)!.text).toBe(SHORT_SHOWN);

    // The question comes back at the third message after it was asked, not before (issue 10).
    await w.say(phone(1), 'do you sell lamps?');
    await w.say(phone(1), 'and chairs?');
    const reask = await w.say(phone(1), 'and tables?');
    expect(reask.replies.at(-1)!.text).toBe(
      'Still keen on order updates, login codes, and special offers from Brightwood Home on WhatsApp? Reply STOP to stop.',
    );
    expect(reask.consentEvents).toEqual([
      expect.objectContaining({
        evidence: expect.objectContaining({ ask: 'reask', variant: 'short' }) as unknown,
      }),
    ]);

    // The experiment is paused for new customers: this one still reads "short".
    w.catalog.replace([prepareFlow({ ...experiment(0), version: flow.version + 1 })]);
    w.clock.advance(2 * DAY);
    const later = await w.say(phone(1), 'hello');
    expect(later.consentEvents).toEqual([
      expect.objectContaining({
        evidence: expect.objectContaining({ ask: 'reask', variant: 'short' }) as unknown,
      }),
    ]);
    const newcomer = await w.say(phone(2), 'hello');
    expect(newcomer.consentEvents[0]!.evidence.variant).toBe('standard');
  });

  it('names the variant in the evidence of the answer, with the exact words shown', async () => {
    const w = world(experiment(100, false));
    await w.say(phone(3), 'hello');

    const yes = await w.tap(phone(3), 'consent.yes', 'Yes, all of them');

    expect(yes.consentEvents).toEqual([
      expect.objectContaining({
        type: 'consent.granted',
        evidence: expect.objectContaining({
          variant: 'short',
          questionText: SHORT_SHOWN,
        }) as unknown,
      }),
    ]);
  });

  it('draws again when the variant a customer had is gone', async () => {
    const flow = experiment(100);
    const w = world(flow);
    await w.say(phone(4), 'hello');
    w.catalog.replace([
      prepareFlow({
        ...flow,
        version: flow.version + 1,
        texts: changedDefaultFlow(() => undefined).texts,
      }),
    ]);
    w.clock.advance(2 * DAY);

    const later = await w.say(phone(4), 'hello');

    expect(later.consentEvents[0]!.evidence.variant).toBe('standard');
  });

  it('checks every variant like the question', () => {
    const broken = changedDefaultFlow((f) => {
      f.texts['en']!.questionVariants = [
        { id: 'standard', weight: 60, question: 'Messages from us?' },
        { id: 'short', weight: 30, question: SHORT, reask: 'Want {categories}? Reply STOP.' },
        { id: 'short', weight: 30, question: SHORT },
      ];
    });

    const problems = checkCompliance(broken, () => undefined, 'f.yaml').map(
      (i) => `${i.path}: ${i.message}`,
    );

    expect(problems).toEqual([
      'texts.en.questionVariants[0].question: does not name the business "Brightwood Home" (en)',
      'texts.en.questionVariants[0].question: does not say the messages come over WhatsApp (en)',
      'texts.en.questionVariants[0].question: does not name the category "order updates" (en)',
      'texts.en.questionVariants[0].question: does not name the category "login codes" (en)',
      'texts.en.questionVariants[0].question: does not name the category "special offers" (en)',
      'texts.en.questionVariants[0].question: does not say how to stop (en): it must tell the customer to send an opt-out word of this language',
      'texts.en.questionVariants[1].reask: does not name the business "Brightwood Home" (en)',
      'texts.en.questionVariants[1].reask: does not say the messages come over WhatsApp (en)',
      'texts.en.questionVariants[0].id: "standard" is the name of the question itself',
      'texts.en.questionVariants[2].id: variant id "short" is used twice in en',
      "texts.en.questionVariants: the variants' weights add up to 120 (en); they are shares out of 100",
    ]);
  });
});
