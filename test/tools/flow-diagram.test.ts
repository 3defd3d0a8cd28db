import { readFile } from 'node:fs/promises';
import DOMPurify from 'dompurify';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/core/clock.js';
import type { ConsentState } from '../../src/core/consent/state.js';
import { UNKNOWN_CONSENT } from '../../src/core/consent/state.js';
import type { ConversationEvent, ConversationIntent } from '../../src/core/conversation/events.js';
import { promptOf } from '../../src/core/conversation/events.js';
import { carrySnapshot } from '../../src/core/flow/carry-snapshot.js';
import { consentEdges, consentNotes } from '../../src/core/flow/consent-diagram.js';
import type { FlowDefinition } from '../../src/core/flow/definition.js';
import { diagramStateId, flowDiagrams, label } from '../../src/core/flow/flow-diagram.js';
import { parseFlowSource } from '../../src/core/flow/parse-flow.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';

const SOURCE = await readFile(new URL('../../flows/default.yaml', import.meta.url), 'utf8');
const flow = parseFlowSource(SOURCE, 'flows/default.yaml').flow!;

/** Mermaid's parser, in Node: it needs DOMPurify's hooks, which need a DOM it does not use here. */
async function parseMermaid(text: string) {
  const purify = DOMPurify as unknown as Record<string, unknown>;
  purify.addHook ??= () => undefined;
  purify.sanitize ??= (s: string) => s;
  const { default: mermaid } = await import('mermaid');
  return mermaid.parse(text);
}

describe('flowDiagrams', () => {
  const { service, consent } = flowDiagrams(flow);

  it('draws two state diagrams laid out left to right, each valid Mermaid', async () => {
    for (const text of [service, consent]) {
      expect(text.startsWith('stateDiagram-v2\n  direction LR\n')).toBe(true);
      await expect(parseMermaid(text)).resolves.toMatchObject({ diagramType: 'stateDiagram' });
    }
  });

  it('draws every service state, each choice with its title and first word, global ones once', () => {
    for (const state of Object.keys(flow.service.states)) {
      expect(service).toContain(`as ${diagramStateId('service', state)}`);
    }
    expect(service).toContain('service_menu --> service_track_order : Track an order / TRACK');
    expect(service).toContain('service_store_info --> service_returns : Return by post');
    expect(service).toContain('service_any_state --> service_menu : Main menu / MENU');
    expect(service).toContain('[*] --> service_menu : first message');
    // Once, from "From any state", not once per state.
    expect(service.match(/--> service_menu : Main menu/g)).toHaveLength(1);
  });

  it('labels no arrow with a condition the machine does not have', () => {
    expect(consent).not.toContain('if opted in');
    expect(consentNotes(flow).join(' ')).not.toContain(
      'After STOP or a decline, the bot never asks',
    );
    expect(consent).toContain(
      'consent_any --> consent_confirmingStop : a sentence that may mean stop (“No, stop”), unless opted out',
    );
    expect(consent).toContain('after a decline 30 days ago or more');
  });

  it('escapes quotes, colons and semicolons from the flow in labels and state names', async () => {
    const tricky: FlowDefinition = {
      ...flow,
      service: {
        ...flow.service,
        states: {
          ...flow.service.states,
          'odd-state': { say: { en: 'x', es: 'x', pt: 'x' } },
          menu: {
            ...flow.service.states.menu!,
            choices: [
              {
                id: 'odd',
                title: { en: 'Say "hi": now; #1', es: 'x', pt: 'x' },
                target: 'odd-state',
              },
            ],
          },
        },
      },
    };
    const text = flowDiagrams(tricky).service;
    expect(text).toContain(`service_menu --> service_odd_state : ${label('Say "hi": now; #1')}`);
    expect(label('a "b": c; #d')).toBe('a #quot;b#quot;#58; c#59; #35;d');
    await expect(parseMermaid(text)).resolves.toMatchObject({ diagramType: 'stateDiagram' });
  });
});

/**
 * Every arrow of the consent diagram, played on the compiled machine: from its state, the
 * event it names leads to the state it points at, and where its label states a condition,
 * the arrow is not taken without it.
 */
describe('the consent diagram, checked against the compiled machine', () => {
  const T = Date.parse('2026-05-04T09:00:00Z');
  const compiled = prepareFlow(flow);
  const ALL = flow.categories.map((c) => c.id);
  const yesTo = (ids: readonly string[]) =>
    Object.fromEntries(ALL.map((id) => [id, ids.includes(id)]));
  const state = {
    unknown: UNKNOWN_CONSENT,
    optedIn: {
      status: 'opted_in',
      categories: yesTo(ALL),
      granted: yesTo(ALL),
      marketingSuppressed: false,
      grantedAt: T - DAY,
    } satisfies ConsentState,
    optedOut: {
      status: 'opted_out',
      categories: yesTo([]),
      marketingSuppressed: false,
      optedOutAt: T - DAY,
      lastOptOutAt: T - DAY,
    } satisfies ConsentState,
    declined: (daysAgo: number): ConsentState => ({
      status: 'declined',
      categories: yesTo([]),
      marketingSuppressed: false,
      declinedAt: T - daysAgo * DAY,
    }),
  };
  let seq = 0;
  const facts = (consent: ConsentState, now = T) => ({
    now,
    messageId: `m${++seq}`,
    consent,
    windowStartedAt: now,
    firstMessage: false,
  });
  const message = (consent: ConsentState = state.unknown, now = T): ConversationEvent => ({
    type: 'message',
    text: 'hello',
    facts: facts(consent, now),
  });
  const thanks = (consent: ConsentState, now = T): ConversationEvent => ({
    type: 'message',
    text: 'thanks',
    smallTalk: 'thanks',
    facts: facts(consent, now),
  });
  type Played = { snapshot: unknown; intents: readonly ConversationIntent[]; consent: string };
  const play = (
    events: readonly ConversationEvent[],
    from?: unknown,
    run = compiled.run,
  ): Played => {
    let snapshot = from;
    let intents: readonly ConversationIntent[] = [];
    for (const event of events) ({ snapshot, intents } = run(snapshot, {}, event));
    const value = (snapshot as { value: { consent: string } }).value;
    return { snapshot, intents, consent: value.consent };
  };
  const types = (p: Played) => p.intents.map((i) => i.type);
  const asking = () => play([message()]);
  const tap = (
    type: 'answer.yes' | 'answer.no' | 'answer.choose',
    prompt: 'question' | 'category' | 'stop' | 'stopSome',
    consent: ConsentState = state.unknown,
    category?: string,
  ): ConversationEvent => ({
    type,
    prompt,
    ...(category ? { category } : {}),
    facts: facts(consent, T + HOUR),
  });
  const stopWord = (consent: ConsentState): ConversationEvent => ({
    type: 'keyword.optout',
    via: 'keyword',
    keyword: 'stop',
    facts: facts(consent, T + HOUR),
  });
  const ambiguous = (consent: ConsentState): ConversationEvent => ({
    type: 'stop.ambiguous',
    keyword: 'stop',
    facts: facts(consent, T + HOUR),
  });
  const stopSome = (consent: ConsentState): ConversationEvent => ({
    type: 'stop.some',
    keyword: 'promos',
    categories: ['offers'],
    facts: facts(consent, T + HOUR),
  });
  const confirmation = (consent: ConsentState): ConversationEvent => ({
    type: 'keyword.optout',
    via: 'confirmation',
    facts: facts(consent, T + 2 * HOUR),
  });

  const probes: Record<string, () => void> = {
    start: () => {
      const actor = createActor(compiled.machine, { input: {} });
      expect((actor.getSnapshot().value as { consent: string }).consent).toBe('idle');
    },
    ask: () => {
      expect(asking().consent).toBe('asking');
      expect(play([message(state.declined(31))]).consent).toBe('asking');
      // "if the ask policy allows": not inside the cool-down, never after STOP, not twice over the limit.
      expect(play([message(state.declined(1))]).consent).toBe('idle');
      expect(play([message(state.optedOut)]).consent).toBe('idle');
      const twice = play([message(), message(), message()]);
      expect(types(twice)).not.toContain('question.asked');
    },
    yes: () => {
      const p = play([tap('answer.yes', 'question')], asking().snapshot);
      expect(p.consent).toBe('idle');
      expect(p.intents).toContainEqual(
        expect.objectContaining({ type: 'consent.grant', categories: ALL }),
      );
    },
    yesAndAsk: () => {
      // The menu's answer, then the question again at once (the re-ask gap aside); no record.
      const yesAndAsk = { ...message(), text: 'yes, and where is my order?' };
      const asked = play([yesAndAsk], asking().snapshot);
      expect([asked.consent, types(asked).sort()]).toEqual([
        'asking',
        ['question.asked', 'reply', 'reply'],
      ]);
      expect(asked.intents).toContainEqual(
        expect.objectContaining({ type: 'question.asked', ask: 'reask' }),
      );
      // A bare "ok": the question again, and nothing else (no "you're welcome").
      const ok = play([{ ...message(), text: 'ok' }], asking().snapshot);
      expect([ok.consent, types(ok).sort()]).toEqual(['asking', ['question.asked', 'reply']]);
      // A number past the menu shown before the question: the question again, no answer.
      const four = play([{ ...message(), text: '4' }], asking().snapshot);
      expect(types(four)).toContain('question.asked');
      expect(types(four)).not.toContain('consent.grant');
      // "nothing recorded"; an "ok" within the asks per window (after the limit, no question),
      // a yes with a request whatever they are: the customer asks for it, as with START.
      expect(types(asked)).not.toContain('consent.grant');
      const limit = compiled.definition.consent.maxAsksPerWindow;
      let p = asking();
      for (let i = 1; i < limit; i += 1) p = play([{ ...message(), text: 'ok' }], p.snapshot);
      expect(types(play([{ ...message(), text: 'ok' }], p.snapshot))).not.toContain(
        'question.asked',
      );
      expect(types(play([yesAndAsk], p.snapshot))).toContain('question.asked');
    },
    no: () => {
      const p = play([tap('answer.no', 'question')], asking().snapshot);
      expect([p.consent, types(p)]).toEqual(['idle', expect.arrayContaining(['consent.decline'])]);
      // A no with a request the menu answers: the answer and the no.
      const noAndAsk = { ...message(), text: 'no thanks. where is my order?' };
      const asked = play([noAndAsk], asking().snapshot);
      expect([asked.consent, types(asked).sort()]).toEqual([
        'idle',
        ['consent.decline', 'reply', 'reply'],
      ]);
    },
    choose: () => {
      expect(play([tap('answer.choose', 'question')], asking().snapshot).consent).toBe('choosing');
    },
    allBut: () => {
      const yesBut = { ...stopSome(state.unknown), text: 'yes but no promos' };
      const p = play([yesBut], asking().snapshot);
      expect([p.consent, types(p)]).toEqual(['choosing', ['reply', 'question.asked']]);
      expect(p.intents).toContainEqual(
        expect.objectContaining({ type: 'question.asked', ask: 'category', categories: [ALL[0]] }),
      );
      // "No promos" alone is no yes, and a yes long after the question no answer: both are
      // offered to stop those kinds.
      expect(play([stopSome(state.unknown)], asking().snapshot).consent).toBe('confirmingStopSome');
      const late = { ...yesBut, facts: facts(state.unknown, T + 30 * HOUR) };
      expect(play([late], asking().snapshot).consent).toBe('confirmingStopSome');
    },
    reask: () => {
      const p = play([message(state.unknown, T + HOUR)], asking().snapshot);
      expect(p.consent).toBe('asking');
      expect(p.intents).toContainEqual(
        expect.objectContaining({ type: 'question.asked', ask: 'reask' }),
      );
      const noMore = play([message(), message(), message()]);
      expect(types(noMore)).not.toContain('question.asked');
    },
    category: () => {
      const choosing = play([tap('answer.choose', 'question')], asking().snapshot);
      const p = play([tap('answer.yes', 'category', state.unknown, ALL[0])], choosing.snapshot);
      expect(p.consent).toBe('choosing');
      // A bare "ok" or HELP: the category being asked shown again, nothing recorded, and no
      // second ask logged for it (one ask per category in the reports).
      const later = T + 2 * HOUR;
      const help: ConversationEvent = { type: 'keyword.help', facts: facts(state.unknown, later) };
      const shown = choosing.intents.find((i) => i.type === 'reply');
      expect(choosing.intents).toContainEqual(
        expect.objectContaining({ type: 'question.asked', ask: 'category', categories: [ALL[0]] }),
      );
      for (const event of [{ ...message(state.unknown, later), text: 'ok' }, help]) {
        const again = play([event], choosing.snapshot);
        expect(again.consent).toBe('choosing');
        expect(again.intents.filter((i) => i.type === 'reply').at(-1)).toEqual(shown);
        expect(types(again)).not.toContain('question.asked');
        expect(types(again)).not.toContain('consent.grant');
      }
    },
    lastCategory: () => {
      let p = play([tap('answer.choose', 'question')], asking().snapshot);
      p = play([tap('answer.yes', 'category', state.unknown, ALL[0])], p.snapshot);
      p = play([tap('answer.yes', 'category', state.unknown, ALL[1])], p.snapshot);
      const yes = play([tap('answer.no', 'category', state.unknown, ALL[2])], p.snapshot);
      expect(yes.consent).toBe('idle');
      expect(yes.intents).toContainEqual(
        expect.objectContaining({ type: 'consent.grant', categories: [ALL[0], ALL[1]] }),
      );
    },
    newCategories: () => {
      const older: FlowDefinition = { ...flow, categories: flow.categories.slice(0, -1) };
      const before = play([message(state.optedIn)], undefined, prepareFlow(older).run);
      const carried = carrySnapshot(before.snapshot, { ...flow, version: flow.version + 1 });
      const optedInBefore = {
        ...state.optedIn,
        categories: yesTo(ALL.slice(0, -1)),
        granted: yesTo(ALL.slice(0, -1)),
      };
      const p = play([message(optedInBefore, T + HOUR)], carried);
      expect(p.consent).toBe('choosing');
      expect(p.intents).toContainEqual(
        expect.objectContaining({
          type: 'question.asked',
          ask: 'new_category',
          categories: [ALL[2]],
        }),
      );
      // "once": the next message asks nothing more.
      const after = play(
        [message(optedInBefore, T + 2 * HOUR)],
        play([tap('answer.no', 'category', optedInBefore, ALL[2])], p.snapshot).snapshot,
      );
      expect(types(after)).not.toContain('question.asked');
    },
    takeBack: () => {
      const typedNo = (now: number): ConversationEvent => ({
        type: 'answer.no',
        text: 'no',
        facts: facts(state.optedIn, now),
      });
      const thanked = play([tap('answer.yes', 'question')], asking().snapshot);
      const p = play([typedNo(T + 2 * HOUR)], thanked.snapshot);
      expect([p.consent, types(p)]).toEqual(['confirmingStop', ['reply']]);
      // Not once the answer period is over.
      expect(play([typedNo(T + 30 * HOUR)], thanked.snapshot).consent).toBe('idle');
    },
    takeBackNo: () => {
      const typedYes = (now: number): ConversationEvent => ({
        type: 'message',
        text: 'actually yes',
        facts: facts(state.declined(0), now),
      });
      const declined = play([tap('answer.no', 'question')], asking().snapshot);
      const p = play([typedYes(T + 2 * HOUR)], declined.snapshot);
      expect([p.consent, types(p)]).toEqual(['asking', ['reply', 'question.asked']]);
      // A bare yes there is an "ok": it asks nothing inside the cool-down.
      const ok: ConversationEvent = {
        type: 'answer.yes',
        text: 'yes',
        facts: facts(state.declined(0), T + 2 * HOUR),
      };
      expect(play([ok], declined.snapshot).consent).toBe('idle');
      // Not once the answer period is over.
      expect(play([typedYes(T + 30 * HOUR)], declined.snapshot).consent).toBe('idle');
    },
    ambiguousStop: () => {
      // Unless opted out: a new customer and one who said yes alike.
      expect(play([ambiguous(state.unknown)]).consent).toBe('confirmingStop');
      expect(play([ambiguous(state.optedIn)]).consent).toBe('confirmingStop');
      expect(play([ambiguous(state.optedOut)]).consent).toBe('idle');
    },
    stopYes: () => {
      const p = play([ambiguous(state.unknown), confirmation(state.unknown)]);
      expect([p.consent, types(p)]).toEqual(['idle', expect.arrayContaining(['consent.revoke'])]);
    },
    stopNo: () => {
      const no = play([ambiguous(state.unknown), tap('answer.no', 'stop')]);
      const other = play([ambiguous(state.unknown), thanks(state.unknown, T + HOUR)]);
      for (const p of [no, other]) {
        expect(p.consent).toBe('idle');
        expect(types(p)).not.toContain('consent.revoke');
      }
    },
    stopConfirmAgain: () => {
      // A message the bot does not understand (the first), then a request it answers.
      const request: ConversationEvent = {
        type: 'message',
        text: 'where is my order',
        facts: facts(state.unknown, T + 2 * HOUR),
      };
      for (const then of [message(state.unknown, T + HOUR), request]) {
        const p = play([ambiguous(state.unknown), then]);
        expect(p.consent).toBe('confirmingStop');
        const replies = p.intents.flatMap((i) => (i.type === 'reply' ? [i] : []));
        expect(replies.some((r) => r.from === 'service')).toBe(true);
        // The consent region's one reply: "do you want to stop?" again.
        const asked = replies.filter((r) => r.from === 'consent').map((r) => promptOf(r.reply));
        expect(asked).toEqual(['stop']);
      }
    },
    stopSome: () => {
      expect(play([stopSome(state.optedIn)]).consent).toBe('confirmingStopSome');
      expect(play([stopSome(state.optedOut)]).consent).toBe('idle');
    },
    stopSomeThese: () => {
      const p = play([stopSome(state.optedIn), tap('answer.yes', 'stopSome', state.optedIn)]);
      expect(p.consent).toBe('idle');
      expect(p.intents).toContainEqual(
        expect.objectContaining({ type: 'consent.revoke', categories: ['offers'] }),
      );
    },
    stopSomeAll: () => {
      const p = play([stopSome(state.optedIn), confirmation(state.optedIn)]);
      expect(p.consent).toBe('idle');
      expect(p.intents).toContainEqual(
        expect.objectContaining({ type: 'consent.revoke', trigger: 'confirmation' }),
      );
    },
    stopSomeNo: () => {
      const no = play([stopSome(state.optedIn), tap('answer.no', 'stopSome', state.optedIn)]);
      const other = play([stopSome(state.optedIn), thanks(state.optedIn, T + HOUR)]);
      for (const p of [no, other]) {
        expect(p.consent).toBe('idle');
        expect(types(p)).not.toContain('consent.revoke');
      }
    },
    stopSomeAgain: () => {
      const request: ConversationEvent = {
        type: 'message',
        text: 'where is my order',
        facts: facts(state.optedIn, T + HOUR),
      };
      const p = play([stopSome(state.optedIn), request]);
      expect(p.consent).toBe('confirmingStopSome');
      // The answer and the question again (the turn sends the service answer first).
      const replies = p.intents.map((i) => (i.type === 'reply' ? i.from : i.type));
      expect(replies.toSorted()).toEqual(['consent', 'service']);
      expect(types(p)).not.toContain('consent.revoke');
    },
    stop: () => {
      const starts = [
        asking(),
        play([ambiguous(state.unknown)]),
        play([stopSome(state.optedIn)]),
        play([tap('answer.choose', 'question')], asking().snapshot),
      ];
      for (const from of starts) {
        const p = play([stopWord(state.optedIn)], from.snapshot);
        expect(p.consent).toBe('idle');
        expect(p.intents).toContainEqual(
          expect.objectContaining({ type: 'consent.revoke', trigger: 'keyword' }),
        );
        expect(p.intents.filter((i) => i.type === 'reply')).toHaveLength(1);
      }
    },
    stopAgain: () => {
      const p = play([stopWord(state.optedOut)]);
      expect(p.intents).toEqual([
        expect.objectContaining({ type: 'consent.revoke', repeated: true }),
      ]);
    },
    optIn: () => {
      const start = (now: number): ConversationEvent => ({
        type: 'keyword.optin',
        keyword: 'start',
        facts: facts(state.optedOut, now),
      });
      expect(play([start(T)]).consent).toBe('asking');
      // Not when sent before their latest STOP (a late webhook).
      expect(play([start(T - 2 * DAY)]).consent).toBe('idle');
    },
  };

  for (const edge of consentEdges(flow)) {
    it(`"${edge.label || 'start'}" (${edge.from} → ${edge.to})`, () => {
      const probe = probes[edge.id];
      expect(probe, `no probe for the arrow "${edge.id}"`).toBeDefined();
      probe!();
    });
  }
});
