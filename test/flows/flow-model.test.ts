import { loadFlowsDir } from '../../src/flows/index.js';
import { describeFlowModel } from '../support/flow-model.js';

/**
 * Model-based tests over every shipped flow: walk every reachable (machine × consent × time)
 * state with the real machine and check the consent guarantees on every transition
 * (`test/support/flow-model.ts`). The flow that tries to switch STOP off is walked in
 * `flow-model-no-stop.test.ts`, a file of its own so the two walks run side by side.
 */
const loaded = await loadFlowsDir('flows');

for (const { file, definition } of loaded.flows) describeFlowModel(`flow ${file}`, definition);
