import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram } from '../support/program.js';

const dirs: string[] = [];

/** `npm run transcripts -- …`, in the project's folder. */
function transcripts(args: string[] = []) {
  return runProgram('scripts/transcripts.ts', args);
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('npm run transcripts', () => {
  it('passes the shipped transcripts with exit code 0', async () => {
    const { code, stdout } = await transcripts();
    expect(code).toBe(0);
    expect(stdout).toContain('✓ First contact gets an answer and the opt-in question');
    expect(stdout).toMatch(/\d+ passed, 0 failed/);
  });

  it('exits with 1 and prints the difference for a failing transcript', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'transcripts-'));
    dirs.push(dir);
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'name: Expects the wrong goodbye\nsteps:\n  - customer: STOP\n  - bot: Bye!\n',
    );
    const { code, stdout } = await transcripts([file]);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ Expects the wrong goodbye');
    expect(stdout).toContain(`step 2 (${file}:4) bot: "Bye!"`);
    expect(stdout).toContain('  expected: "Bye!"');
    expect(stdout).toContain('       got: "Done: you won\'t get any more WhatsApp messages');
    expect(stdout).toContain('0 passed, 1 failed');
  });
});
