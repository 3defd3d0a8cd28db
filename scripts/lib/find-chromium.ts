import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the browser tests and the diagram export find Chromium, or why they cannot. */
export type ChromiumForTests =
  | { readonly available: true; readonly path: string }
  | { readonly available: false; readonly reason: string };

/** Debian's Chromium, where `apt-get install chromium` puts it. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The one command that installs it (as root; `.ci/install-chromium.sh` runs the same). */
export const INSTALL_CHROMIUM = 'apt-get update && apt-get install -y chromium';

/** Names Chromium goes by on PATH. */
const NAMES = ['chromium', 'chromium-browser'];

/**
 * Finds a Chromium for playwright-core: `CHROMIUM_PATH` when set (and only there, so a tester
 * can point the tests at a build of their own, or away from every browser), else Debian's
 * `/usr/bin/chromium`, else `chromium` or `chromium-browser` on PATH. Never downloads one.
 * `SKIP_BROWSER_TESTS=1` makes it report none, with that reason.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumForTests {
  if (env.SKIP_BROWSER_TESTS === '1') return { available: false, reason: 'SKIP_BROWSER_TESTS=1' };
  const given = env.CHROMIUM_PATH;
  if (given) {
    return isExecutable(given)
      ? { available: true, path: given }
      : { available: false, reason: `CHROMIUM_PATH=${given} is not an executable file` };
  }
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .flatMap((dir) => NAMES.map((name) => join(dir, name)));
  const found = [DEBIAN_CHROMIUM, ...onPath].find(isExecutable);
  return found
    ? { available: true, path: found }
    : { available: false, reason: `no Chromium at ${DEBIAN_CHROMIUM} or on PATH` };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
