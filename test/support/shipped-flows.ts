import { loadFlowsDir } from '../../src/flows/index.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import type { CompiledFlow, FlowCatalog } from '../../src/service/flow-catalog.js';

/** The flows of `flows/`, loaded, checked and compiled once per test file. */
export const shippedFlows: readonly CompiledFlow[] = (await loadFlowsDir('flows')).flows.map((f) =>
  prepareFlow(f.definition, f.file),
);

/**
 * A catalog of the shipped flows with `default` as the default flow: a fresh one per call, so
 * a test that reloads a flow (`catalog.replace`) changes only its own.
 */
export function shippedCatalog(): FlowCatalog {
  return createFlowCatalog(shippedFlows, 'default');
}
