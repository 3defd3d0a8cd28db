/**
 * Reads flow files from disk and checks them together: each file on its own (schema and
 * compliance), then across files (one id per flow, one flow per phone-number id).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FlowDefinition } from '../core/flow/definition.js';
import { placeIn, type LocateInFlow, type PlacedIssue } from '../core/flow/flow-path.js';
import { parseFlowSource, type ParseFlowOptions } from '../core/flow/parse-flow.js';
import { sortFlowIssues, type FlowIssue } from '../errors.js';

/** A flow that passed every check, with the file it came from. */
export interface LoadedFlow {
  readonly definition: FlowDefinition;
  readonly file: string;
  /** Where a path of the flow is in its file, for problems found by comparing it later. */
  readonly locate?: LocateInFlow;
}

/** What the check knows beyond the files: see {@link ParseFlowOptions}. */
export type LoadFlowsOptions = ParseFlowOptions;

/**
 * The flows that passed, and every problem found; a file with any problem is left out. Problems
 * come in reading order: file by file, line by line.
 */
export interface LoadFlowsResult {
  readonly flows: LoadedFlow[];
  readonly issues: FlowIssue[];
  /** Worth fixing, but the flows are loaded (a flow no customer reaches, a text left out). */
  readonly warnings: FlowIssue[];
  /** Files whose schema problems kept some checks from running: more problems may follow. */
  readonly pending: readonly PendingChecks[];
}

/** The checks of a file that wait until its schema problems are fixed. */
export interface PendingChecks {
  readonly file: string;
  /** As flows/README.md names them: "WhatsApp's limits", "languages"… */
  readonly checks: readonly string[];
}

/**
 * Loads and checks the given flow files. Paths in issues are exactly as given.
 * @example
 * const { flows, issues } = await loadFlowFiles(['flows/default.yaml']);
 */
export async function loadFlowFiles(
  paths: readonly string[],
  options: LoadFlowsOptions = {},
): Promise<LoadFlowsResult> {
  const flows: LoadedFlow[] = [];
  const issues: FlowIssue[] = [];
  const warnings: FlowIssue[] = [];
  const pending: PendingChecks[] = [];
  const locators = new Map<string, LocateInFlow>();
  for (const file of paths) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (error) {
      issues.push({
        file,
        path: '',
        message: `cannot be read (${readErrorReason(error)})`,
        hint: 'check the file name and that the file exists',
      });
      continue;
    }
    const parsed = parseFlowSource(source, file, options);
    issues.push(...parsed.issues);
    warnings.push(...(parsed.warnings ?? []));
    if (parsed.locate) locators.set(file, parsed.locate);
    if (parsed.pending) pending.push({ file, checks: parsed.pending });
    if (parsed.flow) {
      flows.push({
        definition: parsed.flow,
        file,
        ...(parsed.locate && { locate: parsed.locate }),
      });
    }
  }
  const clashes = checkAcrossFlows(flows).flatMap(({ file, ...issue }) =>
    placeIn([issue], file, locators.get(file)),
  );
  const clashing = new Set(clashes.map((issue) => issue.file));
  return {
    flows: flows.filter((flow) => !clashing.has(flow.file)),
    issues: sortFlowIssues([...issues, ...clashes], paths),
    warnings: sortFlowIssues(warnings, paths),
    pending,
  };
}

/**
 * Loads every `*.yaml` and `*.yml` file of a folder, in name order.
 * @example
 * const { flows, issues } = await loadFlowsDir('flows');
 */
export async function loadFlowsDir(
  dir: string,
  options: LoadFlowsOptions = {},
): Promise<LoadFlowsResult> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    return {
      flows: [],
      pending: [],
      warnings: [],
      issues: [
        {
          file: dir,
          path: '',
          message: `cannot be read (${readErrorReason(error)})`,
          hint: 'check the flows folder name (FLOWS_DIR)',
        },
      ],
    };
  }
  const files = names
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
  return loadFlowFiles(files, options);
}

/** Two files with one flow id, or one phone-number id claimed by two flows: the later file is refused. */
function checkAcrossFlows(
  flows: readonly LoadedFlow[],
): (PlacedIssue & { readonly file: string })[] {
  const issues: (PlacedIssue & { readonly file: string })[] = [];
  const idOwner = new Map<string, string>();
  const numberOwner = new Map<string, LoadedFlow>();
  for (const flow of flows) {
    const { id, phoneNumberIds = [] } = flow.definition;
    const other = idOwner.get(id);
    if (other !== undefined) {
      issues.push({
        file: flow.file,
        where: ['id'],
        path: 'id',
        message: `flow id "${id}" is already used by ${other}`,
        hint: 'give every flow its own id',
      });
    } else idOwner.set(id, flow.file);
    phoneNumberIds.forEach((number, i) => {
      const owner = numberOwner.get(number);
      if (owner !== undefined && owner.definition.id !== id) {
        issues.push({
          file: flow.file,
          where: ['phoneNumberIds', i],
          path: `phoneNumberIds[${i}]`,
          message: `phone-number id "${number}" is already used by flow "${owner.definition.id}" (${owner.file})`,
          hint: 'a WhatsApp number can use only one flow; remove it from one of them',
        });
      } else numberOwner.set(number, flow);
    });
  }
  return issues;
}

function readErrorReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
