/**
 * Review of the surfaces non-programmers use: configuration, `npm run flows:check`, transcripts
 * and the terminal simulator. Each defect is an `it.fails` (the suite stays green); when it is
 * fixed the test passes, vitest reports it, and it should become a plain `it` where it belongs.
 *
 * 6. The terminal simulator's `/save name` silently overwrites an existing transcript:
 *    `/save stop-english` replaces the shipped regression test test/conversations/stop-english.yaml
 *    with whatever was just typed. Cause: scripts/simulate.ts:183-187 `writeFile(file, yaml)`
 *    without checking. Fix: write with `{ flag: 'wx' }` and on EEXIST answer
 *    "test/conversations/stop-english.yaml already exists; choose another name (or delete it
 *    first)".
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs a command; resolves with its exit code and output, or kills it when `stopWhen` is seen. */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; stopWhen?: RegExp },
): Promise<{ code: number | null; stdout: string; stderr: string; stopped: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (options.stopWhen?.test(stdout) && !stopped) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, stopped });
    });
    child.stdin.end(options.input ?? '');
  });
}

describe('review: npm run simulate', () => {
  it.fails('/save does not overwrite an existing transcript without asking', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'review-sim-'));
    try {
      const conversations = join(dir, 'test', 'conversations');
      await mkdir(conversations, { recursive: true });
      const existing = join(conversations, 'stop-english.yaml');
      const precious = 'name: a regression test someone wrote by hand\nsteps: []\n';
      await writeFile(existing, precious, 'utf8');
      const result = await run(
        TSX,
        [join(ROOT, 'scripts', 'simulate.ts'), '--flows', join(ROOT, 'flows')],
        {
          cwd: dir,
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
          input: 'hello\n/save stop-english\n',
        },
      );
      expect(result.code).toBe(0);
      expect(existsSync(existing)).toBe(true);
      expect(await readFile(existing, 'utf8')).toBe(precious);
      expect(result.stdout).toMatch(/already exists/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
