/**
 * The composition root, the only place that connects, listens and wires: configuration (the
 * environment, then `.env` for what it leaves unset) → logger → store → flows → services →
 * WhatsApp channel → HTTP server. `npm start` runs it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { assembleDeps } from './assemble-deps.js';
import { createCloudApiClient } from './channels/whatsapp/index.js';
import { loadConfig, loadEnvFile } from './config.js';
import type { AppConfig } from './config.js';
import { createAdjustableClock, systemClock } from './core/clock.js';
import { ConfigError, formatFlowIssue } from './errors.js';
import { loadFlowsDir } from './flows/index.js';
import {
  createServer,
  describeEmulatorEndpoint,
  EMULATOR_PATH,
  WEBHOOK_PATH,
} from './http/index.js';
import { shutDown } from './graceful-shutdown.js';
import { trackConnections } from './http/track-connections.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics/index.js';
import { createFlowCatalog, prepareFlow } from './service/flow-catalog.js';
import { recordFlowVersions } from './flows/record-flow-versions.js';
import { watchFlows } from './flows/watch-flows.js';
import { createMemoryStore } from './store/memory/index.js';
import type { OpenedMongoStore } from './store/mongo/open-mongo-store.js';
import type { Store } from './store/port.js';

/** A start-up failure a person can fix: printed as is, no stack trace, exit code 1. */
class StartupError extends Error {}

async function main(): Promise<void> {
  const envFileRead = loadEnvFile();
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  if (envFileRead) {
    logger.info('configuration read from .env and the environment (the environment wins)');
  }
  const { store, embedded, supervise } = await openStore(config, logger);

  const {
    flows: loaded,
    issues,
    warnings,
  } = await loadFlowsDir(config.flowsDir, {
    defaultFlowId: config.defaultFlowId,
  });
  for (const warning of warnings) logger.warn(`flow check: ${formatFlowIssue(warning)}`);
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
  // Texts changed under a version that earlier runs (or another instance) served with other
  // texts, or a category id that names another kind of message than it did when served.
  const changed = await recordFlowVersions(store, flows.list(), clock.now());
  if (changed.length > 0) {
    throw new StartupError(
      `The flows in ${config.flowsDir}/ change what customers agreed to under a version or a category id already in service; fix them and start again:\n` +
        changed.map((issue) => `  ${formatFlowIssue(issue)}`).join('\n'),
    );
  }

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
  // Before listening: the shutdown must know every connection, and which are answering.
  const connections = trackConnections(server.server);
  // Flow edits go live on save or on SIGHUP; a flow that fails its check never replaces the
  // last good one (the watcher logs every problem with file, line and column).
  const flowsWatcher = watchFlows({
    dir: config.flowsDir,
    catalog: flows,
    logger,
    recordVersions: (next) => recordFlowVersions(store, next, clock.now()),
  });
  process.on('SIGHUP', () => {
    void flowsWatcher.reload();
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  // From the first moment a client can connect, a signal shuts down gracefully.
  let stopping = false;
  const stop = (signal: string, exitCode = 0) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info(
      { signal, deadlineMs: config.shutdownTimeoutMs },
      'shutting down: no new connections; finishing requests, turns and sends until the deadline (SHUTDOWN_TIMEOUT_MS)',
    );
    flowsWatcher.close();
    shutDown({
      server: server.server,
      connections,
      turns,
      notifier: deps.notifier,
      sender,
      close: [() => store.close(), () => embedded?.stop()],
      deadlineMs: config.shutdownTimeoutMs,
      sleep: (ms) => sleep(ms),
      logger,
    }).then(
      (report) => {
        logger.info(report, 'stopped');
        process.exit(exitCode !== 0 ? exitCode : report.clean ? 0 : 1);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The embedded mongod gone: exit non-zero so that a supervisor restarts the server with it.
  supervise?.((code, why) => stop(why, code));

  printUrls(config, server.server.address(), flows.list());
  logger.info({ host: config.host, port: config.port, store: config.store }, 'server started');
  logger.info(
    { path: EMULATOR_PATH, mode: config.botFramework.mode },
    `Bot Framework endpoint ${describeEmulatorEndpoint(config.botFramework)}`,
  );
}

/**
 * STORE=memory, MONGODB_URI, or an embedded mongod under DATA_DIR: never a silent fallback. The
 * MongoDB modules (the driver, mongodb-memory-server) load only when the store is MongoDB.
 */
async function openStore(
  config: AppConfig,
  logger: Logger,
): Promise<Partial<OpenedMongoStore> & { store: Store }> {
  if (config.store === 'memory') {
    const warning =
      'STORE=memory: consent, events and conversations are kept in memory only. NOTHING IS KEPT when the server stops. Use it for demos and tests, never for real customers.';
    logger.warn(warning);
    process.stderr.write(`\n!!! ${warning}\n\n`);
    return { store: createMemoryStore() };
  }
  const { openMongoStore, MongoStartupError } = await import('./store/mongo/open-mongo-store.js');
  try {
    return await openMongoStore(config, logger);
  } catch (error) {
    if (error instanceof MongoStartupError) throw new StartupError(error.message);
    throw error;
  }
}

function printUrls(
  config: AppConfig,
  address: unknown,
  flows: readonly { readonly definition: { readonly id: string; readonly version: number } }[],
): void {
  const port =
    typeof address === 'object' && address !== null && 'port' in address
      ? Number((address as { port: number }).port)
      : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${host}:${port}`;
  const lines = [
    `WhatsApp opt-in bot listening on ${base} (NODE_ENV=${config.nodeEnv}, store ${config.store === 'memory' ? 'memory' : config.mongodbUri ? 'MongoDB (MONGODB_URI)' : 'embedded MongoDB'})`,
    `  WhatsApp webhook     ${base}${WEBHOOK_PATH}`,
    `  Bot Framework        ${config.botFramework.mode === 'off' ? '' : `${base}${EMULATOR_PATH}  `}${describeEmulatorEndpoint(config.botFramework)}`,
    ...(config.simulatorEnabled ? [`  Simulator            ${base}/simulator`] : []),
    `  REST API             ${base}/v1${config.apiKeys.length === 0 ? '  closed: set API_KEYS (role:key pairs) to open it' : ''}  (described at ${base}/openapi.json)`,
    `  Insights             ${base}/insights`,
    `  Health / readiness   ${base}/healthz  ${base}/readyz`,
    `  Metrics              ${base}/metrics`,
    `  Flows                ${config.flowsDir}/  ${flows.map(({ definition: { id, version } }) => `${id} v${version}${id === config.defaultFlowId ? ' (default)' : ''}`).join(', ')}; an edit there reloads on its own`,
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
