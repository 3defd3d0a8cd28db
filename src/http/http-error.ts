import {
  AppError,
  ChannelError,
  ConflictError,
  ForbiddenError,
  NotConfiguredError,
  NotFoundError,
  RateLimitedError,
  SendRefusedError,
  StoreUnavailableError,
  UnauthorizedError,
  ValidationError,
} from '../errors.js';

/** The JSON error body of every HTTP error: a stable code and a sentence for a person. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly [extra: string]: unknown;
}

/** Codes of `ValidationError` that mean "understood but cannot be processed" (422, not 400). */
const UNPROCESSABLE = new Set(['unknown_template', 'unknown_category', 'not_whatsapp_contact']);

/**
 * Maps any error to an HTTP status and JSON body: the one place where error codes become
 * statuses. Unknown errors become a 500 that reveals nothing internal.
 */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof SendRefusedError) {
    return {
      status: 409,
      body: { code: error.code, message: error.message, fallback: error.fallback },
    };
  }
  if (error instanceof RateLimitedError) {
    return { status: 429, body: { code: error.code, message: error.message } };
  }
  if (error instanceof ValidationError) {
    return {
      status: UNPROCESSABLE.has(error.code) ? 422 : 400,
      body: { code: error.code, message: error.message },
    };
  }
  if (error instanceof AppError) {
    return { status: statusOf(error), body: { code: error.code, message: error.message } };
  }
  return {
    status: 500,
    body: { code: 'internal_error', message: 'Something went wrong on our side; try again later.' },
  };
}

function statusOf(error: AppError): number {
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof StoreUnavailableError) return 503;
  if (error instanceof NotConfiguredError) return 503;
  if (error instanceof ChannelError) return 502;
  return 500;
}
