import type { Request } from 'restify';
import type { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { readJsonBody } from '../body/index.js';

/**
 * The request body (read by the server's body reader) parsed as JSON and validated by `schema`.
 * Throws `ValidationError('invalid_json')` for no or malformed JSON and
 * `ValidationError('invalid_body')` naming every field that is wrong and what is allowed there.
 * @example const body = parseBody(req, consentBodySchema);
 */
export function parseBody<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const result = schema.safeParse(readJsonBody(req));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return `${where}: ${issue.message}`;
  });
  throw new ValidationError(
    'invalid_body',
    `The request body is invalid: ${problems.join('; ')}.`,
    {
      problems,
    },
  );
}
