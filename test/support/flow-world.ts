import { fromTransition, initialTransition, transition } from 'xstate';
import type { Snapshot } from 'xstate';
import { DAY, HOUR } from '../../src/core/clock.js';
import { applyConsentEvent } from '../../src/core/consent/project-consent.js';
import type { ConsentEvent } from '../../src/core/consent/events.js';
import type { ConsentState } from '../../src/core/consent/state.js';
import { UNKNOWN_CONSENT } from '../../src/core/consent/state.js';
import type { ConversationIntent } from '../../src/core/conversation/events.js';
import type { InboundContent } from '../../src/core/conversation/inbound.js';
import { interpretMessage } from '../../src/core/conversation/interpret-message.js';
import { advanceWindow } from '../../src/core/window.js';
import type { CompiledFlow } from '../../src/service/flow-catalog.js';

/**
 * A pure model of one customer talking to a compiled flow: the real machine, the real message
 * interpretation and the real consent projection, with time moved by events. Used with
 * `@xstate/graph` to walk every reachable state of a shipped flow.
 */
export type WorldEvent =
  { type: 'say'; content: InboundContent } | { type: 'wait'; ms: number; label: string };

export interface World {
  readonly machine?: Snapshot<unknown>;
  readonly consent: ConsentState;
  readonly now: number;
  readonly lastInboundAt?: number;
  readonly windowStartedAt?: number;
  readonly messages: number;
  /** Of the step that led here (not part of the state's identity). */
  readonly step?: {
    readonly before: ConsentState;
    readonly beforeNow: number;
    readonly event: WorldEvent;
    readonly intents: readonly ConversationIntent[];
  };
}

const START = Date.parse('2026-03-02T09:00:00Z');

export function createFlowWorld(flow: CompiledFlow) {
  const { definition } = flow;
  return fromTransition(
    (world: World, event: WorldEvent): World => {
      if (event.type === 'wait') {
        return { ...world, now: world.now + event.ms, step: undefined };
      }
      const window = advanceWindow(world, world.now);
      const facts = {
        now: world.now,
        consent: world.consent,
        windowStartedAt: window.windowStartedAt,
        firstMessage: world.messages === 0,
      };
      const conversationEvent = interpretMessage(event.content, flow.keywords, facts);
      // The pure transition function: the emitted intents come back as `xstate.emit` actions.
      const current = world.machine ?? initialTransition(flow.machine, {})[0];
      const [next, actions] = transition(flow.machine, current as never, conversationEvent);
      const intents = (actions as { type: string; params?: unknown }[]).flatMap((a) =>
        a.type === 'xstate.emit' ? [(a.params as { event: ConversationIntent }).event] : [],
      );
      const machine = next as Snapshot<unknown>;
      let consent = world.consent;
      for (const intent of intents) {
        const ledgerEvent = toLedgerEvent(intent, world.now);
        if (ledgerEvent) consent = applyConsentEvent(consent, ledgerEvent, definition.categories);
      }
      return {
        machine,
        consent,
        now: world.now + 1000,
        ...window,
        messages: world.messages + 1,
        step: { before: world.consent, beforeNow: world.now, event, intents },
      };
    },
    { consent: UNKNOWN_CONSENT, now: START, messages: 0 } satisfies World as World,
  );
}

function toLedgerEvent(intent: ConversationIntent, at: number): ConsentEvent | undefined {
  const base = {
    id: 'e',
    contactId: 'c',
    occurredAt: at,
    recordedAt: at,
    source: 'whatsapp' as const,
    evidence: {},
  };
  switch (intent.type) {
    case 'consent.grant':
      return { ...base, type: 'consent.granted', categories: intent.categories };
    case 'consent.revoke':
      return { ...base, type: 'consent.revoked' };
    case 'consent.decline':
      return { ...base, type: 'consent.declined' };
    default:
      return undefined;
  }
}

/**
 * The world's identity for the graph walk: machine state and context, consent, and time only
 * as far as rules can tell (window open, cool-down running, asks in this window).
 */
export function serializeWorld(world: World, maxAsks: number): string {
  const snapshot = world.machine as
    { value?: unknown; context?: Record<string, unknown> } | undefined;
  const context = snapshot?.context ?? {};
  const windowStartedAt = world.windowStartedAt ?? 0;
  const asks = ((context['askTimes'] as number[] | undefined) ?? []).filter(
    (t) => t >= windowStartedAt,
  ).length;
  const windowOpen = world.lastInboundAt !== undefined && world.now < world.lastInboundAt + DAY;
  const coolingDown =
    world.consent.declinedAt !== undefined && world.now < world.consent.declinedAt + 30 * DAY;
  // Only what a guard can observe: language and which categories were granted do not steer
  // the machine, so states differing only in them are one state for the walk.
  const choosing = context['choosing'] as { index: number } | undefined;
  return JSON.stringify([
    snapshot?.value,
    choosing?.index,
    // Guards only ask "below the limit?": every count at or above it behaves the same.
    Math.min(asks, maxAsks),
    world.consent.status,
    world.messages === 0,
    windowOpen,
    coolingDown,
  ]);
}

/** The inputs a customer can give at any moment, in the flow's languages and forms. */
export function worldEvents(flow: CompiledFlow): WorldEvent[] {
  const { definition } = flow;
  const say = (content: InboundContent): WorldEvent => ({ type: 'say', content });
  const text = (t: string) => say({ kind: 'text', text: t });
  const tap = (id: string) => say({ kind: 'choice', id, title: id });
  const choiceIds = [
    ...Object.values(definition.service.states).flatMap((s) => s.choices ?? []),
    ...(definition.service.global ?? []),
  ].map((c) => c.id);
  const first = (lang: string, kind: 'optOut' | 'optIn' | 'help' | 'yes' | 'no') =>
    definition.keywords[lang]?.[kind][0];
  // Every kind in the default language; opt-out and opt-in in every other language.
  const keywordTexts = definition.languages.flatMap((lang) =>
    (lang === definition.defaultLanguage
      ? (['optOut', 'optIn', 'help', 'yes', 'no'] as const)
      : (['optOut', 'optIn'] as const)
    ).flatMap((kind) => {
      const word = first(lang, kind);
      return word ? [text(word)] : [];
    }),
  );
  const stopWord = first(definition.defaultLanguage, 'optOut') ?? 'STOP';
  return [
    text('hello there'),
    text(` ${stopWord.toLowerCase()}! `),
    text(`I can't ${stopWord.toLowerCase()} laughing`),
    ...keywordTexts,
    ...[
      'consent.yes',
      'consent.choose',
      'consent.no',
      'consent.category.yes',
      'consent.category.no',
      'stop.yes',
      'stop.no',
    ].map(tap),
    ...[...new Set(choiceIds)].map((id) => tap(`service.${id}`)),
    say({ kind: 'other', type: 'sticker' }),
    { type: 'wait', ms: 25 * HOUR, label: '+25h' },
    { type: 'wait', ms: 31 * DAY, label: '+31d' },
  ];
}
