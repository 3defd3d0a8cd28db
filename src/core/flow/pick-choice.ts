/**
 * Which service choice a customer message picks (issue 10, "Choices stay valid"): a tapped
 * button or list row of ANY earlier message of this flow version, from whatever state the
 * conversation is in now (a choice id means one thing in the whole flow); or, typed, one of the
 * choice's words or titles (those of the current state's choices first), or the number of a
 * choice the bot's latest message offered, or a yes to the person it offered; or, for a message
 * that asks for a person in so many words ("can I talk to a human?"), the choice that leads to
 * the flow's hand-over; or, for a
 * sentence that names the words or title of exactly one choice ("where is my order?" for ORDER;
 * the current state's choices first, then the flow's), that choice, unless it leads to a
 * hand-over (a person only on a request for one: "I don't want a person" names PERSON too) or
 * the sentence is small talk. A choice whose guard does not hold is not picked.
 */
import type { ConversationEvent } from '../conversation/events.js';
import { normalizeForMatching, phraseWords, tokenize } from '../keywords/index.js';
import { contentWords } from '../keywords/keyword-index.js';
import { NEGATIONS, NONE } from './answer-words.js';
import { categoryNames, type FlowDefinition, type ServiceChoice } from './definition.js';
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
  // The words and titles a sentence may name (not of choices leading to a hand-over): those of
  // the state's own choices (and the global ones) first, then those of every choice.
  const nameable = (list: readonly ServiceChoice[]) =>
    choicePhrases(list.filter((c) => !handovers.has(c.target)));
  const namedAnywhere = nameable(choices);
  // "yes pls a human", "una persona por favor": the person offered, named in words.
  const namesPerson = choicePhrases(choices.filter((c) => handovers.has(c.target)));
  const namedIn = new Map(
    Object.entries(flow.service.states).map(([id, state]) => {
      const here = nameable([...(state.choices ?? []), ...(flow.service.global ?? [])]);
      return [
        id,
        (text: string, plurals = true) => here(text, plurals) ?? namedAnywhere(text, plurals),
      ];
    }),
  );
  const remembered = new WeakMap<ConversationEvent, Map<string, ServiceChoice | undefined>>();
  const withoutKindNames = kindNamesLeftOut(flow);

  const pick: ChoicePicker = (state, said, event) => {
    if (event.type === 'service.choice') {
      const choice = byId.get(event.choiceId);
      return choice && offered(choice, event) ? choice : undefined;
    }
    const ordered = orderOf.get(state) ?? choices;
    /** The flow's way to a person, if this state offers it. */
    const toPerson = () => ordered.find((c) => handovers.has(c.target) && offered(c, event));
    // A wish to stop and a request for a person ("stop the promos and let me talk to a human"):
    // the stop is the consent region's, the request the hand-over's.
    if ((event.type === 'stop.some' || event.type === 'stop.ambiguous') && event.asksForPerson) {
      return toPerson();
    }
    // A sentence that may mean stop: only a request it names ("STOP. and where is my order?"),
    // as written ("stop texting me about my orders" asks for nothing), outside the names of
    // kinds of message ("stop everything and the order updates" asks for nothing either).
    if (event.type === 'stop.ambiguous') {
      const named = namedIn.get(state)?.(withoutKindNames(event.text ?? ''), false);
      const choice = named === undefined ? undefined : byId.get(named);
      return choice && offered(choice, event) ? choice : undefined;
    }
    if (event.type !== 'message' && !event.type.startsWith('answer.')) return undefined;
    if (event.text === undefined || ('prompt' in event && event.prompt !== undefined)) {
      return undefined;
    }
    if (takesPersonOffer(said, event) || namesPersonOffered(said, event, namesPerson)) {
      return toPerson();
    }
    const numbered = numberedChoice(said, event);
    // A number counted past a consent prompt (the menu shown before it) may be meant for the
    // prompt's buttons: it never hands the conversation over.
    const numberedPastPrompt = said?.by === 'consent' && said.prompt !== undefined;
    const named = words.get(event.text);
    const picked = ordered.find(
      (c) =>
        ((c.id === numbered && !(numberedPastPrompt && handovers.has(c.target))) ||
          named?.has(c.id) === true) &&
        offered(c, event),
    );
    if (picked) return picked;
    if (event.asksForPerson === true) return toPerson();
    if (event.type !== 'message' || event.smallTalk !== undefined) return undefined;
    const mentioned = namedIn.get(state)?.(event.text);
    const choice = mentioned === undefined ? undefined : byId.get(mentioned);
    return choice && offered(choice, event) ? choice : undefined;
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

/**
 * Whether `event` is a typed yes ("sí", "yes please") to the person the bot offered after two
 * messages it did not understand, as its latest message (with the menu, and maybe the opt-in
 * question, after it in the same turn: the yes is the offer's, `answer-of.ts`).
 */
function takesPersonOffer(said: LastSaid | undefined, event: ConversationEvent): boolean {
  return event.type === 'answer.yes' && answersPersonOffer(said, event);
}

/**
 * Whether `event` is a message that names the person the bot offered ("yes pls a human", "una
 * persona por favor", "atendente"), with no word that refuses it ("no human pls").
 */
function namesPersonOffered(
  said: LastSaid | undefined,
  event: ConversationEvent,
  namesPerson: (text: string) => string | undefined,
): boolean {
  if (event.type !== 'message' || event.text === undefined) return false;
  if (!answersPersonOffer(said, event) || namesPerson(event.text) === undefined) return false;
  return !tokenize(event.text).some((word) => NEGATIONS.has(word) || NONE.has(word));
}

/**
 * Whether `event` is a typed no ("no", "nah", "não, obrigado") to the person the bot offered,
 * as the bot's latest message (no question after it in the same turn): the customer wants no
 * person, and the menu is shown again, not "I still didn't understand".
 */
export function declinesPersonOffer(said: LastSaid | undefined, event: ConversationEvent): boolean {
  return event.type === 'answer.no' && said?.by === 'service' && answersPersonOffer(said, event);
}

/** A typed answer to the person offered in the bot's latest message, nothing sent since. */
function answersPersonOffer(said: LastSaid | undefined, event: ConversationEvent): boolean {
  if (!said?.personOffered || ('prompt' in event && event.prompt !== undefined)) return false;
  const { now, businessWroteAt } = event.facts;
  return now >= said.at && (businessWroteAt === undefined || businessWroteAt < said.at);
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

/**
 * Which one choice of `choices` a sentence names, by a word or title said as whole words
 * anywhere in it, each word as written or in the plural ("my orders" names ORDER, "mis pedidos"
 * PEDIDO, "envíos" ENVÍO); undefined when it names none, or several.
 */
function choicePhrases(
  choices: readonly ServiceChoice[],
): (text: string, plurals?: boolean) => string | undefined {
  const phrases = choices.flatMap((choice) =>
    [...Object.values(choice.keywords ?? {}).flat(), ...Object.values(choice.title)]
      .map((phrase) => tokenize(normalizeForMatching(phrase)))
      .filter((words) => words.length > 0)
      .map((words) => ({ words: ` ${words.join(' ')} `, id: choice.id })),
  );
  const phraseWords = new Set(phrases.flatMap((p) => p.words.trim().split(' ')));
  /** `word` without a plural ending, when that names a word of the phrases. */
  const singularOf = (word: string) => {
    for (const ending of [PLURAL_S, PLURAL_ES]) {
      const stem = word.replace(ending, '');
      if (stem !== word && phraseWords.has(stem)) return stem;
    }
    return word;
  };
  const named = (said: string) =>
    new Set(phrases.filter((p) => said.includes(p.words)).map((p) => p.id));
  return (text, plurals = true) => {
    const tokens = tokenize(text);
    let ids = named(` ${tokens.join(' ')} `);
    // The same words in the singular, where the plural was said ("orders", "paquetes",
    // "relojes"), only when the words as written name none: "i want to return two orders" is
    // RETURN's.
    if (ids.size === 0 && plurals) {
      const singular = tokens.map(singularOf);
      if (singular.some((word, i) => word !== tokens[i])) ids = named(` ${singular.join(' ')} `);
    }
    return ids.size === 1 ? [...ids][0] : undefined;
  };
}

/**
 * The words of a text with the names of the flow's kinds of message (labels and other names,
 * with "the", "my", "de mis" between their words) left out, each for a "0" that no choice's
 * words span.
 * @example kindNamesLeftOut(flow)('stop everything and the order updates') // 'stop everything and the 0'
 */
function kindNamesLeftOut(flow: FlowDefinition): (text: string) => string {
  const names = flow.categories
    .flatMap(categoryNames)
    .map((name) => contentWords(phraseWords(name)))
    .filter((words) => words.length > 0);
  return (text) => {
    const words = phraseWords(text);
    const kept: string[] = [];
    for (let at = 0; at < words.length;) {
      const end = Math.max(...names.map((name) => nameEnd(words, at, name)));
      kept.push(end > at ? '0' : words[at]!);
      at = Math.max(end, at + 1);
    }
    return kept.join(' ');
  };
}

/** Where `name` (its content words) ends when it begins at `words[at]`, linking words between; -1 if it does not. */
function nameEnd(words: readonly string[], at: number, name: readonly string[]): number {
  let i = at;
  let matched = 0;
  while (i < words.length && matched < name.length) {
    if (words[i] === name[matched]) matched += 1;
    else if (matched === 0 || contentWords([words[i]!]).length > 0) return -1;
    i += 1;
  }
  return matched === name.length ? i : -1;
}

/** The plural endings of the product's languages, after a word of three letters or more. */
const PLURAL_S = /(?<=\p{L}{3})s$/u;
const PLURAL_ES = /(?<=\p{L}{3})es$/u;
