import type { Request } from 'restify';
import type { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { describeIssues, plainWords } from '../../zod-issues.js';
import { readJsonBody } from '../body/index.js';

/**
 * The request body (read by the server's body reader) parsed as JSON and validated by `schema`.
 * Throws `ValidationError('invalid_json')` for no or malformed JSON and
 * `ValidationError('invalid_body')` naming every field that is wrong and what is allowed there.
 * @example const body = parseBody(req, consentBodySchema);
 */
export function parseBody<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const result = schema.safeParse(readJsonBody(req), { error: plainWords });
  if (result.success) return result.data;
  // "status must be …", each field named once (the schemas' messages often name it already).
  const problems = describeIssues(result.error.issues, { subject: 'the body' });
  throw new ValidationError(
    'invalid_body',
    `The request body is invalid: ${problems.join('; ')}.`,
    {
      problems,
    },
  );
}
