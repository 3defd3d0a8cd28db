/**
 * Validation problems in plain words, for the people who read them (testers, integrators):
 * `choice.id must not be empty`, `steps is missing`, `type must be "text", "buttons" or "list"`
 * instead of zod's "Too small: expected string to have >=1 characters". A schema's own message
 * always wins; these words fill in for the ones it leaves to zod.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/**
 * The error map to parse with: `schema.safeParse(input, { error: plainWords })`. Each message
 * is what follows the field's name ("is missing", "must be a list").
 */
export const plainWords: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is missing' : `must be ${kindOf(issue.expected)}`;
    case 'too_small':
      return `must ${limit('at least', issue.minimum, issue.origin)}`;
    case 'too_big':
      return `must ${limit('at most', issue.maximum, issue.origin)}`;
    case 'invalid_value':
      if (issue.input === undefined) return 'is missing';
      return `must be ${orList(issue.values.map((v) => JSON.stringify(v)))}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'an unknown field' : 'unknown fields'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_format':
      return `is not a valid ${issue.format === 'url' ? 'URL' : issue.format}`;
    case 'invalid_union':
      return unionWords(issue);
    default:
      return undefined;
  }
};

/**
 * Each issue as one line led by the field it is about (`session[2].tap must be text`). `subject`
 * names the value itself for an issue about the whole of it (`the body must be an object`);
 * `prefix` starts every path (`consent` → `consent.status`). A message that already starts with
 * the field's name (a schema's own, "phone is required") is not given it twice.
 * @example describeIssues(parsed.error.issues, { subject: 'the body' })
 */
export function describeIssues(
  issues: readonly Issue[],
  { subject = 'the value', prefix }: { subject?: string; prefix?: string } = {},
): string[] {
  return issues.map((issue) => {
    const path = formatPath([...(prefix === undefined ? [] : [prefix]), ...issue.path]);
    const field = path || subject;
    const last = String(issue.path.at(-1) ?? prefix ?? '');
    const named = [field, last].some((name) => name && startsWithWord(issue.message, name));
    return named ? issue.message : `${field} ${issue.message}`;
  });
}

/** `['session', 2, 'tap']` → `session[2].tap`; the empty path is the empty string. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

function startsWithWord(message: string, word: string): boolean {
  return message === word || message.startsWith(`${word} `) || message.startsWith(`${word}:`);
}

const KINDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  literal: 'a fixed value',
  null: 'null',
};

function kindOf(expected: string): string {
  return KINDS[expected] ?? expected;
}

function limit(bound: string, count: number | bigint, origin: string): string {
  const n = Number(count);
  if ((origin === 'string' || origin === 'array') && bound === 'at least' && n === 1) {
    return 'not be empty';
  }
  if (origin === 'string') return `be ${bound} ${n} character${n === 1 ? '' : 's'} long`;
  if (origin === 'array' || origin === 'set') return `have ${bound} ${n} item${n === 1 ? '' : 's'}`;
  return `be ${bound} ${n}`;
}

function orList(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? 'nothing')
    : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** "must be text or a number" when only the type was wrong; otherwise a general sentence. */
function unionWords(issue: Extract<RawIssue, { code: 'invalid_union' }>): string {
  // A discriminated union reports at its discriminator ("type"), whose value no option takes.
  if ('discriminator' in issue) return 'is not one of the accepted values';
  const expected = issue.errors.map((option) =>
    option.length === 1 && option[0]?.code === 'invalid_type' && option[0].path.length === 0
      ? option[0].expected
      : undefined,
  );
  if (expected.length > 0 && expected.every((e) => e !== undefined)) {
    return `must be ${orList(expected.map(kindOf))}`;
  }
  return 'does not have any of the accepted forms';
}
