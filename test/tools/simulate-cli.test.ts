import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runProgram } from '../support/program.js';

/** Runs the terminal simulator with `input` piped in, as a tester would with printf. */
function simulate(input: string, args: string[] = [], cwd = ROOT) {
  return runProgram('scripts/simulate.ts', args, {
    cwd,
    input,
    env: { ...process.env, MONGODB_URI: '' },
  });
}

describe('npm run simulate (piped)', () => {
  it('shows the question, taps a numbered button and shows the consent after yes', async () => {
    const { code, stdout, stderr } = await simulate('hello\n4\n/consent\n');
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toContain('you> hello');
    expect(stdout).toContain(
      'bot> Hi! Would you like to get WhatsApp messages from Brightwood Home?',
    );
    expect(stdout).toContain('     4) Yes, all of them');
    expect(stdout).toContain('(tapped "Yes, all of them")');
    expect(stdout).toContain('bot> Thank you! You will get order updates');
    expect(stdout).toContain('consent: opted_in (orders: yes, account: yes, offers: yes)');
  });

  it('explains mistakes in one line, without a stack trace', async () => {
    const bad = await simulate('/clock soon\n/as 12\n/nope\n');
    expect(bad.code).toBe(0);
    expect(bad.stdout).toContain('"soon" is not a clock step');
    expect(bad.stdout).toContain('"12" is not a valid phone number');
    expect(bad.stdout).toContain('unknown command /nope');

    const mongo = await simulate('', ['--store', 'mongo']);
    expect(mongo.code).toBe(1);
    expect(mongo.stderr).toContain('MONGODB_URI is not set');
    expect(mongo.stderr).not.toMatch(/\n\s+at /);
  });

  it('/save writes a new transcript and never replaces one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simulate-save-'));
    try {
      const conversations = join(dir, 'test', 'conversations');
      await mkdir(conversations, { recursive: true });
      const existing = join(conversations, 'stop-english.yaml');
      const written = 'name: a regression test someone wrote by hand\nsteps: []\n';
      await writeFile(existing, written, 'utf8');
      const { code, stdout } = await simulate(
        'hello\n/save stop-english\n/save hello-again\n',
        ['--flows', join(ROOT, 'flows')],
        dir,
      );
      expect(code).toBe(0);
      expect(await readFile(existing, 'utf8')).toBe(written);
      expect(stdout).toContain(
        `${join('test', 'conversations', 'stop-english.yaml')} already exists; choose another name (or delete it first)`,
      );
      expect(stdout).toContain(`saved ${join('test', 'conversations', 'hello-again.yaml')}`);
      expect(await readFile(join(conversations, 'hello-again.yaml'), 'utf8')).toContain(
        'customer: hello',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
