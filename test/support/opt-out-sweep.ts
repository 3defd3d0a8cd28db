import { expect } from 'vitest';
import type { ConversationEvent } from '../../src/core/conversation/events.js';
import type { InboundContent } from '../../src/core/conversation/inbound.js';
import type { CompiledFlow } from '../../src/service/flow-catalog.js';
import type { World, WorldEvent } from './flow-world.js';
import { readTurnOnce, worldStep } from './flow-world.js';

/** A word of an opt-out sweep, as the message that says it. */
export interface SweptWord {
  readonly word: string;
  readonly content: InboundContent;
}

/** The step a group of words takes from one world, with `keyword` standing for each one's own. */
export interface GroupStep {
  readonly words: readonly string[];
  readonly after: World;
}

/** The messages that say `words`, made once so their readings are remembered (`readTurnOnce`). */
export function sweptWords(words: readonly string[]): SweptWord[] {
  return words.map((word) => ({ word, content: { kind: 'text', text: word } }));
}

/**
 * A keyword no machine can look into: every operation on it but carrying it throws. It shows
 * that the machine gives the keyword of an opt-out back as it came, and does nothing else with it.
 */
const KEYWORD = new Proxy(Object.freeze({}), {
  get: (_target, name) => lookedInto(`read its ${String(name)}`),
  has: (_target, name) => lookedInto(`asked for its ${String(name)}`),
  ownKeys: () => lookedInto('listed its keys'),
  getOwnPropertyDescriptor: () => lookedInto('described it'),
  getPrototypeOf: () => lookedInto('asked for its prototype'),
}) as unknown as string;

function lookedInto(what: string): never {
  throw new Error(
    `the machine ${what}: it looks into the keyword of an opt-out, so the words of one ` +
      'reading no longer take one step (test/support/opt-out-sweep.ts); sweep them one by one',
  );
}

/**
 * Every word of `words` said in `world`, one machine step per group of words that read the same.
 *
 * Why one step stands for every word of a group: the machine is a pure function of the stored
 * snapshot, its input (the language) and the event (`run-flow.ts`). The words of a group are
 * read from this world into events that differ in their `keyword` and `text` only (the reading
 * depends on the message and the conversation's language alone: `readTurnOnce`). The step is
 * run on an event that fails the test if the machine reads its `text`, and whose `keyword` is
 * an opaque token that fails it if the machine does anything with it but carry it; the token
 * may come back only as the keyword of a revoke intent. So the step of each word of the group is
 * this step with its own keyword in that intent, and nothing the properties check depends on it.
 *
 * What the token cannot see is a comparison of the keyword with a word written in the machine.
 * So the argument is also checked against real steps of the whole machine, each word with its
 * own keyword, which must be exactly the group's step with that keyword put back: in every world,
 * one word of each group (the `turn`-th, so each word takes its turn across the worlds) and every
 * word the walk said in this world that reads into a group (`walked`).
 */
export function sweepStep(
  flow: CompiledFlow,
  world: World,
  words: readonly SweptWord[],
  walked: readonly { event: WorldEvent; to: World }[],
  turn: number,
): GroupStep[] {
  const groups = new Map<string, { words: SweptWord[] }>();
  const readingOf = (content: InboundContent) =>
    readTurnOnce(flow, content, NO_FACTS, world.language).event;
  const groupOf = (content: InboundContent) => groupIn(flow, content, world.language);
  const steps: GroupStep[] = [];
  for (const said of words) {
    const group = groupOf(said.content);
    if (group === undefined) {
      // Not read as an opt-out word here: its own step, which the properties will judge.
      const after = worldStep(flow, world, { type: 'say', content: said.content });
      steps.push({ words: [said.word], after });
      continue;
    }
    const known = groups.get(group);
    if (known) known.words.push(said);
    else groups.set(group, { words: [said] });
  }
  const byGroup = new Map<string, World>();
  /** The group's step with the keyword of `content` put back must be `real`, its own step. */
  const sameAs = (after: World, content: InboundContent, real: World) => {
    const keyword = (readingOf(content) as { keyword?: string }).keyword ?? '(none)';
    const expected = stepOf(withKeyword(after, keyword));
    if (expected !== stepOf(real)) {
      expect(
        JSON.parse(expected),
        `the step of a group with the keyword of ${JSON.stringify(content)} put back, and its own`,
      ).toEqual(JSON.parse(stepOf(real)));
    }
  };
  for (const [group, { words: grouped }] of groups) {
    const { content } = grouped[0]!;
    const after = worldStep(flow, world, { type: 'say', content }, untextedWithToken);
    const places = tokenPlaces(after);
    const revokes = after.step!.intents.flatMap((i, n) => (i.type === 'consent.revoke' ? [n] : []));
    if (places.join() !== revokes.join()) {
      expect(places, `where the keyword came back, for ${group}`).toEqual(revokes);
    }
    const real = grouped[turn % grouped.length]!.content;
    sameAs(after, real, worldStep(flow, world, { type: 'say', content: real }));
    byGroup.set(group, after);
    steps.push({ words: grouped.map(({ word }) => word), after });
  }
  for (const { event, to } of walked) {
    if (event.type !== 'say') continue;
    const group = groupOf(event.content);
    const after = group === undefined ? undefined : byGroup.get(group);
    if (after) sameAs(after, event.content, to);
  }
  return steps;
}

/** The group of each message read in a language, of each flow: `undefined` for no opt-out word. */
const groups = new WeakMap<
  CompiledFlow,
  WeakMap<InboundContent, Map<string, string | undefined>>
>();

/**
 * The group of the words that read as `content` does in a conversation in `language`: its
 * reading but for the keyword and text, which differ between words (and the facts, which are
 * each world's for all). Remembered: the reading depends on these alone (`readTurnOnce`).
 */
function groupIn(
  flow: CompiledFlow,
  content: InboundContent,
  language: string | undefined,
): string | undefined {
  let byContent = groups.get(flow);
  if (!byContent) groups.set(flow, (byContent = new WeakMap()));
  let byLanguage = byContent.get(content);
  if (!byLanguage) byContent.set(content, (byLanguage = new Map<string, string | undefined>()));
  const known = language ?? '';
  if (byLanguage.has(known)) return byLanguage.get(known);
  const event = readTurnOnce(flow, content, NO_FACTS, language).event;
  const group =
    event.type !== 'keyword.optout' || event.keyword === undefined
      ? undefined
      : JSON.stringify(event, (name, value: unknown) =>
          name === 'facts' || name === 'keyword' || name === 'text' ? undefined : value,
        );
  byLanguage.set(known, group);
  return group;
}

/** Facts for reading alone: readings never look into them (`readTurnOnce` checks). */
const NO_FACTS = {} as ConversationEvent['facts'];

/** The event the machine is given for a group: `text` unreadable, `keyword` the token. */
function untextedWithToken(read: ConversationEvent): ConversationEvent {
  return new Proxy(
    { ...read, keyword: KEYWORD },
    {
      get: (target, name, receiver) =>
        name === 'text'
          ? lookedInto('read the text of an opt-out word')
          : (Reflect.get(target, name, receiver) as unknown),
    },
  );
}

/** The positions of the intents that carry the token as their keyword; elsewhere it fails. */
function tokenPlaces(after: World): number[] {
  const places: number[] = [];
  after.step!.intents.forEach((intent, n) => {
    for (const [name, value] of Object.entries(intent)) {
      if (value === KEYWORD && name === 'keyword') places.push(n);
      else findNoToken(value, `intent ${n}: ${name}`);
    }
  });
  findNoToken(after.machine, 'the snapshot');
  findNoToken(after.consent, 'the consent');
  findNoToken(after.handover, 'the hand-over');
  return places;
}

function findNoToken(value: unknown, where: string): void {
  if (value === KEYWORD) lookedInto(`put the keyword into ${where}`);
  if (typeof value !== 'object' || value === null) return;
  for (const inner of Object.values(value)) findNoToken(inner, where);
}

function withKeyword(after: World, keyword: string): World {
  const intents = after.step!.intents.map((intent) =>
    'keyword' in intent && (intent as { keyword?: unknown }).keyword === KEYWORD
      ? { ...intent, keyword }
      : intent,
  );
  return { ...after, step: { ...after.step!, intents } };
}

/**
 * What a step did: the machine snapshot, intents, consent, hand-over and language after it. A
 * hand-over keeps the customer's messages for the agent as they were written (not the machine's
 * doing): the latest one, this step's, is each word's own.
 */
function stepOf(w: World): string {
  const handover = w.handover && {
    ...w.handover,
    messages: w.handover.messages.map((m) =>
      m.messageId === `m${w.messages - 1}` ? { ...m, text: '(the word said)' } : m,
    ),
  };
  const rest = JSON.stringify({
    intents: w.step?.intents,
    consent: w.consent,
    handover,
    language: w.language,
    now: w.now,
  });
  return `{"machine":${machineJson(w.machine)},"step":${rest}}`;
}

/** Each snapshot's JSON, made once: a group's step is compared with each of its words' own. */
const snapshotJson = new WeakMap<object, string>();

function machineJson(machine: unknown): string {
  if (typeof machine !== 'object' || machine === null) return JSON.stringify(machine) ?? 'null';
  let json = snapshotJson.get(machine);
  if (json === undefined) snapshotJson.set(machine, (json = JSON.stringify(machine)));
  return json;
}
