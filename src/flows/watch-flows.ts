/**
 * Hot reload of the flows folder: when a flow file changes (or on an explicit `reload()`,
 * e.g. on SIGHUP), every flow is loaded and checked again, and the catalog is swapped only
 * when ALL of them pass. A broken edit never reaches customers: the last good set keeps
 * running and each problem is logged as `file:line:col  path: what is wrong  (how to fix it)`.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { formatFlowIssue } from '../errors.js';
import type { FlowIssue } from '../errors.js';
import type { Logger } from '../logger.js';
import { prepareFlow } from '../service/flow-catalog.js';
import type { CompiledFlow, FlowCatalog } from '../service/flow-catalog.js';
import { placeIn } from '../core/flow/flow-path.js';
import { liveCategoryChanges } from './live-categories.js';
import { loadFlowsDir, type LoadedFlow } from './load-flow-files.js';
import { atVersionLine, unversionedChange } from './unversioned-change.js';

/** What one reload did. */
export type ReloadResult =
  | { readonly ok: true; readonly flows: readonly { id: string; version: number; file: string }[] }
  | { readonly ok: false; readonly issues: readonly FlowIssue[] };

export interface WatchFlowsOptions {
  readonly dir: string;
  readonly catalog: FlowCatalog;
  readonly logger: Logger;
  /** Called after every reload attempt, good or bad. */
  readonly onReload?: (result: ReloadResult) => void;
  /** Quiet time after the last change before reloading, in ms (default 300): editors write in bursts. */
  readonly debounceMs?: number;
  /** Set to false to only reload on `reload()` (default true). */
  readonly watch?: boolean;
  /**
   * Records the flows about to go into service and returns those whose consent texts differ
   * from what their version first served with (`recordFlowVersions`); such a reload is refused.
   */
  readonly recordVersions?: (flows: readonly CompiledFlow[]) => Promise<readonly FlowIssue[]>;
}

export interface FlowsWatcher {
  /** Loads and checks the folder now; swaps the catalog only when every flow passes. */
  reload(): Promise<ReloadResult>;
  /** Stops watching; a pending debounced reload is cancelled. */
  close(): void;
}

/**
 * Watches a flows folder and keeps `catalog` up to date.
 * @example
 * const watcher = watchFlows({ dir: 'flows', catalog, logger });
 * process.on('SIGHUP', () => void watcher.reload());
 */
export function watchFlows(options: WatchFlowsOptions): FlowsWatcher {
  const { dir, catalog, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ReloadResult> | undefined;
  let again = false;

  async function load(): Promise<ReloadResult> {
    const { flows, issues, warnings } = await loadFlowsDir(dir, {
      defaultFlowId: catalog.defaultFlow().definition.id,
    });
    for (const warning of warnings) logger.warn(`flow check: ${formatFlowIssue(warning)}`);
    const problems: FlowIssue[] = [...issues];
    if (problems.length === 0 && flows.length === 0) {
      problems.push({ file: dir, path: '', message: 'has no flow files (*.yaml)' });
    }
    const prepared =
      problems.length === 0 ? flows.map((f) => prepareFlow(f.definition, f.file)) : [];
    problems.push(...(await Promise.all(unversionedChanges(catalog, prepared).map(atVersionLine))));
    const categoryChanges = flows.flatMap((flow) => categoryChangesOf(catalog, flow));
    for (const change of categoryChanges) {
      if (change.severity === 'warning') logger.warn(`flow check: ${formatFlowIssue(change)}`);
      else problems.push(change);
    }
    if (problems.length === 0 && options.recordVersions) {
      problems.push(...(await recordedVersionChanges(options.recordVersions, prepared, dir)));
    }
    if (problems.length === 0) {
      try {
        catalog.replace(prepared);
      } catch (error) {
        problems.push({
          file: dir,
          path: '',
          message: error instanceof Error ? error.message : String(error),
          hint: 'keep the default flow in the folder',
        });
      }
    }
    if (problems.length > 0) {
      for (const issue of problems) logger.error(`flow reload refused: ${formatFlowIssue(issue)}`);
      logger.warn(
        { problems: problems.length },
        'flows not reloaded: the last good flows keep running until the problems are fixed',
      );
      return { ok: false, issues: problems };
    }
    const loaded = flows.map((f) => ({
      id: f.definition.id,
      version: f.definition.version,
      file: f.file,
    }));
    logger.info({ flows: loaded.map((f) => `${f.id} v${f.version}`) }, 'flows reloaded');
    return { ok: true, flows: loaded };
  }

  /** One reload at a time; a change during a reload triggers one more afterwards. */
  function reload(): Promise<ReloadResult> {
    if (running) {
      again = true;
      return running;
    }
    running = load()
      .then((result) => {
        options.onReload?.(result);
        return result;
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void reload();
        }
      });
    return running;
  }

  let watcher: FSWatcher | undefined;
  if (options.watch !== false) {
    try {
      watcher = watch(dir, (_event, name) => {
        if (name && !/\.ya?ml$/i.test(String(name))) return;
        clearTimeout(timer);
        timer = setTimeout(() => void reload(), options.debounceMs ?? 300);
      });
      watcher.on('error', (error) =>
        logger.warn({ err: error }, `stopped watching ${dir}; reload with SIGHUP instead`),
      );
    } catch (error) {
      logger.warn({ err: error }, `cannot watch ${dir} for changes; flows reload on SIGHUP only`);
    }
  }

  return {
    reload,
    close: () => {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    },
  };
}

/** Flows whose consent texts changed while their `version` did not: refused until it is raised. */
function unversionedChanges(catalog: FlowCatalog, next: readonly CompiledFlow[]): FlowIssue[] {
  return next.flatMap((flow) => {
    const running = catalog.get(flow.definition.id);
    const issue =
      running &&
      unversionedChange(running.definition, flow.definition, flow.file ?? flow.definition.id);
    return issue ? [issue] : [];
  });
}

/**
 * What the edit did to the categories of the flow running under the same id (`live-categories.ts`):
 * a category that names another kind of message now is refused; a category gone or a template
 * moved to another category is said.
 */
function categoryChangesOf(catalog: FlowCatalog, flow: LoadedFlow): FlowIssue[] {
  const running = catalog.get(flow.definition.id);
  if (!running) return [];
  return placeIn(
    liveCategoryChanges(running.definition, flow.definition, 'the running flow'),
    flow.file,
    flow.locate,
  );
}

/** What the store says of the versions about to go into service; a store failure refuses the reload. */
async function recordedVersionChanges(
  recordVersions: NonNullable<WatchFlowsOptions['recordVersions']>,
  next: readonly CompiledFlow[],
  dir: string,
): Promise<readonly FlowIssue[]> {
  try {
    return await recordVersions(next);
  } catch (error) {
    return [
      {
        file: dir,
        path: '',
        message: `could not check the flow versions against the store: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'the store must be reachable to put flows into service; reload again (save a flow or send SIGHUP) once it is',
      },
    ];
  }
}
