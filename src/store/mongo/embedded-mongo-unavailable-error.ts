import { AppError } from '../../errors.js';

/**
 * The embedded MongoDB could not start (no `mongod` could be downloaded or found, or it
 * failed to launch). The server stops with this message; it never falls back silently.
 */
export class EmbeddedMongoUnavailableError extends AppError {
  readonly code = 'embedded_mongo_unavailable';

  constructor(
    /** Why it could not start, in one line (the message adds the ways out). */
    readonly reason: string,
    context: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(
      `The embedded MongoDB could not start: ${reason}.\n` +
        'Choose one of:\n' +
        '  - set MONGODB_URI to a running MongoDB server (e.g. mongodb://localhost:27017);\n' +
        '  - set MONGOMS_SYSTEM_BINARY to the path of a local mongod binary;\n' +
        '  - set STORE=memory for a demo store that keeps nothing across restarts.',
      context,
      options,
    );
  }
}
