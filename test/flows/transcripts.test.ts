import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSimulationCatalog } from '../../src/simulation/load-simulation.js';
import {
  formatTranscriptResult,
  loadTranscriptFile,
  runTranscript,
} from '../../src/simulation/run-transcript.js';

const DIR = fileURLToPath(new URL('../conversations/', import.meta.url));
const FLOWS = fileURLToPath(new URL('../../flows/', import.meta.url));
const files = readdirSync(DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

describe('conversation transcripts (test/conversations)', () => {
  it('ships at least 12 transcripts', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s', async (name) => {
    const { catalog } = await loadSimulationCatalog(FLOWS);
    const { transcript, problems } = await loadTranscriptFile(`${DIR}${name}`);
    expect(problems).toEqual([]);
    const result = await runTranscript(transcript!, { flows: catalog });
    // The message is the readable difference, so a failure explains itself.
    expect(result.passed, formatTranscriptResult(result)).toBe(true);
  });
});
