/**
 * How the actions of a compiled flow are built: from the context and the event, the context
 * patch and the intents (`actWith`), and the replies they say (`say` for the consent region's,
 * `answer` for the service's).
 */
import { enqueueActions } from 'xstate';
import type { Reply } from '../conversation/inbound.js';
import type { ConversationEvent, ConversationIntent } from '../conversation/events.js';
import type { FlowContext } from './flow-context.js';
import type { FlowReadings } from './flow-readings.js';
import { saidAfter } from './last-said.js';

/** A reply of the consent region. */
export function say(reply: Reply): ConversationIntent {
  return { type: 'reply', reply, from: 'consent' };
}

/** A reply of the service region; `role` marks an answer to a pick, or a person offered. */
export function answer(reply: Reply, role?: 'answer' | 'personOffer'): ConversationIntent {
  return { type: 'reply', reply, from: 'service', ...(role ? { role } : {}) };
}

/**
 * The builder of a flow's named actions (`act`): from context and event, the context patch and
 * the intents, in the turn's language (read with `r`). Every reply an action makes moves `said`,
 * the bot's latest message (see {@link saidAfter}).
 * @example
 * const act = actWith(r);
 * const sayHi = act((_c, _e, language) => ({ intents: [say(textReply(flow, language, hi))] }));
 */
export function actWith(r: Pick<FlowReadings, 'languageOf' | 'allCategories'>) {
  const { languageOf, allCategories } = r;
  return <P = undefined>(
    run: (
      context: FlowContext,
      event: ConversationEvent,
      language: string,
      params: P,
    ) => { patch?: Partial<FlowContext>; intents: ConversationIntent[] },
  ) =>
    flowActions<P>(({ context, event, enqueue }, params) => {
      const language = languageOf(context, event);
      const { patch, intents } = run(context, event, language, params);
      const said = saidAfter(context.said, event, intents);
      // A conversation from before categories were remembered learns them now (see pendingNew).
      const known = context.knownCategories ? {} : { knownCategories: allCategories };
      enqueue.assign({ language, ...known, ...patch, ...(said ? { said } : {}) });
      for (const intent of intents) enqueue.emit(intent);
    });
}

/**
 * An action that sets `patch` unless the context holds it already. XState copies the whole
 * snapshot on every `assign` (and works out its state value again), so an entry action or a
 * reset that mostly finds nothing to change is cheaper with a look first.
 */
export function assignIfChanged(patch: Partial<FlowContext>) {
  return flowActions(({ context, enqueue }) => {
    if (changes(context, patch)) enqueue.assign(patch);
  });
}

/** What `enqueueActions` runs, typed for a flow machine: its context, events, intents, params `P`. */
type FlowCollect<P> = Parameters<
  typeof enqueueActions<
    FlowContext,
    ConversationEvent,
    P,
    ConversationEvent,
    never,
    never,
    never,
    never,
    ConversationIntent
  >
>[0];

/** `enqueueActions` for a flow machine (`act`, `assignIfChanged`). */
function flowActions<P = undefined>(collect: FlowCollect<P>) {
  return enqueueActions(collect);
}

/** Whether `patch` sets a field of `context` to another value. */
function changes(context: FlowContext, patch: Partial<FlowContext>): boolean {
  for (const key in patch) {
    if (context[key as keyof FlowContext] !== patch[key as keyof FlowContext]) return true;
  }
  return false;
}
