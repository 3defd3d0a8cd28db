import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../support/program.js';
import { describeWithBrowser } from './chromium.js';

/** `npm run flows:diagram -- …` as a business editor runs it. */
function flowsDiagram(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return runProgram('scripts/flows-diagram.ts', args, { env: { ...process.env, ...env } });
}

describeWithBrowser('npm run flows:diagram -- --svg', () => {
  it('draws both parts of the flow into one SVG file, with Mermaid in Chromium', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'diagram-'));
    try {
      const out = join(dir, 'flow.svg');
      const run = await flowsDiagram(['flows/default.yaml', '--svg', '--out', out]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`Wrote the diagram of default to ${out}.`);
      const svg = await readFile(out, 'utf8');
      // A file of its own: well-formed XML, both diagrams under their titles.
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
      expect(svg).not.toMatch(/<br>/);
      expect(svg.match(/<svg[\s>]/g)?.length).toBe(svg.match(/<\/svg>/g)?.length);
      expect(svg).toContain('default: Service conversation');
      expect(svg).toContain('default: Consent');
      expect(svg.match(/aria-roledescription="stateDiagram"/g)).toHaveLength(2);
      expect(svg).toContain('Opted out');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('npm run flows:diagram -- --svg without Chromium', () => {
  it('says how to install it, in one line, and exits 1', async () => {
    const run = await flowsDiagram(['--svg'], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      "flows:diagram failed: drawing SVG needs Chromium (CHROMIUM_PATH=/nonexistent/chromium is not an executable file). Install Debian's Chromium with `apt-get update && apt-get install -y chromium` (as root), or set CHROMIUM_PATH to a Chromium executable.",
    );
  });

  it('prints both diagrams as Markdown by default, and one region as Mermaid', async () => {
    const markdown = await flowsDiagram([]);
    expect(markdown.stdout).toContain(
      '# default v3: Service conversation\n\n```mermaid\nstateDiagram-v2',
    );
    expect(markdown.stdout).toContain('# default v3: Consent\n\n```mermaid\nstateDiagram-v2');
    const consent = await flowsDiagram(['flows/default.yaml', '--region', 'consent']);
    expect(consent.stdout.startsWith('stateDiagram-v2\n  direction LR\n')).toBe(true);
  });
});
