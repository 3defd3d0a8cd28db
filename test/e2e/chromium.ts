import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** Debian's Chromium: the browser tests drive it with playwright-core (no browser download). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** `SKIP_BROWSER_TESTS=1` skips the browser tests, with the reason in the suite name. */
export const SKIP_BROWSER_TESTS = process.env.SKIP_BROWSER_TESTS === '1';

/**
 * Launches headless Chromium offline-friendly: no background networking, updates, sync or QUIC.
 * Fails with the way to get the browser when it is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Run .ci/install-chromium.sh as root ` +
        "(it installs Debian's chromium package with apt-get), or set SKIP_BROWSER_TESTS=1 to " +
        'skip the browser tests.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
