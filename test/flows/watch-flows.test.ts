import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchFlows } from '../../src/flows/watch-flows.js';
import type { ReloadResult, WatchFlowsOptions } from '../../src/flows/watch-flows.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import { recordFlowVersions } from '../../src/flows/record-flow-versions.js';
import { createMemoryStore, createMemoryStoreData } from '../../src/store/memory/index.js';
import { createSilentLogger } from '../../src/logger.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import type { FlowCatalog } from '../../src/service/flow-catalog.js';

const DEFAULT_SOURCE = await readFile(new URL('../../flows/default.yaml', import.meta.url), 'utf8');
/** The line of `version:` in the shipped flow, where a version problem is placed. */
const VERSION_LINE =
  DEFAULT_SOURCE.split('\n').findIndex((line) => line.startsWith('version:')) + 1;
/** The shipped flow's version, and its source with the version raised by one. */
const VERSION = Number(/^version: (\d+)$/m.exec(DEFAULT_SOURCE)?.[1]);
const raised = (source: string) =>
  source.replace(`version: ${VERSION}\n`, `version: ${VERSION + 1}\n`);

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

/** A watcher of the test folder that reloads only when asked, logging nothing. */
const manualWatcher = (options: Partial<WatchFlowsOptions> = {}) =>
  watchFlows({ dir, catalog, logger: createSilentLogger(), watch: false, ...options });

describe('flows hot reload', () => {
  it('picks up a good change on reload()', async () => {
    const seen: ReloadResult[] = [];
    const watcher = manualWatcher({ onReload: (r) => seen.push(r) });
    await writeFile(
      join(dir, 'default.yaml'),
      raised(DEFAULT_SOURCE.replace('name: Brightwood Home', 'name: Brightwood Living')),
    );
    const result = await watcher.reload();
    watcher.close();
    expect(result).toEqual({
      ok: true,
      flows: [{ id: 'default', version: VERSION + 1, file: join(dir, 'default.yaml') }],
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

  it('refuses changed consent texts under the same version, naming the version to raise to', async () => {
    const watcher = manualWatcher();
    await writeFile(
      join(dir, 'default.yaml'),
      DEFAULT_SOURCE.replace('Would you like to get WhatsApp', 'Do you want WhatsApp'),
    );
    const result = await watcher.reload();
    watcher.close();
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          file: join(dir, 'default.yaml'),
          path: 'version',
          // At the line to change, as the flow check shows it (file:line:col).
          line: VERSION_LINE,
          column: 1,
          message: `the consent texts of "default" changed (first at texts.en.question) but version is still ${VERSION}`,
          hint: expect.stringContaining(`raise version to ${VERSION + 1}`) as string,
        },
      ],
    });
    expect(catalog.defaultFlow().definition.texts['en']?.question).toMatch(/^Hi! Would you like/);
  });

  it('accepts a change outside the consent texts under the same version', async () => {
    const watcher = manualWatcher();
    await writeFile(
      join(dir, 'default.yaml'),
      DEFAULT_SOURCE.replace(
        'Deliveries usually arrive in 2 to 5',
        'Deliveries usually arrive in 1 to 4',
      ),
    );
    const result = await watcher.reload();
    watcher.close();
    expect(result.ok).toBe(true);
  });

  it('refuses a category that names another kind of message under its id, even at a new version', async () => {
    // A business team making "order updates" marketing: customers said yes to them as updates.
    const logged: string[] = [];
    const logger = createSilentLogger();
    logger.error = (message: string) => {
      logged.push(message);
    };
    const watcher = watchFlows({ dir, catalog, logger, watch: false });
    const edited = raised(
      DEFAULT_SOURCE.replace('whatsappCategory: UTILITY', 'whatsappCategory: MARKETING'),
    );
    await writeFile(join(dir, 'default.yaml'), edited);
    const result = await watcher.reload();
    watcher.close();
    const line = edited.split('\n').indexOf('    whatsappCategory: MARKETING') + 1;
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          file: join(dir, 'default.yaml'),
          line,
          column: 5,
          path: 'categories[0].whatsappCategory',
          message: 'category "orders" is MARKETING, but UTILITY in the running flow',
          hint: expect.stringContaining(
            'put UTILITY back, and add a category with a new id for the other messages',
          ) as string,
        },
      ],
    });
    expect(logged.join('\n')).toContain(`default.yaml:${line}:5  categories[0].whatsappCategory`);
    expect(catalog.defaultFlow().definition.version).toBe(VERSION);
  });

  it('says when a category is gone, and reloads', async () => {
    const warned: string[] = [];
    const logger = createSilentLogger();
    logger.warn = (message: unknown) => {
      if (typeof message === 'string') warned.push(message);
    };
    const watcher = watchFlows({ dir, catalog, logger, watch: false });
    const start = DEFAULT_SOURCE.indexOf('  - id: account');
    const end = DEFAULT_SOURCE.indexOf('  - id: offers');
    await writeFile(
      join(dir, 'default.yaml'),
      raised(DEFAULT_SOURCE.slice(0, start) + DEFAULT_SOURCE.slice(end)),
    );
    const result = await watcher.reload();
    watcher.close();
    expect(result.ok).toBe(true);
    expect(warned).toEqual([
      expect.stringContaining(
        'warning: categories: category "account" (login codes) of the running flow is gone  (the consent customers gave to it stays recorded under "account"',
      ),
    ]);
  });

  it('refuses a template moved to another category, and a category id renamed', async () => {
    // A tester's (session 48): "weekly_offers" moved under the order updates went to customers
    // who had stopped the offers; "order-updates" for "orders" asked again those who said no.
    const watcher = manualWatcher();
    const file = join(dir, 'default.yaml');
    const moved = raised(
      DEFAULT_SOURCE.replace(
        'templates: [weekly_offers, back_in_stock]',
        'templates: [back_in_stock]',
      ).replace(
        'templates: [order_confirmation, shipping_update, delivery_scheduled]',
        'templates: [order_confirmation, shipping_update, delivery_scheduled, weekly_offers]',
      ),
    );
    await writeFile(file, moved);
    const result = await watcher.reload();
    expect(result).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({
          path: 'categories[0].templates[3]',
          message:
            'template "weekly_offers" is under category "orders", but under "offers" in the running flow',
          hint: expect.stringContaining(
            'it would go to customers who said yes to order updates and not to special offers, or who stopped special offers',
          ) as string,
        }),
      ],
    });

    await writeFile(
      file,
      raised(DEFAULT_SOURCE.replace('  - id: orders', '  - id: order-updates')),
    );
    const renamed = await watcher.reload();
    watcher.close();
    expect(renamed).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({
          path: 'categories[0].id',
          message:
            'category "order-updates" looks like "orders" of the running flow renamed (the same label)',
          hint: expect.stringContaining('consent is stored under "orders"') as string,
        }),
      ],
    });
    expect(catalog.defaultFlow().definition.version).toBe(VERSION);
  });

  it('refuses consent texts that another instance put into service under the same version', async () => {
    // Two instances on one database: the other one went into service with these texts as
    // VERSION + 1 first; this one then loads other texts under the same number.
    const data = createMemoryStoreData();
    const other = createMemoryStore({ data });
    await writeFile(join(dir, 'default.yaml'), raised(DEFAULT_SOURCE));
    const theirs = (await loadFlowsDir(dir)).flows.map((f) => prepareFlow(f.definition));
    expect(await recordFlowVersions(other, theirs, 1_000)).toEqual([]);

    const store = createMemoryStore({ data });
    const watcher = manualWatcher({
      recordVersions: (next) => recordFlowVersions(store, next, 2_000),
    });
    await writeFile(
      join(dir, 'default.yaml'),
      raised(DEFAULT_SOURCE.replace('Would you like to get WhatsApp', 'Do you want WhatsApp')),
    );
    const result = await watcher.reload();
    watcher.close();
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          file: join(dir, 'default.yaml'),
          path: 'version',
          line: VERSION_LINE,
          column: 1,
          message: `the consent texts of "default" changed since version ${VERSION + 1} went into service (1970-01-01T00:00:01.000Z) but version is still ${VERSION + 1}`,
          hint: expect.stringContaining(`raise version to ${VERSION + 2}`) as string,
        },
      ],
    });
    expect(catalog.defaultFlow().definition.version).toBe(VERSION);

    // The same texts the other instance serves are accepted, and recorded once.
    await writeFile(join(dir, 'default.yaml'), raised(DEFAULT_SOURCE));
    expect((await watcher.reload()).ok).toBe(true);
    expect(catalog.defaultFlow().definition.version).toBe(VERSION + 1);
    expect([...data.flowVersions.keys()]).toEqual([`default@${VERSION + 1}`]);
  });

  it('refuses at a restart a category kind other than the one its id went into service with', async () => {
    // Version VERSION served orders as UTILITY; the restart brings them as MARKETING.
    const data = createMemoryStoreData();
    const store = createMemoryStore({ data });
    const served = (await loadFlowsDir(dir)).flows.map((f) => prepareFlow(f.definition, f.file));
    expect(await recordFlowVersions(store, served, 1_000)).toEqual([]);

    const file = join(dir, 'default.yaml');
    const edited = raised(
      DEFAULT_SOURCE.replace('whatsappCategory: UTILITY', 'whatsappCategory: MARKETING'),
    );
    await writeFile(file, edited);
    const restarted = (await loadFlowsDir(dir)).flows.map((f) => prepareFlow(f.definition, f.file));
    expect(await recordFlowVersions(createMemoryStore({ data }), restarted, 2_000)).toEqual([
      {
        file,
        line: edited.split('\n').indexOf('    whatsappCategory: MARKETING') + 1,
        column: 5,
        path: 'categories[0].whatsappCategory',
        message: `category "orders" is MARKETING, but UTILITY in version ${VERSION} as it went into service (1970-01-01T00:00:01.000Z)`,
        hint: expect.stringContaining('put UTILITY back') as string,
      },
    ]);
    // Refused, so not recorded: put back, the new version goes into service.
    expect((await store.listFlowVersions('default')).map((v) => v.version)).toEqual([VERSION]);
    await writeFile(file, raised(DEFAULT_SOURCE));
    const fixed = (await loadFlowsDir(dir)).flows.map((f) => prepareFlow(f.definition, f.file));
    expect(await recordFlowVersions(store, fixed, 3_000)).toEqual([]);
    expect(await store.listFlowVersions('default')).toEqual([
      expect.objectContaining({ version: VERSION, since: 1_000 }),
      expect.objectContaining({
        version: VERSION + 1,
        since: 3_000,
        categoryKinds: { orders: 'UTILITY', account: 'AUTHENTICATION', offers: 'MARKETING' },
      }),
    ]);
  });

  it('refuses a reload while the store cannot say which texts a version served with', async () => {
    const watcher = manualWatcher({
      recordVersions: () => Promise.reject(new Error('connection refused')),
    });
    await writeFile(join(dir, 'default.yaml'), raised(DEFAULT_SOURCE));
    const result = await watcher.reload();
    watcher.close();
    expect(result).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({
          message: 'could not check the flow versions against the store: connection refused',
        }),
      ],
    });
    expect(catalog.defaultFlow().definition.version).toBe(VERSION);
  });

  it('refuses a folder without the default flow', async () => {
    await rm(join(dir, 'default.yaml'));
    await writeFile(join(dir, 'other.yaml'), DEFAULT_SOURCE.replace('id: default', 'id: other'));
    const watcher = manualWatcher();
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
