export { loadFlowFiles, loadFlowsDir } from './load-flow-files.js';
export type { LoadedFlow, LoadFlowsResult } from './load-flow-files.js';
