import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeIssues, plainWords } from '../src/zod-issues.js';

function problems(
  schema: z.ZodType,
  input: unknown,
  where?: { subject?: string; prefix?: string },
) {
  const parsed = schema.safeParse(input, { error: plainWords });
  if (parsed.success) return [];
  return describeIssues(parsed.error.issues, where);
}

describe('validation problems in plain words', () => {
  const body = z.strictObject({
    phone: z.string({ error: 'phone is required (E.164)' }),
    text: z.string().min(1).max(5).optional(),
    tags: z.array(z.string()).min(1).max(2).optional(),
    kind: z.enum(['a', 'b', 'c']).optional(),
    advance: z.union([z.string(), z.number()]).optional(),
    url: z.url().optional(),
    choice: z.object({ id: z.string(), count: z.number().int().min(1) }).optional(),
  });

  it('leads each problem with its field, in words instead of zod’s', () => {
    expect(
      problems(
        body,
        {
          phone: '+1',
          text: 'too long',
          tags: [],
          kind: 'd',
          advance: true,
          url: 'nope',
          choice: { count: 1.5 },
          colour: 'red',
        },
        { subject: 'the body' },
      ),
    ).toEqual([
      'text must be at most 5 characters long',
      'tags must not be empty',
      'kind must be "a", "b" or "c"',
      'advance must be text or a number',
      'url is not a valid URL',
      'choice.id is missing',
      'choice.count must be a whole number',
      'the body has an unknown field "colour"',
    ]);
  });

  it('keeps a schema’s own message, without naming the field twice', () => {
    expect(problems(body, {}, { subject: 'the body' })).toEqual(['phone is required (E.164)']);
  });

  it('names the whole value, or starts every path with a prefix', () => {
    expect(problems(z.array(z.string()), 3, { subject: 'steps' })).toEqual([
      'steps must be a list',
    ]);
    expect(
      problems(z.object({ status: z.enum(['on', 'off']) }), {}, { prefix: 'consent' }),
    ).toEqual(['consent.status is missing']);
    expect(problems(z.string().min(1), '', { prefix: 'tap' })).toEqual(['tap must not be empty']);
  });

  it('never lets zod’s phrases through for the usual mistakes', () => {
    const all = problems(
      body,
      { text: 5, tags: 'x', kind: 1, choice: [] },
      { subject: 'the body' },
    );
    expect(all.length).toBeGreaterThan(0);
    for (const problem of all) {
      expect(problem).not.toMatch(/Invalid input|expected \w+, received|Too (small|big)|>=|<=/);
    }
  });
});
