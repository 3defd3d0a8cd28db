import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowsCheck, flowsCheckProcess } from '../support/flows-check.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flows-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run flows:check', () => {
  // As a process: the script's wiring (its exit code, .env); the rest runs the check in-process.
  it('says ok for the shipped flows and exits 0', async () => {
    const run = await flowsCheckProcess([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `flows${'/'}default.yaml  ok  default v3: 3 categories, 3 languages, 5 service states`,
    );
  });

  it('prints file:line:col, the problem and the fix, and exits 1', async () => {
    const source = await readFile(join(ROOT, 'flows/default.yaml'), 'utf8');
    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      source.replace('whatsappCategory: UTILITY', 'whatsappCategory: UTILITIES'),
    );
    const line = source.split('\n').indexOf('    whatsappCategory: UTILITY') + 1;
    const run = await flowsCheck([bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${bad}:${line}:5  categories[0].whatsappCategory: "UTILITIES" is not one of the allowed values  (use one of: MARKETING, UTILITY, AUTHENTICATION)`,
    );
    expect(run.stderr).toContain('1 problem in 1 file; 0 flows ok.');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says when a flow is not in git, so its consent texts could not be compared with a committed version', async () => {
    // A business team trying an edit on a copy of the folder (FLOWS_DIR), outside the checkout.
    const copy = join(dir, 'copy');
    await mkdir(copy, { recursive: true });
    await writeFile(
      join(copy, 'default.yaml'),
      await readFile(join(ROOT, 'flows/default.yaml'), 'utf8'),
    );
    const run = await flowsCheck([], { FLOWS_DIR: copy });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `${join(copy, 'default.yaml')}  not in git: its consent texts could not be compared with a committed version; the server compares them with those version 3 went into service with, and refuses the flow if they changed (raise version when you change them)`,
    );
    // The shipped flows are in git: nothing to say.
    expect((await flowsCheck([])).stdout).not.toContain('not in git');
  });

  it('refuses consent texts changed since the last commit at the same version, as a reload would', async () => {
    // A business team's edit before it is committed: the question reworded, version untouched.
    const repo = join(dir, 'repo');
    await mkdir(repo, { recursive: true });
    const flow = join(repo, 'default.yaml');
    const source = await readFile(join(ROOT, 'flows/default.yaml'), 'utf8');
    await writeFile(flow, source);
    const git = (...args: string[]) =>
      promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
      });
    await git('init', '-q');
    await git('add', 'default.yaml');
    await git('commit', '-q', '-m', 'the flow as deployed');
    const reworded = source.replace('You choose which ones', 'You pick which ones');
    expect(reworded).not.toBe(source);
    await writeFile(flow, reworded);

    const run = await flowsCheck([flow]);
    const line = source.split('\n').indexOf('version: 3') + 1;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${flow}:${line}:1  version: the consent texts of "default" changed since the last commit (first at texts.en.question) but version is still 3  (raise version to 4:`,
    );
    expect(run.stdout).not.toContain('ok  default');

    // With the version raised it passes; a service text changed alone never needs it.
    await writeFile(flow, reworded.replace('version: 3', 'version: 4'));
    expect((await flowsCheck([flow])).code).toBe(0);
    await writeFile(flow, source.replace('Track an order', 'Follow an order'));
    expect((await flowsCheck([flow])).code).toBe(0);
  });

  it('says which checks wait while a section has a wrong type', async () => {
    const source = await readFile(join(ROOT, 'flows/default.yaml'), 'utf8');
    const edited = join(dir, 'edited.yaml');
    await writeFile(
      edited,
      source
        .replace('yes: Yes, all of them', 'yes: 5')
        .replace('actions: [handOverToAgent]', 'actions: [handOverToAgnt]'),
    );
    const run = await flowsCheck([edited]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('service.states.agent.actions[0]: "handOverToAgnt" is not');
    expect(run.stderr).toContain(
      `${edited}  more checks follow once the problems above are fixed: languages; the opt-in question, the re-ask and the help text; WhatsApp's limits`,
    );
    expect(run.stderr).toContain(
      '2 problems in 1 file; 0 flows ok. Fix the lines above and run npm run flows:check again: more checks follow.',
    );
  });

  it('reads FLOWS_DIR from a .env file in the working directory', async () => {
    const project = await mkdtemp(join(tmpdir(), 'flows-check-env-'));
    try {
      await mkdir(join(project, 'edited'));
      await writeFile(join(project, 'edited', 'broken.yaml'), 'id: [broken\n');
      await writeFile(join(project, '.env'), 'FLOWS_DIR=edited\n');
      const run = await flowsCheckProcess([], {}, project);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${join('edited', 'broken.yaml')}:2:1  YAML syntax:`);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it('reads FLOWS_DIR when no file is given', async () => {
    await writeFile(join(dir, 'broken.yaml'), 'id: [broken\n');
    const run = await flowsCheck([], { FLOWS_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(dir, 'broken.yaml')}:2:1  YAML syntax:`);
  });
});
