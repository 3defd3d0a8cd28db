import { readFile } from 'node:fs/promises';
import type { FlowDefinition } from '../core/flow/definition.js';
import { consentTextsChange, consentTextsHash } from '../core/flow/consent-texts-hash.js';
import type { FlowIssue } from '../errors.js';

type Versioned = Pick<FlowDefinition, 'id' | 'version' | 'business' | 'categories' | 'texts'>;

/**
 * A flow whose consent texts changed while its `version` did not: each consent event records the
 * flow id and version as proof of what the customer read, so two different texts must never
 * share one version. `before` is the flow as it ran (or was committed); `since` says which, for
 * the message. Undefined when the change is fine.
 * @example unversionedChange(running, next, 'flows/default.yaml') // { path: 'version', message: '…' }
 */
export function unversionedChange(
  before: Versioned,
  after: Versioned,
  file: string,
  since = '',
): FlowIssue | undefined {
  if (before.id !== after.id || before.version !== after.version) return undefined;
  if (consentTextsHash(before) === consentTextsHash(after)) return undefined;
  return unversionedIssue(after, file, since, consentTextsChange(before, after));
}

/**
 * The issue of a flow whose consent texts changed `since` something while its version did not;
 * `changed` names the first text that did, when known (`texts.en.declined`).
 */
export function unversionedIssue(
  flow: Pick<FlowDefinition, 'id' | 'version'>,
  file: string,
  since: string,
  changed?: string,
): FlowIssue {
  const which = changed === undefined ? '' : ` (first at ${changed})`;
  return {
    file,
    path: 'version',
    message: `the consent texts of "${flow.id}" changed${since}${which} but version is still ${flow.version}`,
    hint: `raise version to ${flow.version + 1}: each consent record keeps the version it was given under, so different texts need a new version`,
  };
}

/**
 * `issue` placed at the `version:` line of its file (`file:line:col`, as the flow check shows
 * every problem); as it is when the file cannot be read or has no such line.
 */
export async function atVersionLine(issue: FlowIssue): Promise<FlowIssue> {
  const source = await readFile(issue.file, 'utf8').catch(() => undefined);
  const at = source?.split('\n').findIndex((line) => /^version\s*:/u.test(line)) ?? -1;
  return at === -1 ? issue : { ...issue, line: at + 1, column: 1 };
}
