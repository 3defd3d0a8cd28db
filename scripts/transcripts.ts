/**
 * `npm run transcripts [files…]`: plays conversation transcripts (default: every
 * test/conversations/*.yaml) against the real bot and prints ✓ or ✗ for each, with the
 * difference for every failing step. Exits with 1 when any transcript fails or cannot be read.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnvFile } from '../src/config.js';
import { loadSimulationCatalog } from '../src/simulation/load-simulation.js';
import {
  formatTranscriptResult,
  loadTranscriptFile,
  runTranscript,
} from '../src/simulation/run-transcript.js';

const USAGE = 'Usage: npm run transcripts -- [test/conversations/name.yaml …] [--flows flows]';
const DEFAULT_DIR = 'test/conversations';

try {
  loadEnvFile();
  const { values, positionals } = parseArgs({
    options: {
      flows: { type: 'string', default: process.env.FLOWS_DIR || 'flows' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
  } else {
    const files = positionals.length > 0 ? positionals : await transcriptFiles(DEFAULT_DIR);
    if (files.length === 0) {
      console.error(`No transcripts (*.yaml) found in ${DEFAULT_DIR}.`);
      process.exitCode = 1;
    } else {
      const { catalog, problems } = await loadSimulationCatalog(values.flows);
      for (const problem of problems) console.error(problem);
      let passed = 0;
      let failed = 0;
      for (const file of files) {
        const { transcript, problems: fileProblems } = await loadTranscriptFile(file);
        if (!transcript) {
          failed += 1;
          console.log(`✗ ${file} cannot be run:`);
          for (const problem of fileProblems) console.log(`  ${problem}`);
          continue;
        }
        const result = await runTranscript(transcript, { flows: catalog });
        if (result.passed) passed += 1;
        else failed += 1;
        console.log(formatTranscriptResult(result));
      }
      console.log(
        `\n${passed} passed, ${failed} failed (${files.length} transcript${files.length === 1 ? '' : 's'}).`,
      );
      if (failed > 0) process.exitCode = 1;
    }
  }
} catch (error) {
  console.error(`transcripts failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exitCode = 1;
}

async function transcriptFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => []);
  return names
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()
    .map((n) => join(dir, n));
}
