import type { TestProject } from 'vitest/node';
import { findChromium, INSTALL_CHROMIUM } from './find-chromium.js';
import type { ChromiumForTests } from './find-chromium.js';
import { suitesUsing } from './suites-using.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium of this run, or why there is none (see find-chromium.ts). */
    chromium: ChromiumForTests;
  }
}

/**
 * Looks for Chromium once for the whole run (vitest `globalSetup`), so every browser suite
 * agrees, and says at the end which browser suites were skipped, why, and how to run them.
 */
export default function setup(project: TestProject): () => void {
  const chromium = findChromium();
  project.provide('chromium', chromium);
  return () => {
    if (chromium.available || process.env.REQUIRE_BROWSER === '1') return;
    const suites = suitesUsing(/\bdescribeWithBrowser\(/);
    process.stderr.write(
      `\nBrowser tests skipped (${suites.join(', ')}): ${chromium.reason}.\n` +
        `Install Debian's Chromium with \`${INSTALL_CHROMIUM}\` (as root), or set CHROMIUM_PATH; ` +
        'REQUIRE_BROWSER=1 makes a missing browser a failure.\n',
    );
  };
}
