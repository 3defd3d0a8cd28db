import { pino } from 'pino';
import type { Logger as PinoLogger } from 'pino';

/** The structured logger every adapter receives (pino). */
export type Logger = PinoLogger;

export interface LoggerOptions {
  readonly level: string;
  /** Pretty-printing is not used: logs are JSON lines for machines; tests pass `silent`. */
  readonly destination?: NodeJS.WritableStream;
}

/**
 * Creates the application logger. Secrets and identifiers are redacted by key wherever they
 * appear; a contact must be logged through `describeRef` (core/identity.ts), which masks phone
 * numbers and user ids alike, never raw.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      redact: {
        paths: [
          '*.accessToken',
          '*.appSecret',
          '*.authorization',
          'req.headers.authorization',
          'req.headers["x-hub-signature-256"]',
          'phone',
          '*.phone',
          '*.to',
          '*.from',
          '*.wa_id',
          'userId',
          '*.userId',
          '*.user_id',
          '*.from_user_id',
          '*.recipient_user_id',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? process.stdout,
  );
}

/** A logger that writes nothing, for tests and tools. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
