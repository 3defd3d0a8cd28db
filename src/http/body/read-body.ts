import type { IncomingMessage } from 'node:http';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { ValidationError } from '../../errors.js';
import { PayloadTooLargeError } from '../http-layer-errors.js';

/** Default limit of a request body: WhatsApp webhook batches are far smaller. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** A restify request after {@link readBody}: the exact bytes received. */
export interface RequestWithBody extends Request {
  /** The raw body, byte for byte (the webhook signature is computed over these). */
  rawBody?: Buffer;
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Reads the request body into `req.rawBody` (a Buffer, exactly as received), refusing more
 * than `maxBytes` with {@link PayloadTooLargeError} (413). It also sets `req.body` to the
 * body as UTF-8 text, like restify's own `bodyReader`, and marks the body as read, so a route
 * may still add `restify.plugins.jsonBodyParser()`. Parsing is left to the routes: the webhook
 * must check its signature over the raw bytes before it parses anything.
 *
 * A route puts it in its chain after the checks that need no body (an API key, a Bot Framework
 * token): a caller who is refused never has a body buffered. A body left unread closes the
 * connection after the answer (see the error sink).
 * @example server.put(path, ...guard(['crm']), readBody(), handler);
 */
export function readBody(maxBytes: number = DEFAULT_MAX_BODY_BYTES): RequestHandler {
  return function readRequestBody(req: Request, _res: Response, next: Next): void {
    const request = req as RequestWithBody & { _readBody?: boolean };
    if (!METHODS_WITH_BODY.has(req.method ?? '') || request._readBody) {
      next();
      return;
    }
    request._readBody = true;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      // Refused before reading: the connection is closed after the answer (see the sink).
      next(new PayloadTooLargeError(maxBytes));
      return;
    }
    collect(req, maxBytes).then(
      (body) => {
        request.rawBody = body;
        if (body.length > 0) (request as { body?: unknown }).body = body.toString('utf8');
        next();
      },
      (error: unknown) => next(error as Error),
    );
  };
}

function collect(stream: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    stream.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        reject(new PayloadTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    stream.once('error', reject);
  });
}

/** True once {@link readBody} read this request's body (or refused it). */
export function bodyWasRead(req: Request): boolean {
  return (req as { _readBody?: boolean })._readBody === true;
}

/** The body exactly as received (empty when there was none). */
export function rawBodyOf(req: Request): Buffer {
  const raw: unknown = req.rawBody;
  return Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
}

/**
 * Parses the request body as JSON.
 * @throws {ValidationError} `invalid_json` when the body is empty or not JSON (400).
 * @example const body = readJsonBody(req);
 */
export function readJsonBody(req: Request): unknown {
  const raw = rawBodyOf(req);
  if (raw.length === 0) {
    throw new ValidationError('invalid_json', 'The request body is empty; send a JSON body.');
  }
  // The text {@link readBody} decoded already, unless a parser has replaced it since.
  const body: unknown = (req as { body?: unknown }).body;
  const text = typeof body === 'string' ? body : raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw new ValidationError('invalid_json', `The request body is not valid JSON${detail}.`);
  }
}
