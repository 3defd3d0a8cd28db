import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inject } from 'vitest';

/** The project's folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** tsx's loader by path, for Node itself: one process, not the tsx CLI and the Node it starts. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A program of the project: the server or one of the scripts npm runs. */
export type Program = `src/${string}.ts` | `scripts/${string}.ts`;

/**
 * The arguments for Node that start `program`: its JavaScript in this run's build
 * (`build-global-setup.ts`), as `npm run start:prod` runs the build, or with `how: 'npm'` the
 * TypeScript itself under tsx's loader, as `npm start` and `npm run <script>` do.
 */
export function programArgs(program: Program, how: 'build' | 'npm' = 'build'): string[] {
  if (how === 'npm') return ['--import', TSX, join(ROOT, program)];
  return [join(inject('programBuild'), program.replace(/\.ts$/, '.js'))];
}

/** What a program printed, and its exit code (the signal's name if one ended it). */
export interface ProgramRun {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `program` (from the build) with `args` to its end, with `input` on its standard input,
 * and gives back what it printed and its exit code: a failing exit is a result, not an error.
 */
export async function runProgram(
  program: Program,
  args: readonly string[] = [],
  options: {
    readonly cwd?: string;
    readonly env?: NodeJS.ProcessEnv;
    readonly input?: string;
  } = {},
): Promise<ProgramRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...programArgs(program), ...args],
      { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failed = error as { code?: number | string; signal?: string } | null;
        resolve({ code: failed ? (failed.code ?? failed.signal ?? -1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}
