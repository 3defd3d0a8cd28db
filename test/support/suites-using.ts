import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The test files under `test/` whose source contains `marker` (e.g. `describeWithMongo(`), for
 * the end-of-run line that names the suites a missing server or browser skipped.
 */
export function suitesUsing(marker: string, root = 'test'): string[] {
  const entries = readdirSync(root, { recursive: true, encoding: 'utf8' });
  return entries
    .filter((entry) => entry.endsWith('.test.ts'))
    .filter((entry) => readFileSync(join(root, entry), 'utf8').includes(marker))
    .map((entry) => relative('.', join(root, entry)))
    .sort();
}
