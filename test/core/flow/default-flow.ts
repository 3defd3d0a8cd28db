/** The shipped default flow as an object, and a way to change a copy of it in a test. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FlowDefinition, ServiceChoice } from '../../../src/core/flow/definition.js';
import { parseFlowSource } from '../../../src/core/flow/parse-flow.js';

export const DEFAULT_FLOW_FILE = fileURLToPath(
  new URL('../../../flows/default.yaml', import.meta.url),
);
export const DEFAULT_FLOW_SOURCE = readFileSync(DEFAULT_FLOW_FILE, 'utf8');

type DeepMutable<T> = T extends string | number | boolean
  ? T
  : { -readonly [K in keyof T]: DeepMutable<T[K]> };

/** A writable deep copy of a flow, for tests that break one rule at a time. */
export type MutableFlow = DeepMutable<FlowDefinition>;
export type MutableChoice = DeepMutable<ServiceChoice>;

let parsed: FlowDefinition | undefined;

/**
 * `flows/default.yaml` parsed, a copy of its own for each caller (the file is parsed once: it
 * took 25 ms a test); throws when it does not load (its own test says why).
 */
export function loadDefaultFlow(): FlowDefinition {
  if (!parsed) {
    const { flow, issues } = parseFlowSource(DEFAULT_FLOW_SOURCE, 'flows/default.yaml');
    if (!flow) throw new Error(`default flow does not load: ${JSON.stringify(issues)}`);
    parsed = flow;
  }
  return structuredClone(parsed);
}

/** A copy of the default flow with `change` applied. */
export function changedDefaultFlow(change: (flow: MutableFlow) => void): FlowDefinition {
  const flow = loadDefaultFlow() as MutableFlow;
  change(flow);
  return flow;
}
