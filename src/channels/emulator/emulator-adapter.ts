import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { Middleware, TurnContext } from 'botbuilder';
import type { BotFrameworkConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { createTurnErrorHandler } from '../../bot/turn-error-handler.js';
import type { BotFrameworkActivity } from './read-activity.js';

/**
 * The Bot Framework endpoint's adapter: botbuilder's `CloudAdapter` with the configured
 * credentials (none: anonymous, for the Emulator), the turn error handler and the middleware.
 */
export function createEmulatorAdapter(
  botFramework: BotFrameworkConfig,
  logger: Logger,
  middleware: readonly Middleware[],
): EmulatorAdapter {
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
  adapter.use(...middleware);
  return adapter;
}

type AuthenticateResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/**
 * botbuilder's `CloudAdapter`, with authentication and the turn as two steps: `process` would
 * answer a refused token or a failed turn itself, as a bare string and a `console.error`.
 */
export class EmulatorAdapter extends CloudAdapter {
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
