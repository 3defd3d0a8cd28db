import restify from 'restify';
import type { RequestHandler, Server } from 'restify';
import { registerEmulatorEndpoint } from '../channels/emulator/index.js';
import { ConsentBot, HandoverRelayMiddleware, MetricsMiddleware } from '../bot/index.js';
import { WhatsAppAdapter } from '../channels/whatsapp/whatsapp-adapter.js';
import { createApiGuard } from './api/api-guard.js';
import { registerApiRoutes } from './api/index.js';
import { registerInsightsRoutes } from './insights/index.js';
import { readBody, readJsonBody } from './body/index.js';
import { installErrorSink } from './error-sink.js';
import { registerHealthRoutes } from './health/index.js';
import type { ServerDeps } from './server-deps.js';
import { registerSimulatorRoutes } from './simulator/index.js';
import { registerWebhookRoutes } from './webhook/index.js';

/**
 * No `Server` header (an empty name): it would only tell a scanner which stack to try. Path
 * parameters of any length reach their route (find-my-way stops at 100 characters by default,
 * which made a long `{phone}` a 404), so a route refuses them itself with its own 400.
 */
const SERVER_OPTIONS: restify.ServerOptions & { readonly maxParamLength: number } = {
  name: '',
  maxParamLength: 16 * 1024,
};

/**
 * Builds the HTTP server, unstarted: the WhatsApp webhook (driven through the Bot Framework
 * adapter and the consent bot), the Bot Framework endpoint `/api/messages` unless it is off
 * (`config.botFramework.mode`), health, readiness
 * and Prometheus metrics, the REST API and, when enabled, the simulator. Every error becomes
 * `{ code, message }` JSON through one sink. Does no I/O: the caller listens.
 * @example
 * const server = createServer(deps);
 * server.listen(config.port, config.host);
 */
/**
 * Every answer may carry personal data (consent, history, exports, replies) or an error about
 * it: no cache keeps it, and no browser guesses a type other than the one declared. The
 * simulator's static files replace the cache rule with their own.
 */
const noStoreNoSniff: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};

export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer(SERVER_OPTIONS);
  installErrorSink(server, deps.logger);
  server.pre(noStoreNoSniff);
  // Bodies are read by each route that takes one, after its own checks (signature, API key).

  registerHealthRoutes(server, deps);

  const bot = new ConsentBot({ turns: deps.turns, clock: deps.clock });
  // What every turn needs besides the bot: counted; on WhatsApp, hand-over messages relayed.
  const middleware = () => [new MetricsMiddleware(deps.metrics)];
  const adapter = new WhatsAppAdapter({
    outbound: deps.outbound,
    store: deps.store,
    notifier: deps.notifier,
  });
  adapter.use(...middleware(), new HandoverRelayMiddleware(deps.notifier));
  registerWebhookRoutes(server, deps, (message) =>
    adapter.processInbound(message, (context) => bot.run(context)),
  );
  // Off in production without Bot Framework credentials: the route then does not exist (404).
  if (deps.config.botFramework.mode !== 'off') {
    registerEmulatorEndpoint(server, {
      bot,
      middleware: middleware(),
      botFramework: deps.config.botFramework,
      logger: deps.logger,
      readBody: readBody(),
      readJson: readJsonBody,
    });
  }

  // One guard: the insights page's data and the API share the key checks and rate limits.
  const guard = createApiGuard(deps);
  registerApiRoutes(server, deps, guard);
  registerInsightsRoutes(server, deps, guard);
  if (deps.config.simulatorEnabled) registerSimulatorRoutes(server, deps);
  return server;
}
