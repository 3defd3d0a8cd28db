import type { FlowIssue } from '../errors.js';
import type { CompiledFlow } from '../service/flow-catalog.js';
import type { Store } from '../store/port.js';
import { atVersionLine, unversionedIssue } from './unversioned-change.js';

/**
 * Records in the store the consent texts each flow version goes into service with, and returns
 * an issue for each flow whose texts differ from those its version first served with, in an
 * earlier run or in another instance on the same database: consent records name the version,
 * so one version must keep one set of texts. The running server's own previous flows are
 * compared on reload as well (`watch-flows.ts`); this covers a restart and a second instance.
 * @example const changed = await recordFlowVersions(store, catalog.list(), clock.now());
 */
export async function recordFlowVersions(
  store: Pick<Store, 'recordFlowVersion'>,
  flows: readonly CompiledFlow[],
  now: number,
): Promise<FlowIssue[]> {
  const issues: FlowIssue[] = [];
  for (const flow of flows) {
    const { id, version } = flow.definition;
    const recorded = await store.recordFlowVersion({
      flowId: id,
      version,
      textsHash: flow.textsHash,
      since: now,
    });
    if (recorded.textsHash === flow.textsHash) continue;
    const since = new Date(recorded.since).toISOString();
    issues.push(
      await atVersionLine(
        unversionedIssue(
          flow.definition,
          flow.file ?? id,
          ` since version ${version} went into service (${since})`,
        ),
      ),
    );
  }
  return issues;
}
