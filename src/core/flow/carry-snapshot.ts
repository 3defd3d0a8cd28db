import type { Prompt } from '../conversation/events.js';
import { CONSENT_STATES } from './consent-region.js';
import type { FlowDefinition } from './definition.js';
import type { FlowContext, LastSaid } from './flow-context.js';
import { hasVariant } from './question-variants.js';
import { START_STATE } from './service-region.js';

/** The consent region's states: the compiler writes them, so every flow version has them. */
const CONSENT_STATE_SET = new Set(CONSENT_STATES);
const PROMPTS = new Set<string>(['question', 'category', 'stop', 'stopSome'] satisfies Prompt[]);

/**
 * Carries a conversation over to a new version of its flow. The consent part (where the opt-in
 * conversation stands, when the question was asked and its exact text) belongs to the compiler,
 * not to the flow file, so it is kept: a customer who taps "No, thanks" on the question shown
 * before the reload is declined, not asked again, and the per-window limit still counts the
 * asks already made. The service part keeps its state when the new version still has it, else
 * starts over. Reading the stored snapshot is defensive: anything unexpected gives `undefined`,
 * and the conversation starts fresh, as it would with no snapshot.
 * @param stored The persisted snapshot of the old version (plain JSON from the store).
 * @returns A persisted snapshot for the new version's machine, or `undefined`.
 * @example
 * const snapshot = contact.flowVersion === flow.version ? contact.snapshot
 *   : carrySnapshot(contact.snapshot, flow);
 */
export function carrySnapshot(stored: unknown, flow: FlowDefinition): unknown {
  if (!isRecord(stored) || stored.status !== 'active') return undefined;
  const value = stored.value;
  const context = stored.context;
  if (!isRecord(value) || !isRecord(context)) return undefined;
  if (typeof value.consent !== 'string' || !CONSENT_STATE_SET.has(value.consent)) return undefined;
  if (!Array.isArray(context.askTimes) || !context.askTimes.every(isNumber)) return undefined;

  const service =
    typeof value.service === 'string' && value.service in flow.service.states
      ? value.service
      : START_STATE;
  const choosing = carryChoosing(context.choosing, flow);
  const stopping = carryStopping(context.stopping, flow);
  // Choosing or stopping categories that no longer exist cannot go on: back to idle, nothing recorded.
  const consent =
    (value.consent === 'choosing' && !choosing) ||
    (value.consent === 'confirmingStopSome' && !stopping)
      ? 'idle'
      : value.consent;
  const language =
    typeof context.language === 'string' && flow.languages.includes(context.language)
      ? context.language
      : flow.defaultLanguage;
  const question = carryQuestion(context.question);
  const said = carrySaid(context.said);
  const counts = Object.fromEntries(
    (['turns', 'askedAtTurn', 'misses'] as const).flatMap((key) =>
      isNumber(context[key]) ? [[key, context[key]]] : [],
    ),
  ) as Pick<FlowContext, 'turns' | 'askedAtTurn' | 'misses'>;
  const variants = carryVariants(context.variants, flow);
  const ids = flow.categories.map((c) => c.id);
  const newCategories = carryNewCategories(context, ids);

  const carried: FlowContext = {
    language,
    askTimes: context.askTimes,
    ...(question ? { question } : {}),
    ...(variants ? { variants } : {}),
    ...(consent === 'choosing' && choosing ? { choosing } : {}),
    ...(consent === 'confirmingStopSome' && stopping ? { stopping } : {}),
    ...(said ? { said } : {}),
    ...counts,
    knownCategories: ids,
    ...(newCategories.length > 0 ? { newCategories } : {}),
  };
  return {
    status: 'active',
    value: { service, consent, turns: 'counting' },
    historyValue: {},
    context: carried,
    children: {},
  };
}

/**
 * True when a stored snapshot has every region the compiler writes. One that lacks one (the
 * turn counter) is carried over like a snapshot of another version.
 */
export function hasCurrentRegions(stored: unknown): boolean {
  return isRecord(stored) && isRecord(stored.value) && typeof stored.value.turns === 'string';
}

function carryChoosing(choosing: unknown, flow: FlowDefinition): FlowContext['choosing'] {
  if (!isRecord(choosing) || !isNumber(choosing.index) || !Array.isArray(choosing.chosen)) {
    return undefined;
  }
  const ids = new Set(flow.categories.map((c) => c.id));
  const known = (list: unknown[]): list is string[] =>
    list.every((id) => typeof id === 'string' && ids.has(id));
  const chosen: unknown[] = choosing.chosen;
  if (!known(chosen)) return undefined;
  // The categories gone through (new categories), if every one still exists; else the flow's.
  const through = choosing.ids === undefined ? undefined : (choosing.ids as unknown);
  if (through !== undefined && !(Array.isArray(through) && known(through))) return undefined;
  const order = through ?? flow.categories.map((c) => c.id);
  // The category being asked must be the one at that position now: a "yes" answers it alone.
  const asking = order[choosing.index];
  if (asking === undefined || choosing.asking !== asking) return undefined;
  return {
    index: choosing.index,
    asking,
    chosen,
    ...(through ? { ids: through } : {}),
    ...(choosing.newCategories === true ? { newCategories: true } : {}),
  };
}

/**
 * The categories to ask a customer who said yes about: those still waiting, and those the new
 * version adds to the ones the conversation knew. A conversation that never recorded the
 * categories it knew (older than this rule) has none: it cannot tell which are new.
 */
function carryNewCategories(context: Record<string, unknown>, ids: readonly string[]): string[] {
  const known = stringList(context.knownCategories);
  const waiting = stringList(context.newCategories) ?? [];
  const added = known === undefined ? [] : ids.filter((id) => !known.includes(id));
  return ids.filter((id) => waiting.includes(id) || added.includes(id));
}

/** The variant drawn per language, where the new version still has it. */
function carryVariants(
  variants: unknown,
  flow: FlowDefinition,
): Readonly<Record<string, string>> | undefined {
  if (!isRecord(variants)) return undefined;
  const kept = Object.entries(variants).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === 'string' &&
      flow.texts[entry[0]] !== undefined &&
      hasVariant(flow.texts[entry[0]]!, entry[1]),
  );
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list: unknown[] = value;
  return list.every((v): v is string => typeof v === 'string') ? list : undefined;
}

/** The categories offered to stop, if every one still exists. */
function carryStopping(stopping: unknown, flow: FlowDefinition): FlowContext['stopping'] {
  if (!Array.isArray(stopping) || stopping.length === 0) return undefined;
  const ids = new Set(flow.categories.map((c) => c.id));
  const list: unknown[] = stopping;
  return list.every((id): id is string => typeof id === 'string' && ids.has(id)) ? list : undefined;
}

/** The bot's latest message: a typed answer still answers the prompt shown before the reload. */
function carrySaid(said: unknown): LastSaid | undefined {
  if (!isRecord(said) || typeof said.turn !== 'string' || !isNumber(said.at)) return undefined;
  if (said.by !== 'consent' && said.by !== 'service') return undefined;
  const prompt =
    typeof said.prompt === 'string' && PROMPTS.has(said.prompt) ? said.prompt : undefined;
  const strings = (list: unknown) =>
    Array.isArray(list) && list.every((c): c is string => typeof c === 'string') ? list : undefined;
  const choices = strings(said.choices);
  // The menu shown before a consent message: a typed "1" stays the menu's, never a prompt's yes.
  const menuBefore = strings(said.menuBefore);
  return {
    turn: said.turn,
    at: said.at,
    by: said.by,
    ...(prompt ? { prompt: prompt as Prompt } : {}),
    ...(choices ? { choices } : {}),
    ...(menuBefore ? { menuBefore } : {}),
    ...(said.granted === true && !prompt ? { granted: true as const } : {}),
    ...(said.declined === true && !prompt ? { declined: true as const } : {}),
    ...(said.optedOut === true && !prompt ? { optedOut: true as const } : {}),
    ...(said.answered === true ? { answered: true as const } : {}),
    ...(said.personOffered === true ? { personOffered: true as const } : {}),
  };
}

function carryQuestion(question: unknown): FlowContext['question'] {
  if (!isRecord(question) || typeof question.text !== 'string' || !isNumber(question.at)) {
    return undefined;
  }
  const variant = typeof question.variant === 'string' ? { variant: question.variant } : {};
  return { text: question.text, at: question.at, ...variant };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
