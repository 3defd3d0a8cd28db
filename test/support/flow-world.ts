import type { Snapshot } from 'xstate';
import { DAY, HOUR, MINUTE } from '../../src/core/clock.js';
import { hasValidOptIn } from '../../src/core/consent/ask-policy.js';
import { applyConsentEvent } from '../../src/core/consent/project-consent.js';
import type { ConsentEvent } from '../../src/core/consent/events.js';
import type { ConsentState } from '../../src/core/consent/state.js';
import { UNKNOWN_CONSENT } from '../../src/core/consent/state.js';
import type {
  ConversationEvent,
  ConversationIntent,
  TurnFacts,
} from '../../src/core/conversation/events.js';
import type { InboundContent } from '../../src/core/conversation/inbound.js';
import { readTurn } from '../../src/core/conversation/interpret-turn.js';
import {
  DEFAULT_HANDOVER_IDLE_MINUTES,
  DEFAULT_REASK_AFTER_MESSAGES,
} from '../../src/core/flow/definition.js';
import type { LastSaid } from '../../src/core/flow/flow-context.js';
import type { HandoverPhase, HandoverRecord } from '../../src/core/handover/index.js';
import { handoverAfterTurn, handoverPhase } from '../../src/core/handover/index.js';
import {
  builtinLanguage,
  effectiveKeywords,
  normalizeForMatching,
} from '../../src/core/keywords/index.js';
import { advanceWindow } from '../../src/core/window.js';
import type { CompiledFlow } from '../../src/service/flow-catalog.js';

/**
 * A pure model of one customer talking to a compiled flow: the real machine, the real message
 * interpretation, hand-over rule and consent projection, with time moved by events, walked by
 * `walkWorlds` over every reachable state of a shipped flow.
 */
/**
 * What a typed text is, for the properties: may mean stop, names kinds to stop, a yes that
 * names kinds to leave out ("yes but no promos"), an answer, a sentence that asks to receive
 * messages (the customer's own START, in words), a go-ahead, or a built-in way of taking a yes
 * back ("wait, no") or a no back ("actually, yes").
 */
export type SayNote =
  | 'mayMeanStop'
  | 'stopSome'
  | 'yesBut'
  | 'typedAnswer'
  | 'asksToReceive'
  /** A sentence asking for messages as a whole ("quiero recibir mensajes"): to the question, its yes. */
  | 'asksForMessages'
  | 'goAhead'
  | 'takesBack'
  | 'takesBackNo'
  /** Asking to stay subscribed ("no wait, don't unsubscribe me!"): a STOP taken back right after. */
  | 'takesBackStop'
  | 'yesAndAsk'
  /** A yes word that also takes in what one was told ("sure", "vale"): `acknowledge`. */
  | 'acknowledges';

export type WorldEvent =
  | {
      type: 'say';
      content: InboundContent;
      note?: SayNote;
    }
  | { type: 'wait'; ms: number; label: string }
  /** A person from the team gives the conversation back (DELETE /v1/handovers/{phone}). */
  | { type: 'release' };

export interface World {
  readonly machine?: Snapshot<unknown>;
  readonly consent: ConsentState;
  readonly now: number;
  readonly lastInboundAt?: number;
  readonly windowStartedAt?: number;
  readonly messages: number;
  /** The conversation's language (it steers no guard: not part of the state's identity). */
  readonly language?: string;
  /** The hand-over to a person, as the store keeps it. */
  readonly handover?: HandoverRecord;
  /** Of the step that led here (not part of the state's identity). */
  readonly step?: {
    readonly before: ConsentState;
    readonly beforeNow: number;
    readonly event: WorldEvent;
    readonly intents: readonly ConversationIntent[];
    /** What the message was read as. */
    readonly interpreted?: ConversationEvent['type'];
    /** Where the message stood in a hand-over. */
    readonly phase?: HandoverPhase;
  };
}

/** The hand-over phase of a message sent now, in this world. */
export function phaseOf(flow: CompiledFlow, world: World): HandoverPhase | undefined {
  const idle = (flow.definition.handover?.idleMinutes ?? DEFAULT_HANDOVER_IDLE_MINUTES) * MINUTE;
  return handoverPhase(world.handover, world.now, idle);
}

const START = Date.parse('2026-03-02T09:00:00Z');

/**
 * The world after one event: the real interpretation, machine and consent projection.
 * `machineEvent`, for the opt-out sweeps (`flow-model.ts`), stands in for the event the machine
 * is given in place of the message's reading.
 */
export function worldStep(
  flow: CompiledFlow,
  world: World,
  event: WorldEvent,
  machineEvent?: (read: ConversationEvent) => ConversationEvent,
): World {
  if (event.type === 'wait') {
    return { ...world, now: world.now + event.ms, step: undefined };
  }
  if (event.type === 'release') {
    const { handover, ...rest } = world;
    const given =
      handover && handover.endedAt === undefined ? { ...handover, endedAt: world.now } : handover;
    return { ...rest, ...(given ? { handover: given } : {}), step: undefined };
  }
  const window = advanceWindow(world, world.now);
  const phase = phaseOf(flow, world);
  const facts = {
    now: world.now,
    messageId: `m${world.messages}`,
    consent: world.consent,
    windowStartedAt: window.windowStartedAt,
    firstMessage: world.messages === 0,
    ...(phase === undefined ? {} : { handover: phase }),
  };
  // The same reading, runner and hand-over rule as the turn service (`decide-turn.ts`).
  const reading = readTurnOnce(flow, event.content, facts, world.language);
  const { language } = reading;
  const conversationEvent = machineEvent ? machineEvent(reading.event) : reading.event;
  const { snapshot, intents } = flow.run(world.machine, { language }, conversationEvent);
  const handover = handoverAfterTurn(
    world.handover,
    phase,
    { messageId: facts.messageId, timestamp: world.now, content: event.content },
    intents,
  );
  const nextHandover =
    handover.record === undefined ? world.handover : (handover.record ?? undefined);
  let consent = world.consent;
  for (const intent of intents) {
    const ledgerEvent = toLedgerEvent(intent, world.now);
    if (ledgerEvent) consent = applyConsentEvent(consent, ledgerEvent, flow.definition.categories);
  }
  return {
    machine: snapshot as Snapshot<unknown>,
    consent,
    now: world.now + 1000,
    ...window,
    messages: world.messages + 1,
    language,
    ...(nextHandover ? { handover: nextHandover } : {}),
    step: {
      before: world.consent,
      beforeNow: world.now,
      event,
      intents,
      interpreted: conversationEvent.type,
      ...(phase === undefined ? {} : { phase }),
    },
  };
}

type Reading = ReturnType<typeof readTurn>;

/**
 * `readTurn` remembered per flow, message and conversation language: those are all it reads.
 * The turn's facts (its time, message id, consent, window and hand-over) only ride along on the
 * event it returns, so each message is read once per language and given each turn's facts.
 * The premise is checked on every reading made: it is made with facts that throw when anything
 * looks into them, and they must come back only as the event's `facts`, which are then replaced.
 */
const readings = new WeakMap<CompiledFlow, WeakMap<InboundContent, Map<string, Reading>>>();

/** Facts that fail the reading that looks into them; see {@link readTurnOnce}. */
const UNREAD_FACTS = new Proxy({} as TurnFacts, {
  get: (_target, name) => unread(name),
  has: (_target, name) => unread(name),
  ownKeys: () => unread('its keys'),
  getOwnPropertyDescriptor: (_target, name) => unread(name),
  getPrototypeOf: () => unread('its prototype'),
});

function unread(name: string | symbol): never {
  throw new Error(
    `readTurn read the turn's facts (${String(name)}): the walk's memo of readings ` +
      '(test/support/flow-world.ts, readTurnOnce) no longer holds; key it by the facts read too',
  );
}

/** The reading of `content` in a conversation in `language`, with `facts` on its event. */
export function readTurnOnce(
  flow: CompiledFlow,
  content: InboundContent,
  facts: TurnFacts,
  language: string | undefined,
): Reading {
  let byContent = readings.get(flow);
  if (!byContent) readings.set(flow, (byContent = new WeakMap()));
  let byLanguage = byContent.get(content);
  if (!byLanguage) byContent.set(content, (byLanguage = new Map<string, Reading>()));
  let reading = byLanguage.get(language ?? '');
  if (!reading) {
    reading = readTurn(flow, content, UNREAD_FACTS, language === undefined ? {} : { language });
    // Serialising the rest of the event would look into the facts anywhere else in it.
    const { facts: carried, ...rest } = reading.event;
    JSON.stringify(rest);
    if (carried !== UNREAD_FACTS) unread('not carried on the event');
    byLanguage.set(language ?? '', reading);
  }
  return { event: { ...reading.event, facts }, language: reading.language };
}

/** Where every walk starts: a customer who never wrote. */
export const FIRST_WORLD: World = { consent: UNKNOWN_CONSENT, now: START, messages: 0 };

/** One step of the walk: `event` said (or waited, or a release) in `from` led to `to`. */
export interface Transition {
  readonly from: World;
  readonly event: WorldEvent;
  readonly to: World;
}

/**
 * Every world reachable from {@link FIRST_WORLD} with {@link worldEvents}, breadth first, each
 * distinct one ({@link serializeWorld}) once: the adjacency map `@xstate/graph` would build,
 * without its queue's cost on a walk of thousands of states. The transitions out of each state
 * go to `visit` as soon as they are made, and are not kept: a walk makes about 300,000, and
 * keeping them all (with their snapshots and intents) for the properties to read afterwards
 * cost the garbage collector about a third of the walk.
 */
export function walkWorlds(
  flow: CompiledFlow,
  visit: (from: World, out: readonly Transition[]) => void,
): { states: World[]; transitions: number } {
  const events = worldEvents(flow);
  const seen = new Set([serializeWorld(FIRST_WORLD, flow)]);
  const states: World[] = [FIRST_WORLD];
  let transitions = 0;
  for (let i = 0; i < states.length; i += 1) {
    const from = states[i]!;
    const out = events.map((event) => {
      const to = worldStep(flow, from, event);
      const key = serializeWorld(to, flow);
      if (!seen.has(key)) {
        seen.add(key);
        states.push(to);
      }
      return { from, event, to };
    });
    transitions += out.length;
    visit(from, out);
  }
  return { states, transitions };
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
      return {
        ...base,
        type: 'consent.revoked',
        ...(intent.categories ? { categories: intent.categories } : {}),
      };
    case 'consent.decline':
      return {
        ...base,
        type: 'consent.declined',
        ...(intent.categories ? { categories: intent.categories } : {}),
      };
    default:
      return undefined;
  }
}

/**
 * The world's identity for the graph walk: machine state and context, consent, and time only
 * as far as rules can tell (window open, cool-down running, asks in this window, whether a
 * typed answer would still count).
 */
export function serializeWorld(world: World, flow: CompiledFlow): string {
  const { maxAsksPerWindow, answerPeriodHours, declineCooldownDays } = flow.definition.consent;
  const snapshot = world.machine as
    { value?: unknown; context?: Record<string, unknown> } | undefined;
  const context = snapshot?.context ?? {};
  const windowStartedAt = world.windowStartedAt ?? 0;
  const asks = ((context['askTimes'] as number[] | undefined) ?? []).filter(
    (t) => t >= windowStartedAt,
  ).length;
  const windowOpen = world.lastInboundAt !== undefined && world.now < world.lastInboundAt + DAY;
  const coolingDown =
    world.consent.declinedAt !== undefined &&
    world.now < world.consent.declinedAt + declineCooldownDays * DAY;
  // Only what a guard can observe: the language does not steer the machine, so states
  // differing only in it are one state for the walk.
  const choosing = context['choosing'] as { index: number; newCategories?: boolean } | undefined;
  const said = context['said'] as LastSaid | undefined;
  // What a typed answer can observe: the prompt last said (or the thanks for a yes) and whether
  // its period still runs, or the service choices last offered (numbers pick them).
  // The thanks for a yes (or what acknowledged a no) is observable too: a typed no (a yes)
  // right after it takes the yes (the no) back.
  const withinPeriod = said !== undefined && world.now - said.at <= answerPeriodHours * HOUR;
  const consentSaid =
    said?.by === 'consent'
      ? (said.prompt ?? (said.granted ? 'granted' : said.declined ? 'declined' : undefined))
      : undefined;
  // A typed number picks from the menu shown before the prompt in its turn, if any; a service
  // answer before it holds an acknowledging yes back, a person offered any typed yes.
  const typedAnswers =
    said?.by === 'consent'
      ? consentSaid && [
          'consent',
          consentSaid,
          withinPeriod,
          said.menuBefore ?? null,
          said.answered === true && (said.prompt === 'question' || said.prompt === 'category'),
          said.personOffered === true,
        ]
      : said?.by === 'service'
        ? ['service', said.choices, said.personOffered === true]
        : undefined;
  const consentState = (snapshot?.value as { consent?: string } | undefined)?.consent;
  const cappedAsks = Math.min(asks, maxAsksPerWindow);
  // The re-ask gap as a guard sees it: messages since the last ask (capped), if asked this window.
  const gap = flow.definition.consent.reaskAfterMessages ?? DEFAULT_REASK_AFTER_MESSAGES;
  const askedAt = context['askedAtTurn'] as number | undefined;
  const lastAsk = ((context['askTimes'] as number[] | undefined) ?? []).at(-1);
  // It matters only while the question may still be asked in this window.
  const mayBeAsked =
    cappedAsks < maxAsksPerWindow &&
    world.consent.status !== 'opted_out' &&
    !hasValidOptIn(world.consent, flow.definition.consent, world.now);
  const sinceAsk =
    !mayBeAsked || askedAt === undefined || lastAsk === undefined || lastAsk < windowStartedAt
      ? undefined
      : Math.min(((context['turns'] as number | undefined) ?? 0) - askedAt, gap);
  // Misses count only with the bot answering: during a hand-over, and on the message that ends
  // it (which greets the customer back and starts the count over), they tell nothing.
  const phase = phaseOf(flow, world);
  const misses =
    phase === undefined ? Math.min((context['misses'] as number | undefined) ?? 0, 1) : 0;
  return JSON.stringify([
    phase ?? null,
    sinceAsk,
    misses,
    snapshot?.value,
    consentState === 'choosing' ? [choosing?.index, choosing?.newCategories === true] : undefined,
    // Guards only ask "below the limit?": every count at or above it behaves the same.
    cappedAsks,
    world.consent.status,
    // Which categories are granted decides whether stopping some leaves the customer opted in.
    world.consent.status === 'opted_in'
      ? flow.definition.categories.map((c) => world.consent.granted?.[c.id] === true)
      : undefined,
    world.messages === 0,
    // A closed window only resets the asks made in it: with none, open or closed is the same.
    cappedAsks > 0 ? windowOpen : undefined,
    world.consent.status === 'declined' ? coolingDown : undefined,
    typedAnswers,
    consentState === 'confirmingStopSome' ? context['stopping'] : undefined,
  ]);
}

/**
 * The built-in phrasings the walk says, per base language: one that may mean stop, one that
 * names promos, one that asks for a person, one that asks to receive messages, one that takes
 * a yes back, one that takes a no back, two yeses with a condition: one that leaves promos
 * out ("yes but no promos"), one that names no kind ("yes but only some"), and a yes with a
 * request ("yes, and where is my order?") and a no with one ("no thanks. where is my order?").
 */
const PHRASES: Readonly<
  Record<
    string,
    {
      mayMeanStop: string;
      stopSome: string;
      askForPerson: string;
      asksToReceive: string;
      asksForMessages: string;
      takesBack: string;
      takesBackNo: string;
      staysSubscribed: string;
      yesBut: string;
      yesOnlySome: string;
      yesAndAsk: string;
      noAndAsk: string;
    }
  >
> = {
  en: {
    mayMeanStop: 'No, stop',
    stopSome: 'stop sending me promos',
    askForPerson: 'can I talk to a person?',
    asksToReceive: 'I want to get your offers',
    asksForMessages: 'I want to get your messages',
    takesBack: 'wait, no',
    takesBackNo: 'actually, yes',
    staysSubscribed: "no wait, don't unsubscribe me!",
    yesBut: 'yes but no promos',
    yesOnlySome: 'yes but only some',
    yesAndAsk: 'yes, and where is my order?',
    noAndAsk: 'no thanks. where is my order?',
  },
  es: {
    mayMeanStop: 'No, parar',
    stopSome: 'no quiero ofertas',
    askForPerson: 'quiero hablar con una persona',
    asksToReceive: 'quiero recibir ofertas',
    asksForMessages: 'sí, quiero recibir sus mensajes',
    takesBack: 'me equivoqué',
    takesBackNo: 'mejor sí',
    staysSubscribed: 'no me den de baja',
    yesBut: 'sí, pero sin promociones',
    yesOnlySome: 'sí, pero solo algunos',
    yesAndAsk: 'sí, y dónde está mi pedido?',
    noAndAsk: 'no gracias. ¿y mi pedido?',
  },
  pt: {
    mayMeanStop: 'Não, parar',
    stopSome: 'não quero ofertas',
    askForPerson: 'quero falar com uma pessoa',
    asksToReceive: 'quero receber as ofertas',
    asksForMessages: 'quero receber as mensagens',
    takesBack: 'mudei de ideia',
    takesBackNo: 'pensando bem, sim',
    staysSubscribed: 'não me tirem da lista',
    yesBut: 'sim, mas sem promoções',
    yesOnlySome: 'sim, mas só alguns',
    yesAndAsk: 'sim, e meu pedido?',
    noAndAsk: 'não, obrigado. e meu pedido?',
  },
};

/** The inputs a customer can give at any moment, in the flow's languages and forms. */
export function worldEvents(flow: CompiledFlow): WorldEvent[] {
  const { definition } = flow;
  const lists = effectiveKeywords(definition);
  const say = (content: InboundContent, note?: SayNote): WorldEvent =>
    note ? { type: 'say', content, note } : { type: 'say', content };
  const text = (t: string, note?: SayNote) => say({ kind: 'text', text: t }, note);
  const tap = (id: string) => say({ kind: 'choice', id, title: id });
  const choiceIds = [
    ...Object.values(definition.service.states).flatMap((s) => s.choices ?? []),
    ...(definition.service.global ?? []),
  ].map((c) => c.id);
  const first = (lang: string, kind: 'optOut' | 'optIn' | 'help' | 'yes' | 'no') =>
    lists[lang]?.[kind][0];
  // Every kind in the default language; opt-out and opt-in in every other language.
  const keywordTexts = definition.languages.flatMap((lang) =>
    (lang === definition.defaultLanguage
      ? (['optOut', 'optIn', 'help', 'yes', 'no'] as const)
      : (['optOut', 'optIn'] as const)
    ).flatMap((kind) => {
      const word = first(lang, kind);
      return word ? [text(word, kind === 'yes' || kind === 'no' ? 'typedAnswer' : undefined)] : [];
    }),
  );
  // A yes word that also takes in what one was told ("sure", "vale"), if the flow has one.
  const acknowledging = new Set(
    (builtinLanguage(definition.defaultLanguage)?.acknowledge ?? []).map(normalizeForMatching),
  );
  const acknowledges = lists[definition.defaultLanguage]?.yes.find((word) =>
    acknowledging.has(normalizeForMatching(word)),
  );
  const stopWord = first(definition.defaultLanguage, 'optOut') ?? 'STOP';
  const phrases = PHRASES[definition.defaultLanguage.split('-')[0] ?? ''];
  const texts = definition.texts[definition.defaultLanguage];
  // Typed button titles and numbers: they answer only the latest prompt, within its period.
  const typed = texts
    ? [texts.buttons.yes, texts.buttons.choose, texts.stopConfirmButtons.yes, '1'].map((t) =>
        text(t, 'typedAnswer'),
      )
    : [];
  const categories = definition.categories.map((c) => c.id);
  // A category button of the first and of the last category: one of them is often not the one asked.
  const categoryTaps = [...new Set([categories[0], categories.at(-1)])].flatMap((id) =>
    id === undefined ? [] : [`consent.category.yes.${id}`],
  );
  return [
    text('hello there'),
    text('thanks'),
    // A go-ahead: the yes of "do you want to stop?" while that is the latest message; thanks elsewhere.
    text('ok', 'goAhead'),
    text('what colour is the sofa?'),
    text(` ${stopWord.toLowerCase()}! `),
    // A stop sign alone may mean stop, in any language.
    text('🛑', 'mayMeanStop'),
    ...(phrases
      ? [
          text(phrases.mayMeanStop, 'mayMeanStop'),
          text(phrases.stopSome, 'stopSome'),
          text(phrases.askForPerson),
          text(phrases.asksToReceive, 'asksToReceive'),
          text(phrases.asksForMessages, 'asksForMessages'),
          text(phrases.takesBack, 'takesBack'),
          text(phrases.takesBackNo, 'takesBackNo'),
          text(phrases.staysSubscribed, 'takesBackStop'),
          text(phrases.yesBut, 'yesBut'),
          text(phrases.yesOnlySome, 'yesBut'),
          text(phrases.yesAndAsk, 'yesAndAsk'),
          text(phrases.noAndAsk, 'typedAnswer'),
        ]
      : []),
    ...keywordTexts,
    ...(acknowledges ? [text(acknowledges.toLowerCase(), 'acknowledges')] : []),
    ...typed,
    ...[
      'consent.yes',
      'consent.choose',
      'consent.no',
      'consent.category.yes',
      'consent.category.no',
      ...categoryTaps,
      'stop.yes',
      'stop.no',
      'stop.some.these',
    ].map(tap),
    ...[...new Set(choiceIds)].map((id) => tap(`service.${id}`)),
    say({ kind: 'other', type: 'sticker' }),
    { type: 'release' },
    { type: 'wait', ms: 25 * HOUR, label: '+25h' },
    { type: 'wait', ms: 31 * DAY, label: '+31d' },
  ];
}
