import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, stop } from 'esbuild';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of this run's build of `src/` and `scripts/` (see build-global-setup.ts). */
    programBuild: string;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOUR_MS = 3_600_000;

/**
 * Builds the project's programs once for the whole run (vitest `globalSetup`): every TypeScript
 * file of `src/` and `scripts/` turned into JavaScript one by one, as tsx turns each file it
 * loads (the same esbuild, with the same tsconfig), beside the files they read at run time
 * (`openapi/`, the `assets/` folders), in a folder of `test-output/` that mirrors the project.
 * The tests that start a program in a process of its own (`test/support/program.ts`) run Node
 * on it, as `npm run start:prod` runs the build in `dist/`: without tsx's loader, which costs
 * each process about half a second of CPU. A few tests still start `npm start` and
 * `npm run flows:check` the way npm does, with tsx, to prove that way works.
 *
 * The folder is inside the project so that what a program finds from its own place (the
 * project root, `node_modules`, `package.json`'s module type) is the project's, and is removed
 * when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const parent = join(ROOT, 'test-output');
  mkdirSync(parent, { recursive: true });
  // The builds of runs stopped before their end (Ctrl-C), an hour old: not those of runs now.
  for (const name of readdirSync(parent)) {
    const dir = join(parent, name);
    if (name.startsWith('programs-') && statSync(dir).mtimeMs < Date.now() - HOUR_MS) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const out = mkdtempSync(join(parent, 'programs-'));
  const sources = ['src', 'scripts'].flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .map((file) => join(ROOT, dir, file)),
  );
  await build({
    entryPoints: sources,
    outdir: out,
    outbase: ROOT,
    format: 'esm',
    platform: 'node',
    // The oldest Node the project supports (package.json's engines).
    target: 'node20.19',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  // esbuild's service process is not needed any more (another call would start it again).
  await stop();
  for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name !== 'assets') continue;
    const dir = relative(ROOT, join(entry.parentPath, entry.name));
    cpSync(join(ROOT, dir), join(out, dir), { recursive: true });
  }
  cpSync(join(ROOT, 'openapi'), join(out, 'openapi'), { recursive: true });
  project.provide('programBuild', out);
  return () => rmSync(out, { recursive: true, force: true });
}
