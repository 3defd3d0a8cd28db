/**
 * `npm run flows:check [files…]`: checks flow files (default: every flow in FLOWS_DIR, set in the
 * environment or `.env`, or `flows/`) and prints each problem as
 * `file:line:col  path: what is wrong  (how to fix it)`, in file and line order, then the
 * warnings (`file:line:col  warning: …`: the flow loads, but something is likely amiss). Exits
 * with 1 when any problem is found (warnings alone: 0), so CI and editors can rely on it.
 */
import { loadEnvFile } from '../src/config.js';
import { formatFlowIssue } from '../src/errors.js';
import { loadFlowFiles, loadFlowsDir, type LoadFlowsResult } from '../src/flows/index.js';

const files = process.argv.slice(2);

try {
  loadEnvFile();
  // An empty FLOWS_DIR= counts as unset, as for the server (src/config.ts).
  const dir = process.env.FLOWS_DIR || 'flows';
  // The flow used for every number without one of its own, as the server reads FLOW.
  const options = { defaultFlowId: process.env.FLOW || 'default' };
  const { flows, issues, warnings, pending }: LoadFlowsResult =
    files.length > 0 ? await loadFlowFiles(files, options) : await loadFlowsDir(dir, options);

  for (const issue of issues) console.error(formatFlowIssue(issue));
  for (const warning of warnings) console.error(formatFlowIssue(warning));
  // A section with a wrong type keeps the checks that read it from running: say so, or the
  // editor would take the list above for all there is.
  for (const { file, checks } of pending) {
    console.error(
      `${file}  more checks follow once the problems above are fixed: ${checks.join('; ')}`,
    );
  }
  for (const { file, definition: flow } of flows) {
    const states = Object.keys(flow.service.states).length;
    console.log(
      `${file}  ok  ${flow.id} v${flow.version}: ${plural(flow.categories.length, 'category', 'categories')}, ${plural(flow.languages.length, 'language')}, ${plural(states, 'service state')}`,
    );
  }
  const checked = new Set([...flows.map((f) => f.file), ...issues.map((i) => i.file)]).size;
  if (issues.length > 0) {
    console.error(
      `\n${plural(issues.length, 'problem')} in ${plural(checked, 'file')}; ${plural(flows.length, 'flow')} ok. Fix the lines above and run npm run flows:check again${pending.length > 0 ? ': more checks follow' : ''}.`,
    );
    process.exitCode = 1;
  } else if (flows.length === 0) {
    console.error(`No flow files (*.yaml) found in ${files.length > 0 ? files.join(', ') : dir}.`);
    process.exitCode = 1;
  } else {
    const also = warnings.length > 0 ? `; ${plural(warnings.length, 'warning')} above` : '';
    console.log(`${plural(flows.length, 'flow')} checked, no problems${also}.`);
  }
} catch (error) {
  // A failure of the checker itself, not of a flow: one line, no stack trace.
  console.error(`flows:check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
