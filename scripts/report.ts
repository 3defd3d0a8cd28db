/**
 * `npm run report -- [--from 2026-03-01] [--to 2026-04-01] [--flow default]
 *   [--group-by version,variant] [--ask question|new_category] [--json]
 *   [--server http://localhost:3978 --key <crm or dpo key> | --store mongo]`:
 * the consent report in the terminal. By default it asks the running server's API
 * (`GET /v1/reports/consent`, key from --key or REPORT_API_KEY); `--store mongo` reads the
 * MongoDB at MONGODB_URI directly.
 */
import { parseArgs } from 'node:util';
import { loadEnvFile } from '../src/config.js';
import { buildConsentReport, formatConsentReport } from '../src/core/report/index.js';
import type { ConsentReport } from '../src/core/report/index.js';
import { parseReportQuery } from '../src/service/report-query.js';

const USAGE =
  'Usage: npm run report -- [--from 2026-03-01] [--to 2026-04-01] [--flow default] [--group-by version,variant] [--ask question|new_category] [--json] [--server URL --key KEY | --store mongo]';

try {
  loadEnvFile();
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      flow: { type: 'string' },
      'group-by': { type: 'string' },
      ask: { type: 'string' },
      json: { type: 'boolean' },
      server: { type: 'string' },
      key: { type: 'string' },
      store: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
  } else {
    const params = {
      ...(values.from !== undefined ? { from: values.from } : {}),
      ...(values.to !== undefined ? { to: values.to } : {}),
      ...(values.flow !== undefined ? { flow: values.flow } : {}),
      ...(values['group-by'] !== undefined ? { groupBy: values['group-by'] } : {}),
      ...(values.ask !== undefined ? { ask: values.ask } : {}),
    };
    const defaultFlowId = process.env.FLOW || 'default';
    // Checked here too, so a mistake is told before anything is asked of a server.
    const query = parseReportQuery(params, { now: Date.now(), defaultFlowId });
    const report =
      values.store === 'mongo'
        ? await fromMongo(query)
        : await fromServer(values.server, values.key ?? process.env.REPORT_API_KEY, params);
    console.log(
      values.json ? JSON.stringify(report, null, 2) : formatConsentReport(report, query).join('\n'),
    );
  }
} catch (error) {
  console.error(`report: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

async function fromServer(
  server: string | undefined,
  key: string | undefined,
  params: Record<string, string>,
): Promise<ConsentReport> {
  const base = server ?? `http://localhost:${process.env.PORT || '3978'}`;
  if (!key) {
    throw new Error(
      `give an API key of role crm or dpo with --key (or REPORT_API_KEY) to read the report from ${base}, or use --store mongo with MONGODB_URI`,
    );
  }
  const url = new URL('/v1/reports/consent', base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  } catch (error) {
    throw new Error(
      `cannot reach the server at ${base} (${error instanceof Error ? error.message : String(error)}); start it with npm start, or give --server`,
      { cause: error },
    );
  }
  const body = (await response.json()) as ConsentReport & { message?: string };
  if (!response.ok)
    throw new Error(`the server answered ${response.status}: ${body.message ?? ''}`);
  return body;
}

async function fromMongo(query: ReturnType<typeof parseReportQuery>): Promise<ConsentReport> {
  const uri = process.env.MONGODB_URI;
  if (!uri)
    throw new Error(
      '--store mongo needs MONGODB_URI (e.g. MONGODB_URI=mongodb://localhost:27017).',
    );
  const { MongoClient } = await import('mongodb');
  const { prepareMongoStore } = await import('../src/store/mongo/index.js');
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  const { store } = await prepareMongoStore({ client, dbName: process.env.MONGODB_DB || 'optin' });
  try {
    return buildConsentReport(await store.consentFunnel(query), query.groupBy);
  } finally {
    await store.close();
  }
}
