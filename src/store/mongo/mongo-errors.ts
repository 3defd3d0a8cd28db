import {
  MongoBulkWriteError,
  MongoClientClosedError,
  MongoError,
  MongoErrorLabel,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type WriteError,
} from 'mongodb';
import { AppError, StoreUnavailableError } from '../../errors.js';

/** MongoDB's duplicate-key error code. */
const DUPLICATE_KEY = 11000;

/**
 * Server error codes that mean "this server cannot serve right now" rather than "this
 * operation is wrong": shutdown, step-down, unreachable hosts.
 */
const UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  134, // ReadConcernMajorityNotAvailableYet
  262, // ExceededTimeLimit
]);

/**
 * Labels the driver or the server put on an error that says "try again later", whatever its
 * class or code (the driver's own retry decisions read the same labels).
 */
const UNAVAILABLE_LABELS = [
  MongoErrorLabel.RetryableWriteError,
  MongoErrorLabel.ResetPool,
  MongoErrorLabel.PoolRequestedRetry,
  MongoErrorLabel.InterruptInUseConnections,
  MongoErrorLabel.SystemOverloadedError,
  MongoErrorLabel.RetryableError,
];

/**
 * Connection-pool errors the driver does not export, known by their stable `name`: no
 * connection could be checked out in time (every one busy), or the pool is closing (shutdown).
 */
const UNAVAILABLE_POOL_ERRORS = new Set(['MongoWaitQueueTimeoutError', 'MongoPoolClosedError']);

/** True for a duplicate-key error (E11000) on a single write. */
export function isDuplicateKeyError(error: unknown): error is MongoServerError {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** True when every failed write of a bulk write failed only because the document exists. */
export function isOnlyDuplicateKeyErrors(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const writeErrors: readonly WriteError[] = Array.isArray(error.writeErrors)
      ? (error.writeErrors as readonly WriteError[])
      : [error.writeErrors as WriteError];
    return (
      error.err === undefined &&
      writeErrors.length > 0 &&
      writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY)
    );
  }
  return isDuplicateKeyError(error);
}

/** True when the error says MongoDB cannot be reached, not that the request was wrong. */
export function isUnavailableError(error: unknown): boolean {
  // A bulk write (`insertMany`, `bulkWrite`) wraps whatever stopped a batch, a failed server
  // selection or a lost connection included, in a MongoBulkWriteError with no write errors,
  // keeping the driver's own error as `errorResponse` (mongodb 7, lib/bulk/common.js).
  if (error instanceof MongoBulkWriteError && error.errorResponse instanceof Error) {
    return isUnavailableError(error.errorResponse);
  }
  if (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoClientClosedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoOperationTimeoutError
  ) {
    return true;
  }
  if (!(error instanceof MongoError)) return false;
  if (UNAVAILABLE_POOL_ERRORS.has(error.name)) return true;
  if (UNAVAILABLE_LABELS.some((label) => error.hasErrorLabel(label))) return true;
  return error instanceof MongoServerError && UNAVAILABLE_CODES.has(Number(error.code));
}

/**
 * True when a write may or may not have been applied: the request left, then the connection
 * failed before the answer came (a standalone server has no retryable writes to settle it).
 * Not when the driver says no write was performed, nor for errors raised before sending
 * (server selection, connection checkout), which are not network errors.
 */
export function isUnknownWriteOutcome(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError &&
    error.name !== 'MongoPoolClearedError' &&
    !error.hasErrorLabel(MongoErrorLabel.NoWritesPerformed)
  );
}

/**
 * Runs one store operation and maps "cannot reach MongoDB" to `StoreUnavailableError` (the
 * webhook answers 503 so WhatsApp retries); other errors pass through unchanged.
 */
export async function withStoreErrors<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError) && isUnavailableError(error)) {
      throw new StoreUnavailableError(
        `MongoDB is unreachable (${operation}): ${(error as Error).message}. Check that the server at MONGODB_URI is up.`,
        { operation },
        { cause: error },
      );
    }
    throw error;
  }
}
