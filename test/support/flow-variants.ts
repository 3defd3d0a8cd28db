import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { loadFlowsDir } from '../../src/flows/index.js';
import type { FlowIssue } from '../../src/errors.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import type { CompiledFlow } from '../../src/service/flow-catalog.js';

/** A flows folder of its own: the shipped default flow, edited as a business team would edit it. */
export interface FlowFolder {
  readonly dir: string;
  readonly file: string;
  /** Rewrites the flow file: `edit` changes the YAML document (comments and layout kept). */
  edit(edit: (doc: Document) => void): Promise<void>;
  /** Loads and checks the folder as the server does. */
  load(): Promise<{ flows: CompiledFlow[]; issues: FlowIssue[] }>;
  remove(): Promise<void>;
}

/**
 * Copies `flows/default.yaml` into a fresh temporary folder, applies `edit`, and returns the
 * folder: for tests of what a business edit does to `flows:check`, a reload and a running bot.
 * @example
 * const folder = await flowFolder((doc) => doc.setIn(['keywords', 'en', 'optOut'], ['UNSUBSCRIBE']));
 */
export async function flowFolder(edit?: (doc: Document) => void): Promise<FlowFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'flows-'));
  const file = join(dir, 'default.yaml');
  const source = await readFile('flows/default.yaml', 'utf8');
  const folder: FlowFolder = {
    dir,
    file,
    async edit(change) {
      const doc = parseDocument(await readFile(file, 'utf8'));
      change(doc);
      await writeFile(file, doc.toString({ lineWidth: 0 }));
    },
    async load() {
      const { flows, issues } = await loadFlowsDir(dir);
      return { flows: flows.map((f) => prepareFlow(f.definition, f.file)), issues };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await writeFile(file, source);
  if (edit) await folder.edit(edit);
  return folder;
}

/** Replaces `from` with `to` in every consent text of `language` (question, reask, help…). */
export function replaceInTexts(doc: Document, language: string, from: string, to: string): void {
  for (const key of ['question', 'reask', 'optedIn', 'optedOut', 'help']) {
    const path = ['texts', language, key];
    const text = doc.getIn(path);
    if (typeof text === 'string') doc.setIn(path, text.replaceAll(from, to));
  }
}
