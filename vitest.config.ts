import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One real mongod and one Chromium for the run, or the reason there is none; each says at
    // the end which suites it skipped (test/support/mongo-server.ts, find-chromium.ts).
    globalSetup: ['test/support/mongo-global-setup.ts', 'test/support/browser-global-setup.ts'],
  },
});
