/**
 * Decisions about launching the embedded `mongod`: which failures are worth waiting out, how
 * long to wait between tries, and what to tell the person when it still fails. No I/O here:
 * `startEmbeddedMongo` runs them.
 */

/**
 * True when `mongod` refused the data directory because another `mongod` holds its lock file:
 * the previous one still checkpointing after a crash or a slow stop (it lets go in a moment),
 * or a second server started on the same DATA_DIR (it does not).
 */
export function isDbPathInUse(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (/\bDBPathInUse\b|Unable to lock the lock file/i.test(e.message)) return true;
  }
  return false;
}

/** Wait before try `n + 1` (n from 0): 250 ms, doubling, at most 4 s. */
export function backoffMs(attempt: number): number {
  return Math.min(250 * 2 ** attempt, 4000);
}

/** What {@link retryWhileDbPathInUse} needs: a clock and a way to wait, injected. */
export interface LaunchRetryOptions {
  /** How long the tries may take in all, in ms. */
  readonly budgetMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Called before each wait, with the error, the try that failed (from 1) and the wait. */
  readonly onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
}

/**
 * Runs `launch` until it succeeds, waiting with backoff while it fails with DBPathInUse, for at
 * most `budgetMs`; then throws the last error. Any other failure is thrown at once.
 */
export async function retryWhileDbPathInUse<T>(
  launch: () => Promise<T>,
  options: LaunchRetryOptions,
): Promise<T> {
  const started = options.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await launch();
    } catch (error) {
      const wait = backoffMs(attempt);
      if (!isDbPathInUse(error) || options.now() - started + wait > options.budgetMs) throw error;
      options.onRetry?.(error, attempt + 1, wait);
      await options.sleep(wait);
    }
  }
}

/** mongod's exit code for data files of an incompatible version (MongoDB exit codes: 62). */
const EXIT_NEED_UPGRADE = 62;

/**
 * One line on why the launch failed, in words, naming DATA_DIR where it is the cause: another
 * `mongod` holding it, or data of a version this `mongod` cannot open (seen by its exit code
 * when no version was recorded). Otherwise the failure's own message, on one line.
 */
export function explainLaunchFailure(error: unknown, dataDir: string): string {
  if (isDbPathInUse(error)) {
    return (
      `another mongod holds ${dataDir} (its lock file mongod.lock) and did not let go: a mongod still ` +
      'shutting down after a crash, or a second server started on the same DATA_DIR. Stop the other ' +
      'one (or wait for it to finish), or give this server a DATA_DIR of its own'
    );
  }
  const message = oneLine(error);
  if (
    new RegExp(`code "?${EXIT_NEED_UPGRADE}"?\\b`).test(message) ||
    /UPGRADE PROBLEM/i.test(message)
  ) {
    return (
      `mongod cannot open the data in ${dataDir}: it was written by another MongoDB version ` +
      '("UPGRADE PROBLEM", exit code 62). Start it with the mongod version that wrote it ' +
      '(MONGOMS_SYSTEM_BINARY), or upgrade the data one release series at a time'
    );
  }
  return message;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().replace(/\.$/, '').slice(0, 300);
}
