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
    // CloudAdapter expects the parsed activity in `req.body`.
    req.body = options.readJson(req);
    await adapter.process(req, res, (context) => options.bot.run(context));
  });
}
