import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { AppConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { createTurnErrorHandler } from '../whatsapp/bot/turn-error-handler.js';
import { ValidationError } from '../../errors.js';

/** The Bot Framework endpoint's path, where the Emulator (or Azure Bot Service) posts. */
export const EMULATOR_PATH = '/api/messages';

export interface EmulatorEndpointOptions {
  readonly bot: ActivityHandler;
  readonly botFramework: AppConfig['botFramework'];
  readonly logger: Logger;
  /** Parses the request body as JSON (400 `invalid_json` otherwise). */
  readonly readJson: (req: Request) => unknown;
}

/**
 * Registers `POST /api/messages` on botbuilder's `CloudAdapter`, running the same consent bot
 * as WhatsApp. Without `MICROSOFT_APP_ID` authentication is off (anonymous), as the Bot
 * Framework Emulator expects locally; with it, requests must carry a valid Bot Framework token.
 * The bot's replies go back to the activity's `serviceUrl`, as the Bot Framework protocol says.
 * Emulator users become contacts with the user id `EM.<from.id>`.
 */
export function registerEmulatorEndpoint(server: Server, options: EmulatorEndpointOptions): void {
  const { appId, appPassword } = options.botFramework;
  const credentials = {
    ...(appId ? { MicrosoftAppId: appId } : {}),
    ...(appPassword ? { MicrosoftAppPassword: appPassword } : {}),
  };
  const auth = new ConfigurationBotFrameworkAuthentication(
    credentials,
    new ConfigurationServiceClientCredentialFactory(credentials),
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = createTurnErrorHandler(options.logger);

  server.post(EMULATOR_PATH, async (req: Request, res: Response) => {
    // CloudAdapter expects the parsed activity in `req.body`; anything else it would answer
    // with a 500 or a bare string, so it is refused here with the usual `{code, message}`.
    req.body = readActivity(options.readJson(req));
    await adapter.process(req, res, (context) => options.bot.run(context));
  });
}

/** The body as a Bot Framework activity: a JSON object with a string `type`. */
function readActivity(body: unknown): unknown {
  const type =
    typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  if (Array.isArray(body) || typeof type !== 'string' || type === '') {
    throw new ValidationError(
      'invalid_activity',
      'The body must be a Bot Framework activity: a JSON object with "type" (e.g. "message"), ' +
        '"from" and "conversation". Use the Bot Framework Emulator, or send such an object.',
    );
  }
  return body;
}
