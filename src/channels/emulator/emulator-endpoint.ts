import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { ActivityHandler, Middleware, TurnContext } from 'botbuilder';
import type { Request, RequestHandler, Response, Server } from 'restify';
import type { BotFrameworkConfig } from '../../config.js';
import { UnauthorizedError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { createTurnErrorHandler } from '../../bot/turn-error-handler.js';
import { readActivity } from './read-activity.js';
import type { BotFrameworkActivity } from './read-activity.js';

/** The Bot Framework endpoint's path, where the Emulator (or Azure Bot Service) posts. */
export const EMULATOR_PATH = '/api/messages';

export interface EmulatorEndpointOptions {
  readonly bot: ActivityHandler;
  /** The bot's middleware on this endpoint too (metrics). */
  readonly middleware?: readonly Middleware[];
  /** Its mode must not be `off`: an endpoint that is off is not registered at all. */
  readonly botFramework: BotFrameworkConfig;
  readonly logger: Logger;
  /** Reads the request body (413 above the limit); it runs after the cheap checks. */
  readonly readBody: RequestHandler;
  /** Parses the request body as JSON (400 `invalid_json` otherwise). */
  readonly readJson: (req: Request) => unknown;
}

/**
 * Registers `POST /api/messages` on botbuilder's `CloudAdapter`, running the same consent bot as
 * WhatsApp; its contacts are `EM.<from.id>`, its consent recorded with the source `emulator`.
 *
 * - `authenticated` (MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD set): botbuilder checks each
 *   request's Bot Framework token, including that it was issued for the activity's serviceUrl;
 *   401 `{code, message}` otherwise. A request with no token is refused before its body is read.
 * - `anonymous` (development and test only): no token, as the Bot Framework Emulator expects,
 *   and replies only to a serviceUrl on this machine, so the server never POSTs elsewhere.
 *
 * Every refusal and failure is `{code, message}` JSON, through the server's error sink.
 */
export function registerEmulatorEndpoint(server: Server, options: EmulatorEndpointOptions): void {
  const { botFramework, logger } = options;
  const credentials = {
    ...(botFramework.appId ? { MicrosoftAppId: botFramework.appId } : {}),
    ...(botFramework.appPassword ? { MicrosoftAppPassword: botFramework.appPassword } : {}),
    ...(botFramework.tenantId
      ? { MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: botFramework.tenantId }
      : {}),
  };
  const adapter = new EmulatorAdapter(
    new ConfigurationBotFrameworkAuthentication(
      credentials,
      new ConfigurationServiceClientCredentialFactory(credentials),
    ),
  );
  adapter.onTurnError = createTurnErrorHandler(logger);
  adapter.use(...(options.middleware ?? []));
  const anonymous = botFramework.mode === 'anonymous';

  const requireToken: RequestHandler = (req, _res, next) => {
    // Cheap first: without a token there is nothing to verify, so the body is never read.
    next(anonymous || req.header('authorization') ? undefined : unauthorized());
  };
  const handle = async (req: Request, res: Response): Promise<void> => {
    const activity = readActivity(options.readJson(req), { loopbackOnly: anonymous });
    const authorization = req.header('authorization') ?? '';
    const result = await adapter.authenticate(activity, authorization).catch((cause: unknown) => {
      logger.warn(
        { err: cause, client: req.socket.remoteAddress, channel: activity.channelId },
        'Bot Framework request refused: its token is missing or not valid',
      );
      throw unauthorized(cause);
    });
    const invoke = await adapter.run(result, activity, (context) => options.bot.run(context));
    res.send(invoke?.status ?? 200, invoke?.body ?? undefined);
  };
  server.post(EMULATOR_PATH, requireToken, options.readBody, handle);
}

/**
 * What the endpoint does in this configuration, in a sentence for the start-up log: whether it
 * is on, and who may call it.
 * @example describeEmulatorEndpoint({ mode: 'off' }) // 'off: NODE_ENV=production and …'
 */
export function describeEmulatorEndpoint(botFramework: BotFrameworkConfig): string {
  switch (botFramework.mode) {
    case 'off':
      return 'off: NODE_ENV=production and no MICROSOFT_APP_ID/MICROSOFT_APP_PASSWORD (set both to connect Azure Bot Service)';
    case 'authenticated':
      return `on, Bot Framework tokens required (MICROSOFT_APP_ID, ${botFramework.tenantId ? 'single-tenant' : 'multi-tenant'})`;
    case 'anonymous':
      return 'on, anonymous for the Bot Framework Emulator on this machine (replies only to localhost)';
  }
}

function unauthorized(cause?: unknown): UnauthorizedError {
  return new UnauthorizedError(
    'This Bot Framework endpoint accepts only requests with a valid Bot Framework token (Azure Bot Service, for MICROSOFT_APP_ID).',
    {},
    ...(cause === undefined ? [] : [{ cause }]),
  );
}

type AuthenticateResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/**
 * botbuilder's `CloudAdapter`, with authentication and the turn as two steps: `process` would
 * answer a refused token or a failed turn itself, as a bare string and a `console.error`.
 */
class EmulatorAdapter extends CloudAdapter {
  /** Checks the request's token (anonymous when no app id is configured). */
  authenticate(activity: BotFrameworkActivity, authorization: string): Promise<AuthenticateResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs the turn for an authenticated request; replies go to the activity's serviceUrl. */
  run(
    authenticated: AuthenticateResult,
    activity: BotFrameworkActivity,
    logic: (context: TurnContext) => Promise<void>,
  ) {
    return this.processActivity(authenticated, activity, logic);
  }
}
