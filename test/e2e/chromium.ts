import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describe, inject, it } from 'vitest';
import { INSTALL_CHROMIUM } from '../support/find-chromium.js';

/**
 * Declares a suite that drives Chromium: it runs with the Chromium the global setup found
 * (`test/support/browser-global-setup.ts`: `CHROMIUM_PATH`, `/usr/bin/chromium`, or PATH), is
 * skipped with the reason in its name when there is none, or fails under `REQUIRE_BROWSER=1`
 * (CI, which installs it). The body gets a launcher for that browser.
 * @example describeWithBrowser('simulator page in Chromium', (launch) => { … });
 */
export function describeWithBrowser(
  title: string,
  body: (launch: () => Promise<Browser>) => void,
): void {
  const found = inject('chromium');
  if (!found.available && process.env.REQUIRE_BROWSER === '1') {
    describe(title, () => {
      it('needs Chromium (REQUIRE_BROWSER=1)', () => {
        throw new Error(
          `Chromium is required (REQUIRE_BROWSER=1) but ${found.reason}. Install Debian's Chromium with \`${INSTALL_CHROMIUM}\` (as root), or set CHROMIUM_PATH to a Chromium executable.`,
        );
      });
    });
    return;
  }
  describe.skipIf(!found.available)(
    found.available
      ? title
      : `${title} (skipped: ${found.reason}; install it with \`${INSTALL_CHROMIUM}\`)`,
    () => body(() => launchChromium(found.available ? found.path : '')),
  );
}

/** Launches headless Chromium offline-friendly: no background networking, updates, sync or QUIC. */
function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
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

/** Waits (Playwright's auto-waiting) until `locator` shows `text`; resolves to that element. */
export async function shows(locator: Locator, text: string | RegExp): Promise<Locator> {
  const match = locator.filter({ hasText: text }).first();
  await match.waitFor();
  return match;
}

/**
 * A new page of `context` whose script errors and console errors (but those `expected` allows)
 * are collected in `problems`, for the test to require none; actions wait up to 15 s.
 */
export async function watchedPage(
  context: BrowserContext,
  problems: string[],
  expected: (consoleError: string) => boolean = () => false,
): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  return page;
}
