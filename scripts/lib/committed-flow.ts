/**
 * A flow file compared with its git history, for `flows:check` to catch before the change is
 * committed and deployed what consent records could not follow: consent texts that differ from
 * those their version was committed with (the running server refuses such a reload, but a
 * restart could not tell), and categories changed under their ids (`live-categories.ts`).
 */
import { spawn } from 'node:child_process';
import { parse } from 'yaml';
import { basename, dirname } from 'node:path';
import { consentTextsChange, consentTextsHash } from '../../src/core/flow/consent-texts-hash.js';
import type { CategoryKinds, FlowDefinition } from '../../src/core/flow/definition.js';
import { parseFlowSource } from '../../src/core/flow/parse-flow.js';
import { placeIn, type LocateInFlow, type PlacedIssue } from '../../src/core/flow/flow-path.js';
import type { FlowIssue } from '../../src/errors.js';
import { kindChanges, liveCategoryChanges } from '../../src/flows/live-categories.js';
import { atVersionLine, unversionedIssue } from '../../src/flows/unversioned-change.js';

/** One committed state of the file, newest first. */
interface CommittedFile {
  readonly commit: string;
  /** The commit's date, YYYY-MM-DD. */
  readonly date: string;
  readonly source: string;
  /** The `version:` the file had then; undefined when it cannot be read without parsing. */
  readonly version: number | undefined;
}

/** What the history says of an edited flow. */
export interface CommittedComparison {
  /** False outside git or for a file never committed: nothing could be compared. */
  readonly committed: boolean;
  readonly issues: readonly FlowIssue[];
  readonly warnings: readonly FlowIssue[];
}

/**
 * Compares a flow with every committed state of its file: an issue when its consent texts
 * differ from those its version was last committed with (the last commit itself, or an older
 * one when the version was lowered), placed at its `version:` line; and what changed in its
 * categories since the last commit.
 * @example const { issues, warnings } = await compareWithCommits('flows/default.yaml', flow, locate);
 */
export async function compareWithCommits(
  file: string,
  flow: FlowDefinition,
  locate?: LocateInFlow,
): Promise<CommittedComparison> {
  const history = await committedHistory(file);
  const last = history[0];
  if (!last) return { committed: false, issues: [], warnings: [] };
  const parsed = new Map<CommittedFile, FlowDefinition | undefined>();
  const flowOf = (state: CommittedFile): FlowDefinition | undefined => {
    if (!parsed.has(state)) parsed.set(state, parseFlowSource(state.source, file).flow);
    return parsed.get(state);
  };
  const issues: FlowIssue[] = [];
  const changed = versionIssue(flow, history, flowOf);
  if (changed) issues.push(await atVersionLine({ ...changed, file, path: 'version' }));
  const lastFlow = flowOf(last);
  const sinceLast =
    lastFlow && lastFlow.id === flow.id
      ? liveCategoryChanges(lastFlow, flow, 'the last commit')
      : [];
  const said = new Set(sinceLast.map((change) => change.path));
  const earlier = earlierKindChanges(flow, history.slice(1)).filter((c) => !said.has(c.path));
  const changes = placeIn([...sinceLast, ...earlier], file, locate);
  return {
    committed: true,
    issues: [...issues, ...changes.filter((change) => change.severity !== 'warning')],
    warnings: changes.filter((change) => change.severity === 'warning'),
  };
}

/**
 * The categories whose kind differs from the one their id had in an earlier commit (a category
 * removed, then added back with another kind), newest first, each once; the last commit's are
 * `liveCategoryChanges`'.
 */
function earlierKindChanges(
  flow: FlowDefinition,
  earlier: readonly CommittedFile[],
): PlacedIssue[] {
  const found = new Map<string, PlacedIssue>();
  for (const state of earlier) {
    const kinds = kindsOf(state.source);
    if (!kinds) continue;
    const when = `version ${state.version ?? '?'} as committed (${state.commit.slice(0, 7)}, ${state.date})`;
    for (const change of kindChanges(kinds, flow, when)) {
      if (!found.has(change.path)) found.set(change.path, change);
    }
  }
  return [...found.values()];
}

/** The kinds of the categories of a committed flow source, read as YAML alone. */
function kindsOf(source: string): CategoryKinds | undefined {
  try {
    const categories: unknown = (parse(source) as { categories?: unknown } | null)?.categories;
    if (!Array.isArray(categories)) return undefined;
    return Object.fromEntries(
      categories.flatMap((c: { id?: unknown; whatsappCategory?: unknown }) =>
        typeof c?.id === 'string' && typeof c.whatsappCategory === 'string'
          ? [[c.id, c.whatsappCategory]]
          : [],
      ),
    ) as CategoryKinds;
  } catch {
    return undefined;
  }
}

/**
 * The message and hint when the flow's version cannot go with its consent texts: texts that
 * differ from those the version was committed with, or a version lower than the last commit's
 * that is not an exact return to a committed one (its texts may have differed).
 */
function versionIssue(
  flow: FlowDefinition,
  history: readonly CommittedFile[],
  flowOf: (state: CommittedFile) => FlowDefinition | undefined,
): Pick<FlowIssue, 'message' | 'hint'> | undefined {
  const [last] = history;
  const sameVersion = history.find((state) => state.version === flow.version);
  const then = sameVersion && flowOf(sameVersion);
  const same = then?.id === flow.id && consentTextsHash(then) === consentTextsHash(flow);
  const highest = Math.max(flow.version, ...history.map((state) => state.version ?? 0));
  if (sameVersion === last) {
    if (!then || same) return undefined;
    return unversionedIssue(flow, '', ' since the last commit', consentTextsChange(then, flow));
  }
  if (same || last?.version === undefined || flow.version > last.version) return undefined;
  const where = sameVersion && `${sameVersion.commit.slice(0, 7)}, ${sameVersion.date}`;
  const why = !sameVersion
    ? 'a version goes back only to one committed before, with its texts'
    : then
      ? `its consent texts differ from those version ${flow.version} was committed with (${where})`
      : `version ${flow.version} was committed (${where}) in a form this check cannot read, so its texts cannot be compared`;
  return {
    message: `version ${flow.version} is lower than the last commit's ${last.version}, and ${why}`,
    hint: `raise version to ${highest + 1}: each consent record keeps the version it was given under, so two texts must never share one version`,
  };
}

/**
 * Every committed state of the file, newest first (`git log`, then one `git cat-file --batch`
 * for all of them); empty outside git or for a file never committed.
 */
async function committedHistory(file: string): Promise<CommittedFile[]> {
  const cwd = dirname(file);
  const name = basename(file);
  let commits: { commit: string; date: string }[];
  let sources: (string | undefined)[];
  try {
    const log = await git(['log', '--format=%H %cs', '--', name], cwd);
    commits = log
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [commit = '', date = ''] = line.split(' ');
        return { commit, date };
      });
    if (commits.length === 0) return [];
    const prefix = (await git(['rev-parse', '--show-prefix'], cwd)).toString('utf8').trim();
    const input = commits.map(({ commit }) => `${commit}:${prefix}${name}\n`).join('');
    sources = readBatch(await git(['cat-file', '--batch'], cwd, input));
  } catch {
    return [];
  }
  return commits.flatMap((state, i) => {
    const source = sources[i];
    // A commit that deleted the file has no source: skipped.
    return source === undefined ? [] : [{ ...state, source, version: versionOf(source) }];
  });
}

/** The objects of `git cat-file --batch` output, in order; undefined for a missing one. */
function readBatch(out: Buffer): (string | undefined)[] {
  const objects: (string | undefined)[] = [];
  let at = 0;
  while (at < out.length) {
    const end = out.indexOf(0x0a, at);
    if (end === -1) break;
    const header = out.toString('utf8', at, end);
    at = end + 1;
    const size = /^\S+ blob (\d+)$/u.exec(header)?.[1];
    if (size === undefined) {
      objects.push(undefined);
      continue;
    }
    objects.push(out.toString('utf8', at, at + Number(size)));
    at += Number(size) + 1;
  }
  return objects;
}

/** The `version:` of a flow source, read from its line. */
function versionOf(source: string): number | undefined {
  const match = /^version\s*:\s*['"]?(\d+)/mu.exec(source);
  return match ? Number(match[1]) : undefined;
}

/** Runs git in `cwd` with `input` on its standard input; rejects when it fails. */
function git(args: readonly string[], cwd: string, input = ''): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(chunks))
        : reject(new Error(`git ${args[0]} exited ${code}`)),
    );
    // git may exit before reading its input (or need none): its exit code says how it went.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
