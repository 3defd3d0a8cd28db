import type { Request, RequestHandler, Response } from 'restify';

/**
 * A restify middleware from a synchronous check: returning lets the request through, throwing
 * hands the error to the server's error handler (`toHttpError`), like a rejected async handler.
 */
export function checkHandler(check: (req: Request, res: Response) => void): RequestHandler {
  return function runCheck(req, res, next) {
    let failure: unknown;
    try {
      check(req, res);
    } catch (error) {
      failure = error;
    }
    next(failure);
  };
}
