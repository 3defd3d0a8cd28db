/**
 * Which service choice a customer message picks (issue 10, "Choices stay valid"): a tapped
 * button or list row of ANY earlier message of this flow version, from whatever state the
 * conversation is in now (a choice id means one thing in the whole flow); or, typed, one of the
 * choice's words or titles (those of the current state's choices first), or the number of a
 * choice the bot's latest message offered; or, for a message that asks for a person in so many
 * words ("can I talk to a human?"), the choice that leads to the flow's hand-over. A choice whose
 * guard does not hold is not picked.
 */
import type { ConversationEvent } from '../conversation/events.js';
import { normalizeForMatching } from '../keywords/index.js';
import type { FlowDefinition, ServiceChoice } from './definition.js';
import type { LastSaid } from './flow-context.js';
import { numberedChoice } from './last-said.js';
import { registryGuards } from './registry.js';
import { distinctChoices, handoverStates } from './service-region.js';

/** The choice an event picks in a state, or `undefined`. */
export type ChoicePicker = (
  state: string,
  said: LastSaid | undefined,
  event: ConversationEvent,
) => ServiceChoice | undefined;

/**
 * Prepares the picker of a flow once. Each event's answer per state is remembered, since every
 * choice's transition asks it.
 * @example const picks = createChoicePicker(flow); picks('menu', context.said, event)?.id // 'track'
 */
export function createChoicePicker(flow: FlowDefinition): ChoicePicker {
  const choices = distinctChoices(flow);
  const byId = new Map(choices.map((c) => [c.id, c]));
  const words = indexChoiceWords(flow);
  const globalIds = (flow.service.global ?? []).map((c) => c.id);
  const orderOf = new Map(
    Object.entries(flow.service.states).map(([id, state]) => {
      const first = [...(state.choices ?? []).map((c) => c.id), ...globalIds];
      const rest = choices.map((c) => c.id).filter((c) => !first.includes(c));
      return [id, [...new Set(first), ...rest].map((c) => byId.get(c)!)];
    }),
  );
  const handovers = handoverStates(flow);
  const remembered = new WeakMap<ConversationEvent, Map<string, ServiceChoice | undefined>>();

  const pick: ChoicePicker = (state, said, event) => {
    if (event.type === 'service.choice') {
      const choice = byId.get(event.choiceId);
      return choice && offered(choice, event) ? choice : undefined;
    }
    if (event.type !== 'message' && !event.type.startsWith('answer.')) return undefined;
    if (event.text === undefined || ('prompt' in event && event.prompt !== undefined)) {
      return undefined;
    }
    const numbered = numberedChoice(said, event);
    const named = words.get(event.text);
    const ordered = orderOf.get(state) ?? choices;
    const picked = ordered.find(
      (c) => (c.id === numbered || named?.has(c.id) === true) && offered(c, event),
    );
    if (picked || event.asksForPerson !== true) return picked;
    return ordered.find((c) => handovers.has(c.target) && offered(c, event));
  };

  return (state, said, event) => {
    let perState = remembered.get(event);
    if (!perState) {
      perState = new Map();
      remembered.set(event, perState);
    }
    if (!perState.has(state)) perState.set(state, pick(state, said, event));
    return perState.get(state);
  };
}

/** A choice is offered when it has no guard or its guard holds for this turn. */
export function offered(choice: ServiceChoice, event: ConversationEvent): boolean {
  if (!choice.guard) return true;
  const guard = registryGuards[choice.guard as keyof typeof registryGuards];
  return guard({ event });
}

/** Maps every normalised choice keyword and title of the flow to the choices it names. */
function indexChoiceWords(flow: FlowDefinition): Map<string, Set<string>> {
  const words = new Map<string, Set<string>>();
  const add = (word: string, id: string) => {
    const key = normalizeForMatching(word);
    if (key === '') return;
    const ids = words.get(key) ?? new Set<string>();
    ids.add(id);
    words.set(key, ids);
  };
  const all = [
    ...Object.values(flow.service.states).flatMap((s) => s.choices ?? []),
    ...(flow.service.global ?? []),
  ];
  for (const choice of all) {
    for (const list of Object.values(choice.keywords ?? {})) {
      for (const word of list) add(word, choice.id);
    }
    for (const title of Object.values(choice.title)) add(title, choice.id);
  }
  return words;
}
