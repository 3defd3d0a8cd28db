import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowFilesFirst from './test/support/slow-files-first.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One worker per core, and one more for the files that mostly wait (a stand-in mongod that
    // takes 11 s to start, spawned CLIs, Chromium): vitest's default (cores - 1) is a single
    // worker on a 2-core machine.
    maxWorkers: availableParallelism() + 1,
    // Each worker process runs its files one after another and imports the app's modules once,
    // instead of a fresh process (and a fresh import of everything) per file. A test file must
    // therefore leave the process as it found it: no replacing `process.env` (set and restore
    // single variables), no module mocks, servers and timers stopped in `afterAll`.
    isolate: false,
    // A larger young generation: the model walks (test/support/flow-model.ts) allocate hundreds
    // of thousands of short-lived snapshots, and a small one spends a fifth of their time in GC
    // (256 MB: a walk takes ~2 s of CPU less than with 64).
    execArgv: ['--max-semi-space-size=256'],
    sequence: { sequencer: SlowFilesFirst },
    // One real mongod and one Chromium for the run, or the reason there is none; each says at
    // the end which suites it skipped (test/support/mongo-server.ts, find-chromium.ts). One
    // build of the programs for the tests that start them in processes of their own.
    globalSetup: [
      'test/support/mongo-global-setup.ts',
      'test/support/browser-global-setup.ts',
      'test/support/build-global-setup.ts',
    ],
  },
});
