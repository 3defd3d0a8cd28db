import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/**
 * The test files that take longest, started first so the two workers finish together: vitest
 * orders by the durations of the previous run when it has them (not in a fresh clone, as in
 * CI), and otherwise by file size, which would start the small files of the model walks last.
 */
const SLOW_FIRST = [
  'test/flows/flow-model.test.ts',
  'test/flows/flow-model-no-stop.test.ts',
  // Mostly waiting (a stand-in mongod that takes 11 s to start): alongside the walks, in the
  // worker beyond the cores (vitest.config.ts).
  'test/store/mongo/embedded-mongo-stand-in.test.ts',
];

export default class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOW_FIRST.findIndex((slow) => file.moduleId.endsWith(slow));
      return index === -1 ? SLOW_FIRST.length : index;
    };
    // Array.prototype.sort is stable: every other file keeps vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
