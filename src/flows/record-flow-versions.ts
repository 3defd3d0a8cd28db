import { readFile } from 'node:fs/promises';
import { categoryKinds } from '../core/flow/definition.js';
import { placeIn, type PlacedIssue } from '../core/flow/flow-path.js';
import { locateInSource } from '../core/flow/parse-flow.js';
import type { FlowIssue } from '../errors.js';
import type { CompiledFlow } from '../service/flow-catalog.js';
import type { FlowVersionTexts, Store } from '../store/port.js';
import { kindChanges } from './live-categories.js';
import { atVersionLine, unversionedIssue } from './unversioned-change.js';

/**
 * Records in the store the consent texts and category kinds each flow version goes into service
 * with, and returns an issue for each flow that cannot: its texts differ from those its version
 * first served with, or a category's WhatsApp category differs from the one its id had in any
 * version that went into service, in an earlier run or in another instance on the same
 * database. Consent records name the version and the category id, so one version must keep one
 * set of texts and one id one kind. A flow refused for its kinds is not recorded. The running
 * server's own previous flows are compared on reload as well (`watch-flows.ts`); this covers a
 * restart and a second instance.
 * @example const changed = await recordFlowVersions(store, catalog.list(), clock.now());
 */
export async function recordFlowVersions(
  store: Pick<Store, 'recordFlowVersion' | 'listFlowVersions'>,
  flows: readonly CompiledFlow[],
  now: number,
): Promise<FlowIssue[]> {
  const issues: FlowIssue[] = [];
  for (const flow of flows) {
    const { id, version } = flow.definition;
    const file = flow.file ?? id;
    const kinds = servedKindChanges(flow, await store.listFlowVersions(id));
    if (kinds.length > 0) {
      issues.push(...(await placeInFile(kinds, file)));
      continue;
    }
    const recorded = await store.recordFlowVersion({
      flowId: id,
      version,
      textsHash: flow.textsHash,
      since: now,
      categoryKinds: categoryKinds(flow.definition),
    });
    if (recorded.textsHash === flow.textsHash) continue;
    const since = new Date(recorded.since).toISOString();
    issues.push(
      await atVersionLine(
        unversionedIssue(
          flow.definition,
          file,
          ` since version ${version} went into service (${since})`,
        ),
      ),
    );
  }
  return issues;
}

/** The flow's categories whose kind differs from the one a served version gave their id. */
function servedKindChanges(flow: CompiledFlow, served: readonly FlowVersionTexts[]): PlacedIssue[] {
  const found = new Map<string, PlacedIssue>();
  for (const { version, since, categoryKinds: kinds } of served) {
    if (!kinds) continue;
    const when = `version ${version} as it went into service (${new Date(since).toISOString()})`;
    for (const change of kindChanges(kinds, flow.definition, when)) {
      if (!found.has(change.path)) found.set(change.path, change);
    }
  }
  return [...found.values()];
}

/** `found` placed at their lines in `file`; as they are when it cannot be read. */
async function placeInFile(found: readonly PlacedIssue[], file: string): Promise<FlowIssue[]> {
  const source = await readFile(file, 'utf8').catch(() => undefined);
  return placeIn(found, file, source === undefined ? undefined : locateInSource(source));
}
