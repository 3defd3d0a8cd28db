import { AppError } from '../errors.js';

/**
 * Errors only the HTTP layer raises, each with its own status. `toHttpError` (the mapping of
 * the application's errors) has no status for these; the error sink answers them as they say.
 */
export abstract class HttpLayerError extends AppError {
  abstract readonly status: number;
}

/** A request body is larger than the server accepts (413); nothing of it was processed. */
export class PayloadTooLargeError extends HttpLayerError {
  readonly code = 'payload_too_large';
  readonly status = 413;
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes; send a smaller body.`, {
      limitBytes,
    });
  }
}

/**
 * A webhook's `X-Hub-Signature-256` is missing or does not match the body (401): it was not
 * sent by WhatsApp with our app secret, so nothing in it is processed.
 */
export class InvalidSignatureError extends HttpLayerError {
  readonly code = 'invalid_signature';
  readonly status = 401;
}
