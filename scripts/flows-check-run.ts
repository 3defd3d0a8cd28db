import { formatFlowIssue, sortFlowIssues } from '../src/errors.js';
import { loadFlowFiles, loadFlowsDir, type LoadFlowsResult } from '../src/flows/index.js';
import { compareWithCommits } from './lib/committed-flow.js';

/** Where `flows:check` reads its settings and writes its lines. */
export interface FlowsCheckIo {
  /** FLOWS_DIR and FLOW, as the server reads them. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A line of the report (standard output). */
  readonly out: (line: string) => void;
  /** A problem, a warning or a failure of the checker (standard error). */
  readonly err: (line: string) => void;
}

/**
 * `npm run flows:check [files…]` without the process around it: checks flow files (default:
 * every flow in FLOWS_DIR, or `flows/`) and prints each problem as
 * `file:line:col  path: what is wrong  (how to fix it)`, in file and line order, then the
 * warnings (`file:line:col  warning: …`: the flow loads, but something is likely amiss).
 * @returns the exit code: 1 when any problem is found or the checker failed (warnings alone: 0).
 * @example process.exitCode = await runFlowsCheck(process.argv.slice(2), { env: process.env, out: console.log, err: console.error });
 */
export async function runFlowsCheck(files: readonly string[], io: FlowsCheckIo): Promise<number> {
  const { env, out, err } = io;
  try {
    // An empty FLOWS_DIR= counts as unset, as for the server (src/config.ts).
    const dir = env.FLOWS_DIR || 'flows';
    // The flow used for every number without one of its own, as the server reads FLOW.
    const options = { defaultFlowId: env.FLOW || 'default' };
    const loaded: LoadFlowsResult =
      files.length > 0 ? await loadFlowFiles(files, options) : await loadFlowsDir(dir, options);
    const { pending } = loaded;
    // Compared with the file's git history: consent texts changed at a version already
    // committed with others (the running server would refuse the reload, and a restart would
    // record two texts under one version), and categories changed under their ids.
    const compared = await Promise.all(
      loaded.flows.map((f) => compareWithCommits(f.file, f.definition, f.locate)),
    );
    const fromHistory = compared.flatMap(({ issues }) => issues);
    const warnings = sortFlowIssues(
      [...loaded.warnings, ...compared.flatMap((c) => c.warnings)],
      [...new Set([...loaded.warnings, ...loaded.flows].map((w) => w.file))],
    );
    const uncommitted = new Set(
      loaded.flows.filter((_f, i) => !compared[i]!.committed).map((f) => f.file),
    );
    const refused = new Set(fromHistory.map((issue) => issue.file));
    const flows = loaded.flows.filter((f) => !refused.has(f.file));
    const issues = sortFlowIssues(
      [...loaded.issues, ...fromHistory],
      [...new Set([...loaded.issues, ...fromHistory].map((issue) => issue.file))],
    );

    for (const issue of issues) err(formatFlowIssue(issue));
    for (const warning of warnings) err(formatFlowIssue(warning));
    // A section with a wrong type keeps the checks that read it from running: say so, or the
    // editor would take the list above for all there is.
    for (const { file, checks } of pending) {
      err(`${file}  more checks follow once the problems above are fixed: ${checks.join('; ')}`);
    }
    for (const { file, definition: flow } of flows) {
      const states = Object.keys(flow.service.states).length;
      out(
        `${file}  ok  ${flow.id} v${flow.version}: ${plural(flow.categories.length, 'category', 'categories')}, ${plural(flow.languages.length, 'language')}, ${plural(states, 'service state')}`,
      );
      if (uncommitted.has(file)) {
        out(
          `${file}  not in git: its consent texts could not be compared with a committed version; the server compares them with those version ${flow.version} went into service with, and refuses the flow if they changed (raise version when you change them)`,
        );
      }
    }
    const checked = new Set([...flows.map((f) => f.file), ...issues.map((i) => i.file)]).size;
    if (issues.length > 0) {
      err(
        `\n${plural(issues.length, 'problem')} in ${plural(checked, 'file')}; ${plural(flows.length, 'flow')} ok. Fix the lines above and run npm run flows:check again${pending.length > 0 ? ': more checks follow' : ''}.`,
      );
      return 1;
    }
    if (flows.length === 0) {
      err(`No flow files (*.yaml) found in ${files.length > 0 ? files.join(', ') : dir}.`);
      return 1;
    }
    const also = warnings.length > 0 ? `; ${plural(warnings.length, 'warning')} above` : '';
    out(`${plural(flows.length, 'flow')} checked, no problems${also}.`);
    return 0;
  } catch (error) {
    // A failure of the checker itself, not of a flow: one line, no stack trace.
    err(`flows:check failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
