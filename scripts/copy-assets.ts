/**
 * The second half of `npm run build`: copies the files the server reads at run time beside its
 * modules (every `assets/` folder under `src/`: the simulator's page, script and stylesheet) into
 * `dist/`, where tsc does not put them.
 */
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const copied = readdirSync('src', { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name === 'assets')
  .map((entry) => join(entry.parentPath, entry.name));
for (const dir of copied) cpSync(dir, join('dist', dir), { recursive: true });
console.log(`build: copied ${copied.join(', ') || 'no assets'} into dist/`);
