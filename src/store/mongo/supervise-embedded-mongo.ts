import type { Logger } from '../../logger.js';
import { describeMongodExit } from './mongod-exit.js';
import type { EmbeddedMongo } from './start-embedded-mongo.js';

/** What {@link superviseEmbeddedMongo} does when `mongod` is lost. */
export interface SuperviseOptions {
  readonly logger: Pick<Logger, 'fatal'>;
  /** Stops the server and ends the process with this exit code (the composition root's shutdown). */
  readonly exit: (code: number, reason: string) => void;
}

/**
 * Keeps the server from living on without its embedded `mongod`: when `mongod` exits without
 * being asked to (killed by the out-of-memory killer, crashed), every store call would answer
 * 503 forever. Instead the loss is logged and the server stops with exit code 1, so that its
 * supervisor (systemd, Docker, Kubernetes, pm2) restarts it, `mongod` with it. Until it has
 * stopped, `/readyz` answers 503 (the store is told through `lostReason`).
 * @example superviseEmbeddedMongo(embedded, { logger, exit: (code, reason) => shutdown(reason, code) });
 */
export function superviseEmbeddedMongo(
  embedded: Pick<EmbeddedMongo, 'onLost' | 'dataDir'>,
  options: SuperviseOptions,
): void {
  embedded.onLost((exit) => {
    const reason = describeMongodExit(exit);
    options.logger.fatal(
      { code: exit.code, signal: exit.signal, dataDir: embedded.dataDir },
      `${reason}: the store cannot serve; stopping with exit code 1 so that the server's supervisor restarts it`,
    );
    options.exit(1, reason);
  });
}
