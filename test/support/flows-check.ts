import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runFlowsCheck } from '../../scripts/flows-check-run.js';
import { programArgs, ROOT } from './program.js';

/** What `npm run flows:check` printed and its exit code. */
export interface FlowsCheckRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The check of `npm run flows:check` in this process (`scripts/flows-check-run.ts`), with the
 * lines it prints collected as the terminal shows them: for what the check says. The script's
 * own wiring (a process, its exit code, `.env`) is tested by {@link flowsCheckProcess}.
 */
export async function flowsCheck(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<FlowsCheckRun> {
  let stdout = '';
  let stderr = '';
  const code = await runFlowsCheck(args, {
    env,
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
  });
  return { code, stdout, stderr };
}

/**
 * Runs `npm run flows:check` as npm does (Node with tsx's loader, found by path, so the check
 * also runs from a folder without node_modules), without npm, in `cwd`.
 */
export async function flowsCheckProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): Promise<FlowsCheckRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [...programArgs('scripts/flows-check.ts', 'npm'), ...args],
      { cwd, env: { ...process.env, FLOWS_DIR: undefined, FLOW: undefined, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
