import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder, where `package.json` is. A relative path in the configuration is taken
 * from here, not from the working directory: a server started from another folder must find
 * the same data, never open an empty database and forget every opt-out.
 */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `path` as an absolute path: unchanged when it is absolute, otherwise taken from `root`.
 * @example resolveFromProjectRoot('.data') // '/srv/optin-bot/.data'
 */
export function resolveFromProjectRoot(path: string, root: string = PROJECT_ROOT): string {
  return resolve(root, path);
}
