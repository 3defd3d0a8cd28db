import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One real mongod for the run, or the reason there is none (test/support/mongo-server.ts).
    globalSetup: ['test/support/mongo-global-setup.ts'],
  },
});
