import restify from 'restify';
import type { Server } from 'restify';
import { registerEmulatorEndpoint } from '../channels/emulator/index.js';
import { ConsentBot, WhatsAppAdapter } from '../channels/whatsapp/bot/index.js';
import { registerApiRoutes } from './api/index.js';
import { DEFAULT_MAX_BODY_BYTES, readBody, readJsonBody } from './body/index.js';
import { installErrorSink } from './error-sink.js';
import { registerHealthRoutes } from './health/index.js';
import type { ServerDeps } from './server-deps.js';
import { registerSimulatorRoutes } from './simulator/index.js';
import { registerWebhookRoutes } from './webhook/index.js';

export interface CreateServerOptions {
  /** Largest request body accepted, in bytes (413 above); default 256 KiB. */
  readonly maxBodyBytes?: number;
}

/**
 * Builds the HTTP server, unstarted: the WhatsApp webhook (driven through the Bot Framework
 * adapter and the consent bot), the Bot Framework endpoint `/api/messages`, health, readiness
 * and Prometheus metrics, the REST API and, when enabled, the simulator. Every error becomes
 * `{ code, message }` JSON through one sink. Does no I/O: the caller listens.
 * @example
 * const server = createServer(deps);
 * server.listen(config.port, config.host);
 */
export function createServer(deps: ServerDeps, options: CreateServerOptions = {}): Server {
  const server = restify.createServer({ name: 'whatsapp-optin-bot' });
  installErrorSink(server, deps.logger);
  server.use(readBody(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));

  registerHealthRoutes(server, deps);

  const bot = new ConsentBot({ turns: deps.turns, metrics: deps.metrics, clock: deps.clock });
  const adapter = new WhatsAppAdapter({ outbound: deps.outbound, store: deps.store });
  registerWebhookRoutes(server, deps, (message) =>
    adapter.processInbound(message, (context) => bot.run(context)),
  );
  registerEmulatorEndpoint(server, {
    bot,
    botFramework: deps.config.botFramework,
    logger: deps.logger,
    readJson: readJsonBody,
  });

  registerApiRoutes(server, deps);
  if (deps.config.simulatorEnabled) registerSimulatorRoutes(server, deps);
  return server;
}
