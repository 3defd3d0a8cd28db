import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFlowFiles, loadFlowsDir } from '../../src/flows/index.js';

const DEFAULT_SOURCE = await readFile(new URL('../../flows/default.yaml', import.meta.url), 'utf8');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flows-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, source: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, source);
  return file;
}

const withId = (id: string, numbers?: string) =>
  DEFAULT_SOURCE.replace('id: default', `id: ${id}`).replace(
    'defaultLanguage: en',
    numbers ? `phoneNumberIds: [${numbers}]\ndefaultLanguage: en` : 'defaultLanguage: en',
  );

describe('loadFlowsDir', () => {
  it('loads every .yaml and .yml file in name order and ignores the rest', async () => {
    await write('b.yml', withId('b'));
    await write('a.yaml', withId('a'));
    await write('notes.txt', 'not a flow');
    const { flows, issues } = await loadFlowsDir(dir);
    expect(issues).toEqual([]);
    expect(flows.map((f) => [f.definition.id, f.file])).toEqual([
      ['a', join(dir, 'a.yaml')],
      ['b', join(dir, 'b.yml')],
    ]);
  });

  it('reports a folder that cannot be read', async () => {
    const { flows, issues } = await loadFlowsDir(join(dir, 'missing'));
    expect(flows).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        file: join(dir, 'missing'),
        message: 'cannot be read (no such file or folder)',
      }),
    ]);
  });
});

describe('loadFlowFiles', () => {
  it('keeps the good flows and reports the bad ones, with paths as given', async () => {
    const good = await write('good.yaml', withId('good'));
    const bad = await write('bad.yaml', withId('bad').replace(/^version: \d+$/m, 'version: 0'));
    const relativeBad = relative(process.cwd(), bad);
    const { flows, issues } = await loadFlowFiles([good, relativeBad]);
    expect(flows.map((f) => f.definition.id)).toEqual(['good']);
    expect(issues).toEqual([
      expect.objectContaining({
        file: relativeBad,
        path: 'version',
        line: DEFAULT_SOURCE.split('\n').findIndex((line) => /^version: \d+$/.test(line)) + 1,
      }),
    ]);
  });

  it('refuses a flow id used by two files', async () => {
    const first = await write('one.yaml', withId('shop'));
    const second = await write('two.yaml', withId('shop'));
    const { flows, issues } = await loadFlowFiles([first, second]);
    expect(flows.map((f) => f.file)).toEqual([first]);
    expect(issues).toEqual([
      expect.objectContaining({
        file: second,
        path: 'id',
        message: `flow id "shop" is already used by ${first}`,
      }),
    ]);
  });

  it('refuses a phone-number id claimed by two flows', async () => {
    const first = await write('one.yaml', withId('one', "'100000000000001'"));
    const second = await write('two.yaml', withId('two', "'100000000000002', '100000000000001'"));
    const { flows, issues } = await loadFlowFiles([first, second]);
    expect(flows.map((f) => f.definition.id)).toEqual(['one']);
    expect(issues).toEqual([
      expect.objectContaining({
        file: second,
        path: 'phoneNumberIds[1]',
        message: `phone-number id "100000000000001" is already used by flow "one" (${first})`,
      }),
    ]);
  });

  it('reports a file that does not exist', async () => {
    const { issues } = await loadFlowFiles(['flows/nope.yaml']);
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'flows/nope.yaml',
        message: 'cannot be read (no such file or folder)',
      }),
    ]);
  });
});
