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
 * appear; phone numbers must be logged through `maskPhone` (core/identity.ts), never raw.
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
          '*.phone',
          '*.to',
          '*.from',
          '*.wa_id',
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
