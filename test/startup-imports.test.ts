import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/project-root.js';

/**
 * Start-up stays fast because the server loads only what the webhook path needs (issue 13):
 * the MongoDB driver and mongodb-memory-server load with a MongoDB store, botbuilder's
 * CloudAdapter (and the Azure libraries behind it) with the first Bot Framework request. These
 * tests follow the static imports from `src/main.ts` (type-only imports and `import()`; re-exports count do not
 * load anything at start-up) and fail when one of those packages is reached.
 */
const ROOT = projectRoot();
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gmu;

/** Every module `entry` (under the project root) loads at start-up, and the packages they import. */
function staticGraph(entry: string): { modules: Set<string>; packages: Map<string, string> } {
  const modules = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(STATIC_IMPORT)) {
      if (specifier!.startsWith('.')) {
        visit(join(dirname(file), specifier!).replace(/\.js$/u, '.ts'));
      } else if (!specifier!.startsWith('node:')) {
        packages.set(specifier!, relative(ROOT, file));
      }
    }
  };
  visit(join(ROOT, entry));
  return { modules, packages };
}

describe('what the server loads at start-up', () => {
  const { modules, packages } = staticGraph('src/main.ts');

  it('follows the imports of the whole server', () => {
    // A sanity check that the walk is real: the webhook path and its libraries are reached.
    expect(modules.size).toBeGreaterThan(100);
    expect([...packages.keys()]).toEqual(
      expect.arrayContaining(['restify', 'xstate', 'zod', 'libphonenumber-js/max']),
    );
  });

  it('leaves the MongoDB driver and mongodb-memory-server to a MongoDB store', () => {
    const mongo = [...packages].filter(([name]) => name.startsWith('mongodb'));
    expect(mongo, 'statically imported (import them with import() in the MongoDB path)').toEqual(
      [],
    );
  });

  it("leaves botbuilder's CloudAdapter to the first Bot Framework request", () => {
    const code = (file: string) =>
      readFileSync(file, 'utf8')
        .replace(/^import\s+type[^;]*;/gmu, '')
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gmu, '');
    const cloud = [...modules].filter((file) => /\bCloudAdapter\b/u.test(code(file)));
    expect(cloud.map((file) => relative(ROOT, file))).toEqual([]);
  });
});
