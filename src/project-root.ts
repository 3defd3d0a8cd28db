import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder, where `package.json` is: the nearest folder above this module that holds
 * one, so it is the same whether the server runs from `src/` (tsx) or from the build in `dist/`.
 * A relative path in the configuration is taken from here, not from the working directory: a
 * server started from another folder must find the same data, never open an empty database and
 * forget every opt-out.
 */
export function projectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/**
 * `path` as an absolute path: unchanged when it is absolute, otherwise taken from `root`.
 * @example resolveFromProjectRoot('.data') // '/srv/optin-bot/.data'
 */
export function resolveFromProjectRoot(path: string, root: string = projectRoot()): string {
  return resolve(root, path);
}
