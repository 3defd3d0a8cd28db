import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, resolveFromProjectRoot } from '../src/project-root.js';

describe('project root', () => {
  it('is the folder of package.json, for the sources as for a build in dist/src', () => {
    const root = mkdtempSync(join(tmpdir(), 'optin-root-'));
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'dist', 'src'), { recursive: true });
    mkdirSync(join(root, 'src'));
    expect(projectRoot(join(root, 'src'))).toBe(root);
    expect(projectRoot(join(root, 'dist', 'src'))).toBe(root);
  });

  it('is this repository for the running sources', () => {
    expect(projectRoot()).toBe(process.cwd());
  });

  it('resolves a relative path from the root and leaves an absolute one alone', () => {
    expect(resolveFromProjectRoot('.data', '/srv/bot')).toBe('/srv/bot/.data');
    expect(resolveFromProjectRoot('/var/lib/optin', '/srv/bot')).toBe('/var/lib/optin');
  });
});
