/** How a `mongod` process ended: its exit code, or the signal that killed it. */
export interface MongodExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/**
 * The part of mongodb-memory-server's `MongoInstance` the watch listens to. Its event names are
 * an enum the package does not export; `instanceClosed` is emitted with the process's exit
 * code and signal whenever `mongod` exits (after `instanceError` when the code is not 0).
 */
export interface MongodEvents {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Watches a running `mongod` and calls `onLost` once when it exits without having been asked
 * to stop (`isStopping` false): killed by the out-of-memory killer, crashed, shut down from
 * outside. An exit during a stop we asked for is expected and ignored.
 */
export function watchMongodExit(
  instance: MongodEvents,
  isStopping: () => boolean,
  onLost: (exit: MongodExit) => void,
): void {
  let reported = false;
  instance.on('instanceClosed', (code: unknown, signal: unknown) => {
    if (reported || isStopping()) return;
    reported = true;
    onLost({
      code: typeof code === 'number' ? code : null,
      signal: typeof signal === 'string' ? signal : null,
    });
  });
}

/**
 * One sentence on a lost `mongod` for the log and `/readyz`: how it ended, and what follows.
 * A SIGKILL is most often the kernel's out-of-memory killer.
 */
export function describeMongodExit(exit: MongodExit): string {
  const how =
    exit.signal !== null
      ? `was killed by ${exit.signal}${exit.signal === 'SIGKILL' ? ' (often the out-of-memory killer: see EMBEDDED_MONGO_CACHE_MB)' : ''}`
      : `exited with code ${String(exit.code)}`;
  return `the embedded MongoDB (mongod) ${how}`;
}
