/**
 * A restart with consent texts changed under the same flow version, or a category id that names
 * another kind of message, is refused: the database remembers the texts and kinds each version
 * went into service with (`recordFlowVersions`). Needs a real MongoDB: with the memory store a
 * restart remembers nothing.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMongo } from '../support/mongo-server.js';
import { spawnServer } from '../support/server-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describeWithMongo('a restart with changed consent texts under the same version', (uri) => {
  let dir: string;
  const flow = () => join(dir, 'flows', 'default.yaml');
  const dbName = `optin_flow_versions_${process.pid}`;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optin-flow-versions-'));
    await mkdir(join(dir, 'flows'));
    await copyFile(join(ROOT, 'flows', 'default.yaml'), flow());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
  });

  /** Starts the server on the test database; stops it once it listens. Its exit code and output. */
  async function startOnce(): Promise<{ code: number | null; output: string }> {
    const server = spawnServer(dir, {
      MONGODB_URI: uri,
      MONGODB_DB: dbName,
      FLOWS_DIR: join(dir, 'flows'),
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(output)) server.kill('SIGTERM');
    };
    server.stdout.on('data', collect);
    server.stderr.on('data', collect);
    const code = await new Promise<number | null>((resolve) => server.once('exit', resolve));
    return { code, output };
  }

  it('refuses to start, naming the file and the version to raise to; starts once it is raised', async () => {
    const first = await startOnce();
    expect(first.output).toMatch(/listening on/);
    expect(first.code).toBe(0);

    const source = await readFile(flow(), 'utf8');
    const version = Number(/^version: (\d+)$/m.exec(source)?.[1]);
    const edited = source.replace('Would you like to get WhatsApp', 'Do you want WhatsApp');
    expect(edited).not.toBe(source);
    await writeFile(flow(), edited);
    const refused = await startOnce();
    expect(refused.code).toBe(1);
    const versionLine = source.split('\n').indexOf(`version: ${version}`) + 1;
    expect(refused.output).toContain(
      'change what customers agreed to under a version or a category id already in service',
    );
    expect(refused.output).toContain(
      `${flow()}:${versionLine}:1  version: the consent texts of "default" changed`,
    );
    expect(refused.output).toContain(`raise version to ${version + 1}`);
    expect(refused.output).not.toMatch(/listening on/);

    await writeFile(flow(), edited.replace(`version: ${version}\n`, `version: ${version + 1}\n`));
    const raised = await startOnce();
    expect(raised.output).toMatch(/listening on/);
    expect(raised.code).toBe(0);

    // A new version that makes the order updates marketing: customers said yes to updates.
    const marketing = edited
      .replace(`version: ${version}\n`, `version: ${version + 2}\n`)
      .replace('whatsappCategory: UTILITY', 'whatsappCategory: MARKETING');
    await writeFile(flow(), marketing);
    const kindChanged = await startOnce();
    expect(kindChanged.code).toBe(1);
    const kindLine = marketing.split('\n').indexOf('    whatsappCategory: MARKETING') + 1;
    expect(kindChanged.output).toContain(
      `${flow()}:${kindLine}:5  categories[0].whatsappCategory: category "orders" is MARKETING, but UTILITY in version ${version} as it went into service`,
    );
    expect(kindChanged.output).not.toMatch(/listening on/);
  }, 60_000);
});
