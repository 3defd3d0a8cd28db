import { AppError } from '../../errors.js';

/** The ways out when no embedded `mongod` can be had at all. */
const WAYS_OUT =
  'Choose one of:\n' +
  '  - set MONGODB_URI to a running MongoDB server (e.g. mongodb://localhost:27017);\n' +
  '  - set MONGOMS_SYSTEM_BINARY to the path of a local mongod binary;\n' +
  '  - set STORE=memory for a demo store that keeps nothing across restarts.';

/**
 * The embedded MongoDB could not start (no `mongod` could be downloaded or found, it failed to
 * launch, another `mongod` holds DATA_DIR, or the data is of a version it cannot open). The
 * server stops with this message; it never falls back silently.
 */
export class EmbeddedMongoUnavailableError extends AppError {
  readonly code = 'embedded_mongo_unavailable';

  constructor(
    /** Why it could not start, in one line (the message adds what to do). */
    readonly reason: string,
    context: Record<string, unknown> = {},
    options?: ErrorOptions & {
      /** What to do, when the reason says it better than the general ways out. */
      readonly advice?: string;
    },
  ) {
    super(
      `The embedded MongoDB could not start: ${reason}.\n${options?.advice ?? WAYS_OUT}`,
      context,
      options,
    );
  }
}
