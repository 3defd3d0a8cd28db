/**
 * The composition root, the only place that connects, listens and wires: configuration (the
 * environment, then `.env` for what it leaves unset) → logger → store → flows → services →
 * WhatsApp channel → HTTP server. `npm start` runs it.
 */
import { MongoClient } from 'mongodb';
import { assembleDeps } from './assemble-deps.js';
import { createCloudApiClient } from './channels/whatsapp/index.js';
import { loadConfig, loadEnvFile } from './config.js';
import type { AppConfig } from './config.js';
import { createAdjustableClock, systemClock } from './core/clock.js';
import { ConfigError, formatFlowIssue } from './errors.js';
import { loadFlowsDir } from './flows/index.js';
import { createServer, EMULATOR_PATH, WEBHOOK_PATH } from './http/index.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics/index.js';
import { createFlowCatalog, prepareFlow } from './service/flow-catalog.js';
import { watchFlows } from './flows/watch-flows.js';
import {
  createMemoryStore,
  createMongoStore,
  EmbeddedMongoUnavailableError,
  startEmbeddedMongo,
} from './store/index.js';
import type { EmbeddedMongo, Store } from './store/index.js';

/** A start-up failure a person can fix: printed as is, no stack trace, exit code 1. */
class StartupError extends Error {}

/** How long a shutdown waits for the Cloud API calls in flight to finish and be recorded. */
const SEND_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const envFileRead = loadEnvFile();
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  if (envFileRead) {
    logger.info('configuration read from .env and the environment (the environment wins)');
  }
  const { store, embedded } = await openStore(config, logger);

  const { flows: loaded, issues } = await loadFlowsDir(config.flowsDir);
  if (issues.length > 0) {
    throw new StartupError(
      `The flows in ${config.flowsDir}/ did not pass their checks; fix them and start again:\n` +
        issues.map((issue) => `  ${formatFlowIssue(issue)}`).join('\n'),
    );
  }
  if (!loaded.some((f) => f.definition.id === config.defaultFlowId)) {
    throw new StartupError(
      `No flow in ${config.flowsDir}/ has the id "${config.defaultFlowId}" (FLOW); loaded: ${loaded.map((f) => f.definition.id).join(', ') || 'none'}.`,
    );
  }
  const flows = createFlowCatalog(
    loaded.map((f) => prepareFlow(f.definition, f.file)),
    config.defaultFlowId,
  );

  // The simulator moves time for testers, so its server runs on a clock that can be advanced.
  const clock = config.simulatorEnabled ? createAdjustableClock(systemClock) : systemClock;
  const metrics = createMetrics({ collectDefaults: true });
  const { accessToken, graphUrl } = config.whatsapp;
  const client = accessToken
    ? createCloudApiClient({
        graphUrl,
        accessToken,
        maxConnections: config.whatsapp.maxConnections,
      })
    : undefined;
  if (!client) {
    logger.warn(
      'WHATSAPP_ACCESS_TOKEN is not set: DRY RUN, replies are logged and recorded, NOTHING IS SENT to WhatsApp',
    );
  }
  const deps = assembleDeps({
    config,
    store,
    flows,
    clock,
    logger,
    metrics,
    ...(client ? { client } : {}),
  });
  const { turns, sender } = deps;
  // Before serving: what a previous run (or a dead instance) left in the outbox goes first.
  await sender.start();
  const server = createServer(deps);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  printUrls(config, server.server.address());

  // Flow edits go live on save or on SIGHUP; a flow that fails its check never replaces the
  // last good one (the watcher logs every problem with file, line and column).
  const flowsWatcher = watchFlows({ dir: config.flowsDir, catalog: flows, logger });
  process.on('SIGHUP', () => {
    void flowsWatcher.reload();
  });
  logger.info({ host: config.host, port: config.port, store: config.store }, 'server started');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing turns and sends');
    const stop = async () => {
      flowsWatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      await turns.idle();
      // Calls in flight finish within the deadline; the rest stays in the outbox for the next
      // start or another instance.
      await sender.stop(SEND_DEADLINE_MS);
      await store.close();
      await embedded?.stop();
    };
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** STORE=memory, MONGODB_URI, or an embedded mongod under DATA_DIR: never a silent fallback. */
async function openStore(
  config: AppConfig,
  logger: Logger,
): Promise<{ store: Store; embedded?: EmbeddedMongo }> {
  if (config.store === 'memory') {
    const warning =
      'STORE=memory: consent, events and conversations are kept in memory only. NOTHING IS KEPT when the server stops. Use it for demos and tests, never for real customers.';
    logger.warn(warning);
    process.stderr.write(`\n!!! ${warning}\n\n`);
    return { store: createMemoryStore() };
  }
  let embedded: EmbeddedMongo | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    process.stdout.write(`Starting the embedded MongoDB (data in ${config.dataDir}/)…\n`);
    try {
      embedded = await startEmbeddedMongo({ dataDir: config.dataDir });
    } catch (error) {
      if (error instanceof EmbeddedMongoUnavailableError) throw new StartupError(error.message);
      throw error;
    }
    uri = embedded.uri;
  }
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const store = createMongoStore({ client, dbName: config.mongodbDb });
    await store.ensureIndexes();
    return { store, ...(embedded ? { embedded } : {}) };
  } catch (error) {
    await client.close();
    await embedded?.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `MongoDB at ${config.mongodbUri ? 'MONGODB_URI' : 'the embedded server'} cannot be used: ${reason}\n` +
        'Check MONGODB_URI, or set STORE=memory for a demo store that keeps nothing.',
    );
  }
}

function printUrls(config: AppConfig, address: unknown): void {
  const port =
    typeof address === 'object' && address !== null && 'port' in address
      ? Number((address as { port: number }).port)
      : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${host}:${port}`;
  const lines = [
    `WhatsApp opt-in bot listening on ${base} (NODE_ENV=${config.nodeEnv}, store ${config.store === 'memory' ? 'memory' : config.mongodbUri ? 'MongoDB (MONGODB_URI)' : 'embedded MongoDB'})`,
    `  WhatsApp webhook     ${base}${WEBHOOK_PATH}`,
    `  Bot Framework        ${base}${EMULATOR_PATH}`,
    ...(config.simulatorEnabled ? [`  Simulator            ${base}/simulator`] : []),
    `  REST API             ${base}/v1`,
    `  Health / readiness   ${base}/healthz  ${base}/readyz`,
    `  Metrics              ${base}/metrics`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write('Invalid configuration:\n');
    for (const problem of error.problems) process.stderr.write(`  ${problem}\n`);
  } else if (error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `The server could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
