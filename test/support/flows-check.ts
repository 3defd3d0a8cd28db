import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { runFlowsCheck } from '../../scripts/flows-check-run.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/flows-check.ts');
/** tsx's loader by path, so the check also runs from a folder without node_modules. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

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

/** Runs `npm run flows:check` as npm does (Node with tsx's loader), without npm, in `cwd`. */
export async function flowsCheckProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): Promise<FlowsCheckRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', TSX, SCRIPT, ...args],
      { cwd, env: { ...process.env, FLOWS_DIR: undefined, FLOW: undefined, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
