import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchFlows } from '../../src/flows/watch-flows.js';
import type { ReloadResult } from '../../src/flows/watch-flows.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import { createSilentLogger } from '../../src/logger.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import type { FlowCatalog } from '../../src/service/flow-catalog.js';

const DEFAULT_SOURCE = await readFile(new URL('../../flows/default.yaml', import.meta.url), 'utf8');

let dir: string;
let catalog: FlowCatalog;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flows-'));
  await writeFile(join(dir, 'default.yaml'), DEFAULT_SOURCE);
  const { flows } = await loadFlowsDir(dir);
  catalog = createFlowCatalog(
    flows.map((f) => prepareFlow(f.definition, f.file)),
    'default',
  );
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const businessName = () => catalog.defaultFlow().definition.business.name;

describe('flows hot reload', () => {
  it('picks up a good change on reload()', async () => {
    const seen: ReloadResult[] = [];
    const watcher = watchFlows({
      dir,
      catalog,
      logger: createSilentLogger(),
      watch: false,
      onReload: (r) => seen.push(r),
    });
    await writeFile(
      join(dir, 'default.yaml'),
      DEFAULT_SOURCE.replace('name: Brightwood Home', 'name: Brightwood Living').replace(
        'version: 1',
        'version: 2',
      ),
    );
    const result = await watcher.reload();
    watcher.close();
    expect(result).toEqual({
      ok: true,
      flows: [{ id: 'default', version: 2, file: join(dir, 'default.yaml') }],
    });
    expect(businessName()).toBe('Brightwood Living');
    expect(seen).toEqual([result]);
  });

  it('keeps the last good flow and reports the problem when a change is bad', async () => {
    const logged: string[] = [];
    const logger = createSilentLogger();
    logger.error = (message: string) => {
      logged.push(message);
    };
    const watcher = watchFlows({ dir, catalog, logger, watch: false });
    await writeFile(
      join(dir, 'default.yaml'),
      DEFAULT_SOURCE.replace('name: Brightwood Home', 'name: Brightwood Living').replace(
        'ambiguousStop: confirm',
        'ambiguousStop: sometimes',
      ),
    );
    const result = await watcher.reload();
    watcher.close();
    expect(result.ok).toBe(false);
    expect(businessName()).toBe('Brightwood Home');
    if (result.ok) return;
    expect(result.issues[0]?.path).toContain('ambiguousStop');
    expect(logged.some((line) => /default\.yaml:\d+:\d+.*ambiguousStop/.test(line))).toBe(true);
  });

  it('refuses a folder without the default flow', async () => {
    await rm(join(dir, 'default.yaml'));
    await writeFile(join(dir, 'other.yaml'), DEFAULT_SOURCE.replace('id: default', 'id: other'));
    const watcher = watchFlows({ dir, catalog, logger: createSilentLogger(), watch: false });
    const result = await watcher.reload();
    watcher.close();
    expect(result.ok).toBe(false);
    expect(catalog.defaultFlow().definition.id).toBe('default');
  });

  it('watches the folder until closed', () => {
    const watcher = watchFlows({ dir, catalog, logger: createSilentLogger() });
    expect(() => watcher.close()).not.toThrow();
    expect(() => watcher.close()).not.toThrow();
  });
});
