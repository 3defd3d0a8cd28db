import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The test files under `test/` whose source matches `marker` (e.g. `/describeWithMongo\(/`), for
 * the end-of-run line that names the suites a missing server or browser skipped.
 */
export function suitesUsing(marker: RegExp, root = 'test'): string[] {
  const entries = readdirSync(root, { recursive: true, encoding: 'utf8' });
  return entries
    .filter((entry) => entry.endsWith('.test.ts'))
    .filter((entry) => marker.test(readFileSync(join(root, entry), 'utf8')))
    .map((entry) => relative('.', join(root, entry)))
    .sort();
}
