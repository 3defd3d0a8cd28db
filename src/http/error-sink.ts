import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger.js';
import { bodyWasRead } from './body/index.js';
import { HttpLayerError } from './http-layer-errors.js';
import { toHttpError } from './http-error.js';
import type { ErrorBody } from './http-error.js';

/** Errors restify raises itself (no route, wrong method…), with their own HTTP status. */
const RESTIFY_CODES: Readonly<Record<number, { code: string; message: string }>> = {
  404: { code: 'not_found', message: 'There is nothing at this address; check the URL.' },
  405: {
    code: 'method_not_allowed',
    message: 'This address does not accept that HTTP method; check the method.',
  },
  406: { code: 'not_acceptable', message: 'The Accept header asks for a format we do not send.' },
  413: { code: 'payload_too_large', message: 'The request body is too large.' },
  415: { code: 'unsupported_media_type', message: 'The body has a content type we do not read.' },
};

/**
 * Maps an error to its HTTP status and JSON body: {@link toHttpError} for the application's
 * errors, plus the errors only the HTTP layer raises (an oversize body 413, a bad webhook
 * signature 401) and restify's own routing errors (404, 405…), which keep their status with a
 * snake_case code.
 */
export function describeHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpLayerError) {
    return { status: error.status, body: { code: error.code, message: error.message } };
  }
  const status = restifyStatus(error);
  if (status !== undefined) {
    const known = RESTIFY_CODES[status];
    if (known) return { status, body: { ...known } };
    if (status < 500) {
      return {
        status,
        body: { code: 'bad_request', message: 'The request could not be understood.' },
      };
    }
  }
  return toHttpError(error);
}

/**
 * Installs the one error sink of the server: every error a handler throws or passes to
 * `next`, and every error restify raises, is answered as `{ code, message }` JSON. Server
 * errors (5xx) are logged with their cause; client errors only at debug level.
 */
export function installErrorSink(server: Server, logger: Logger): void {
  server.on('restifyError', (req: Request, res: Response, error: unknown, done: () => void) => {
    const { status, body } = describeHttpError(error);
    const where = { method: req.method, path: loggablePath(req), status, code: body.code };
    if (status >= 500) logger.error({ ...where, err: error }, 'request failed');
    else logger.debug(where, 'request refused');
    if (!res.headersSent) {
      // A body refused or never read (a wrong API key is refused before its body): close the
      // connection after answering rather than read the rest of it.
      if (status === 413 || unreadBody(req)) res.setHeader('Connection', 'close');
      res.send(status, body);
    }
    done();
  });
}

function unreadBody(req: Request): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  const declared = length > 0 || req.headers['transfer-encoding'] !== undefined;
  return declared && !bodyWasRead(req);
}

function restifyStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/**
 * The request's path as a log may show it: the route pattern when a route matched
 * (`/v1/contacts/:identifier/consent`), else the path with every run of digits and every
 * user id (`US.…`, `US.ENT.…`, an Emulator's `EM.…`) cut down, so no phone number or user id
 * reaches the log (PRODUCT.md).
 */
function loggablePath(req: Request): string {
  const route = (req.getRoute() as { path?: unknown } | null | undefined)?.path;
  if (typeof route === 'string') return route;
  return decodePath(req.path())
    .replace(/\b[A-Z]{2}\.[^/?#\s]+/g, '[user id]')
    .replace(/\+?\d[\d\s-]{3,}\d/g, '[number]');
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
