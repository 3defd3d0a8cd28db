import { createActor } from 'xstate';
import type { AnyActorScope, AnyMachineSnapshot, ExecutableActionObject } from 'xstate';
import type { ConversationEvent, ConversationIntent } from '../conversation/events.js';
import type { FlowMachine } from './compile-flow.js';
import type { FlowInput } from './flow-context.js';
import { companionOf, persistedSnapshot } from './persisted-snapshot.js';

/** What one event did to a flow machine. */
export interface FlowStep {
  /**
   * The snapshot to store, as `actor.getPersistedSnapshot()` would give it once through JSON:
   * plain JSON data, deeply frozen (`persisted-snapshot.ts`), so a store may keep it as it is.
   */
  readonly snapshot: unknown;
  /** The intents the machine emitted, in order: its replies and consent changes. */
  readonly intents: readonly ConversationIntent[];
  /** The language of the machine's context after the event. */
  readonly language: string;
}

/**
 * Feeds one event to a flow machine restored from its stored snapshot (or started fresh with
 * `input` when there is none) and returns the next snapshot with the intents it emitted.
 */
export type FlowRunner = (stored: unknown, input: FlowInput, event: ConversationEvent) => FlowStep;

/**
 * Runs a compiled flow one turn at a time without an actor per turn: the machine's own pure
 * logic (`restoreSnapshot`, `transition`, `getPersistedSnapshot`) with one inert actor scope
 * made once per machine, the way XState's `transition()` works but without building a new
 * scope (and an initial snapshot) on every call. Emitted intents come back as `xstate.emit`
 * actions and are collected instead of executed; a flow machine has no other effects.
 * The result is the same as `createActor(machine, { snapshot })`, `send(event)`,
 * `getPersistedSnapshot()`: the runner's property test against a live actor
 * (`test/core/flow/run-flow.test.ts`), the turn-service tests and the flow-model tests pin it.
 *
 * A store that keeps snapshots as they are (the memory store) gives the runner back the very
 * snapshot it made last turn: the machine snapshot it was made from is kept with it (out of its
 * data, `persisted-snapshot.ts`: it goes when the stored one goes), and the turn goes on from
 * there without restoring it. Any other stored value (read from MongoDB, carried over from
 * another flow version, made by another runner) is restored.
 * @example
 * const run = createFlowRunner(compileFlow(flow));
 * const { snapshot, intents } = run(contact.snapshot, {}, event);
 */
export function createFlowRunner(machine: FlowMachine): FlowRunner {
  let emitted: ConversationIntent[] = [];
  // Never started: it only lends the scope an actor system, as XState's inert scope does.
  const self = createActor(machine, { input: {} });
  const scope: AnyActorScope = {
    self,
    id: '',
    sessionId: '',
    logger: () => undefined,
    defer: () => undefined,
    emit: () => undefined,
    system: self.system,
    stopChild: () => undefined,
    actionExecutor: (action: ExecutableActionObject) => {
      if (action.type === 'xstate.emit') {
        emitted.push((action.params as { event: ConversationIntent }).event);
      }
    },
  };
  // The machine as plain actor logic: the snapshot types of the compiled flow are not needed.
  const logic = machine as unknown as {
    getInitialSnapshot(scope: AnyActorScope, input: FlowInput): AnyMachineSnapshot;
    restoreSnapshot(stored: unknown, scope: AnyActorScope): AnyMachineSnapshot;
    transition(
      snapshot: AnyMachineSnapshot,
      event: ConversationEvent,
      scope: AnyActorScope,
    ): AnyMachineSnapshot;
    getPersistedSnapshot(snapshot: AnyMachineSnapshot): unknown;
  };

  return (stored, input, event) => {
    // Synchronous from here to the return, so one scope serves every turn.
    emitted = [];
    // Kept with a persisted snapshot made here: the machine snapshot it was made from, of this
    // machine (another one's, after a reload, is restored like any stored value).
    const made = companionOf(stored) as AnyMachineSnapshot | undefined;
    const current =
      (made?.machine === (machine as object) ? made : undefined) ??
      (stored === undefined
        ? logic.getInitialSnapshot(scope, input)
        : logic.restoreSnapshot(stored, scope));
    // An actor would report a failed action on a timer, out of reach; here the turn fails.
    if (current.status === 'error') throw current.error;
    const next = logic.transition(current, event, scope);
    if (next.status === 'error') throw next.error;
    const intents = emitted;
    emitted = [];
    const snapshot = persistedSnapshot(persistable(next, logic), next);
    return {
      snapshot,
      intents,
      language: (next.context as { language: string }).language,
    };
  };
}

/**
 * What `getPersistedSnapshot` gives, for `persistedSnapshot` to copy: built here, in the same
 * shape and key order, for a snapshot without child actors (a flow machine spawns none), since
 * XState's own copies the whole snapshot and walks its context for actor references only for
 * `persistedSnapshot` to copy it all again. A snapshot with children goes to XState's.
 */
function persistable(
  snapshot: AnyMachineSnapshot,
  logic: { getPersistedSnapshot(snapshot: AnyMachineSnapshot): unknown },
): unknown {
  for (const _child in snapshot.children) return logic.getPersistedSnapshot(snapshot);
  const { status, output, error, value, context } = snapshot as {
    status: unknown;
    output?: unknown;
    error?: unknown;
    value: unknown;
    context: unknown;
  };
  return {
    status,
    output,
    error,
    value,
    historyValue: historyIds(snapshot.historyValue),
    context,
    children: {},
  };
}

/** The history of a snapshot as XState stores it: the ids of the state nodes remembered. */
function historyIds(history: AnyMachineSnapshot['historyValue']): Record<string, { id: string }[]> {
  const ids: Record<string, { id: string }[]> = {};
  for (const key in history) {
    const nodes: unknown = history[key];
    if (Array.isArray(nodes)) ids[key] = nodes.map((node: { id: string }) => ({ id: node.id }));
  }
  return ids;
}
