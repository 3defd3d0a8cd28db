/**
 * A flow file as the last commit has it, for `flows:check` to catch consent texts changed
 * without a new `version` before the change is committed and deployed (the running server
 * refuses such a reload, but a restart could not tell).
 */
import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import { parseFlowSource } from '../../src/core/flow/parse-flow.js';
import type { FlowDefinition } from '../../src/core/flow/definition.js';
import type { FlowIssue } from '../../src/errors.js';
import { atVersionLine, unversionedChange } from '../../src/flows/unversioned-change.js';

const run = promisify(execFile);

/** The file's committed source (`git show HEAD:…`); undefined outside git or for a new file. */
async function committedSource(file: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['show', `HEAD:./${basename(file)}`], {
      cwd: dirname(file),
      maxBuffer: 16 * 2 ** 20,
    });
    return stdout;
  } catch {
    return undefined;
  }
}

/**
 * Compares a flow with the committed file: `issue` when its consent texts differ at the same
 * version, placed at its `version:` line; `committed: false` when git has no such file (outside
 * a checkout, or a new file), so nothing could be compared.
 */
export async function unversionedSinceCommit(
  file: string,
  flow: FlowDefinition,
): Promise<{ readonly committed: boolean; readonly issue?: FlowIssue }> {
  const source = await committedSource(file);
  const committed = source === undefined ? undefined : parseFlowSource(source, file).flow;
  const issue = committed && unversionedChange(committed, flow, file, ' since the last commit');
  if (!issue) return { committed: committed !== undefined };
  return { committed: true, issue: await atVersionLine(issue) };
}
