/**
 * Loads flows for a simulator session and builds its catalog: the flows folder (default
 * `FLOWS_DIR` or `flows/`), every flow checked; a flow with problems is left out and its
 * problems are reported in the flows' own words (file:line:col).
 */
import { formatFlowIssue } from '../errors.js';
import { loadFlowsDir } from '../flows/index.js';
import { createFlowCatalog, prepareFlow } from '../service/flow-catalog.js';
import type { FlowCatalog } from '../service/flow-catalog.js';
import { SimulatorError } from './simulator-error.js';

/** The default flow's id when the folder has several flows and none is named `default`. */
export const DEFAULT_FLOW_ID = 'default';

export interface LoadedCatalog {
  readonly catalog: FlowCatalog;
  /** One line per problem of a flow that was left out (empty when all passed). */
  readonly problems: readonly string[];
}

/**
 * Loads every flow of `dir` into a catalog whose default flow is `default` (or the only /
 * first flow). Throws a {@link SimulatorError} when no flow passed its checks.
 * @example const { catalog } = await loadSimulationCatalog('flows');
 */
export async function loadSimulationCatalog(dir: string): Promise<LoadedCatalog> {
  const { flows, issues } = await loadFlowsDir(dir);
  const problems = issues.map(formatFlowIssue);
  if (flows.length === 0) {
    throw new SimulatorError(
      [
        `No flow in ${dir} could be loaded.`,
        ...problems,
        'Run npm run flows:check for details.',
      ].join('\n'),
    );
  }
  const prepared = flows.map((f) => prepareFlow(f.definition, f.file));
  const defaultId = prepared.some((f) => f.definition.id === DEFAULT_FLOW_ID)
    ? DEFAULT_FLOW_ID
    : prepared[0]!.definition.id;
  return { catalog: createFlowCatalog(prepared, defaultId), problems };
}
